#!/usr/bin/env node
/**
 * Deterministic generator of realistic RudderStack / Segment events.
 *
 * Run as a script, it (re)writes the demo inputs byte-identically:
 *   fixtures/events/sample.jsonl           10,000 good events + a few deliberately bad ones
 *   fixtures/events/sample.expected.json   which lines are bad and the error code each must get
 *   fixtures/events/settings.us.json / settings.eu.json
 *
 * Imported, it gives `generateEvents({ count, seed, mix })`, an iterator the benchmarks use to
 * stream any number of events without holding them in memory.
 *
 * Determinism: a seeded PRNG (mulberry32), no Math.random, no Date.now, fixed base time. Field
 * types never vary between users (Iterable fixes a field's type on first write and rejects a
 * whole bulk request that disagrees), so every good event is one Iterable accepts.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEFAULT_SEED = 20250115;
/** 2025-01-15T09:00:00.000Z: events start here and move forward a few seconds each. */
const BASE_TIME_MS = 1736931600000;

/**
 * The sample's mix (weights, normalised when drawn; they add up to 100). Alias events are placed
 * separately. `formSignup` and `audience` are the list workflows of docs/workflows.md; they need
 * the list settings of SAMPLE_SETTINGS, so the benchmark mix leaves them out.
 */
export const SAMPLE_MIX = {
  identify: 27,
  track: 27,
  page: 12,
  screen: 7,
  orderCompleted: 5,
  productAdded: 6,
  productRemoved: 3,
  formSignup: 5,
  audience: 8,
};

/** The benchmark mix of the brief: 40% identify, 40% track, 10% page, 5% screen, 5% Order Completed. */
export const BENCH_MIX = { identify: 40, track: 40, page: 10, screen: 5, orderCompleted: 5 };

export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST_NAMES = ['Ada', 'Bruno', 'Chloe', 'Dmitri', 'Elena', 'Farah', 'Goran', 'Hana', 'Ivan', 'Jules', 'Kenji', 'Lena', 'Mateo', 'Nora', 'Omar', 'Priya', 'Quinn', 'Rosa', 'Sven', 'Tara', 'Umar', 'Vera', 'Wei', 'Yara', 'Zoe'];
const LAST_NAMES = ['Adams', 'Berg', 'Costa', 'Dubois', 'Eriksen', 'Fischer', 'Garcia', 'Haas', 'Ito', 'Jensen', 'Kowalski', 'Lopez', 'Moreau', 'Nakamura', 'Okafor', 'Petrov', 'Rossi', 'Silva', 'Tanaka', 'Weber'];
const PLACES = [
  { city: 'Berlin', country: 'Germany', countryCode: 'DE' },
  { city: 'Lisbon', country: 'Portugal', countryCode: 'PT' },
  { city: 'Austin', country: 'United States', countryCode: 'US' },
  { city: 'Toronto', country: 'Canada', countryCode: 'CA' },
  { city: 'Osaka', country: 'Japan', countryCode: 'JP' },
  { city: 'Lagos', country: 'Nigeria', countryCode: 'NG' },
  { city: 'Lyon', country: 'France', countryCode: 'FR' },
];
const PLANS = ['free', 'starter', 'pro', 'enterprise'];
const PAGES = [
  { name: 'Home', category: 'Marketing', path: '/' },
  { name: 'Pricing', category: 'Marketing', path: '/pricing' },
  { name: 'Docs', category: 'Content', path: '/docs' },
  { name: 'Blog', category: 'Content', path: '/blog' },
  { name: 'Checkout', category: 'Shop', path: '/checkout' },
  { name: 'Account', category: 'Product', path: '/account' },
];
const SCREENS = ['Home', 'Feed', 'Search', 'Cart', 'Product Detail', 'Settings'];
const PRODUCTS = [
  { product_id: 'p-1001', sku: 'TSH-BLK-M', name: 'Black T-Shirt', price: 19.99, category: 'Apparel' },
  { product_id: 'p-1002', sku: 'MUG-WHT', name: 'White Mug', price: 9.5, category: 'Kitchen' },
  { product_id: 'p-1003', sku: 'BAG-CNV', name: 'Canvas Bag', price: 24, category: 'Accessories' },
  { product_id: 'p-1004', sku: 'HDP-WRL', name: 'Wireless Headphones', price: 129, category: 'Electronics, Audio' },
  { product_id: 'p-1005', sku: 'NTB-A5', name: 'A5 Notebook', price: 6.75, category: 'Stationery' },
  { product_id: 'p-1006', sku: 'BTL-STL', name: 'Steel Bottle', price: 29.9, category: 'Kitchen' },
];
const APPS = [
  { namespace: 'com.example.shop', name: 'Example Shop', version: '4.2.0' },
  { namespace: 'com.example.reader', name: 'Example Reader', version: '1.9.3' },
];
const USER_AGENTS = [
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
  'Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0',
];
/**
 * The lists of the sample's Iterable project. The form list is named by each sign-up event
 * (`integrations.Iterable.listIds`), not by a global `listId`, which every identify would join.
 */
export const FORM_LIST_ID = 4100;
export const AUDIENCE_LISTS = { 'lapsed-buyers': 4201, vip: 4202, newsletter: 4203 };
/** An audience exit is drawn only for a membership at least this many events old (see audienceChange). */
const AUDIENCE_EXIT_MIN_AGE = 3000;
const SIGNUP_PAGES = ['https://www.example.com/', 'https://www.example.com/blog', 'https://www.example.com/pricing'];
const TRACKS = ['Signed Up', 'Video Played', 'Article Read', 'Button Clicked', 'Search Performed', 'Subscription Renewed'];

/** One generator of everything random; all draws go through it, in a fixed order. */
class Draw {
  constructor(seed) {
    this.next = mulberry32(seed);
  }
  int(min, max) {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick(list) {
    return list[Math.floor(this.next() * list.length)];
  }
  chance(p) {
    return this.next() < p;
  }
  hex(length) {
    let out = '';
    for (let i = 0; i < length; i += 1) out += '0123456789abcdef'[Math.floor(this.next() * 16)];
    return out;
  }
  uuid() {
    const h = this.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
  money(min, max) {
    return Math.round((min + this.next() * (max - min)) * 100) / 100;
  }
  weighted(weights) {
    const entries = Object.entries(weights);
    const total = entries.reduce((sum, [, w]) => sum + w, 0);
    let roll = this.next() * total;
    for (const [key, w] of entries) {
      roll -= w;
      if (roll < 0) return key;
    }
    return entries[entries.length - 1][0];
  }
}

/** The user with number `n`: the same n always gives the same person (email ↔ userId never change). */
function userAt(n, prefix = 'u') {
  const first = FIRST_NAMES[n % FIRST_NAMES.length];
  const last = LAST_NAMES[Math.floor(n / FIRST_NAMES.length) % LAST_NAMES.length];
  const place = PLACES[n % PLACES.length];
  const id = `${prefix}${String(n).padStart(6, '0')}`;
  return {
    userId: id,
    email: `${first}.${last}.${id}@example.com`.toLowerCase(),
    firstName: first,
    lastName: last,
    place,
    plan: PLANS[n % PLANS.length],
    age: 18 + (n % 60),
  };
}

/** Event skeleton: ids, times and the context every event carries. */
function base(d, clock, type, user) {
  clock.ms += d.int(1, 9) * 1000 + d.int(0, 999);
  const timestamp = new Date(clock.ms).toISOString();
  const event = {
    type,
    messageId: d.uuid(),
    anonymousId: d.uuid(),
    userId: user.userId,
    timestamp,
    originalTimestamp: new Date(clock.ms - d.int(50, 900)).toISOString(),
    sentAt: new Date(clock.ms + d.int(10, 300)).toISOString(),
    channel: 'web',
    context: {
      traits: { email: user.email },
      locale: 'en-US',
      userAgent: d.pick(USER_AGENTS),
    },
  };
  return event;
}

function identify(d, clock, user) {
  const event = base(d, clock, 'identify', user);
  event.traits = {
    email: user.email,
    firstName: user.firstName,
    lastName: user.lastName,
    plan: user.plan,
    age: user.age,
    newsletter: d.chance(0.5),
    address: { city: user.place.city, country: user.place.country },
  };
  const roll = d.next();
  if (roll < 0.15) {
    // A mobile identify with a push token (registerDeviceToken).
    const ios = d.chance(0.5);
    const app = d.pick(APPS);
    event.channel = 'mobile';
    event.context.app = { ...app, build: String(d.int(100, 999)) };
    event.context.device = ios
      ? { type: 'ios', model: 'iPhone15,2', manufacturer: 'Apple', token: d.hex(64) }
      : { type: 'android', model: 'Pixel 8', manufacturer: 'Google', token: `${d.hex(22)}:APA91b${d.hex(120)}` };
    event.context.os = { name: ios ? 'iOS' : 'Android', version: ios ? '17.5' : '14' };
  } else if (roll < 0.25) {
    // A web identify with a browser push token (registerBrowserToken).
    event.context.os = { name: 'Mac OS X', version: '14.5', token: `https://fcm.googleapis.com/fcm/send/${d.hex(40)}` };
  }
  return event;
}

function trackProperties(d, name) {
  switch (name) {
    case 'Signed Up':
      return { method: d.pick(['email', 'google', 'apple']), referrer: d.pick(['ads', 'friend', 'search']) };
    case 'Video Played':
      return { video_id: `v-${d.int(100, 999)}`, title: d.pick(['Getting started', 'Tips & tricks', 'Release notes']), duration_s: d.int(60, 900), position_s: d.int(0, 59) };
    case 'Article Read':
      return { article_id: `a-${d.int(1000, 9999)}`, section: d.pick(['news', 'guides', 'stories']), words: d.int(300, 3000) };
    case 'Button Clicked':
      return { button: d.pick(['buy', 'subscribe', 'share', 'download']), location: d.pick(['header', 'footer', 'sidebar']) };
    case 'Search Performed':
      return { query: d.pick(['mug', 'bag', 'headphones', 'notebook', 'gift ideas']), results: d.int(0, 120) };
    default:
      return { plan: d.pick(PLANS), amount: d.money(5, 99), currency: 'USD' };
  }
}

function track(d, clock, user) {
  const name = d.pick(TRACKS);
  const event = base(d, clock, 'track', user);
  event.event = name;
  event.properties = trackProperties(d, name);
  return event;
}

function page(d, clock, user) {
  const p = d.pick(PAGES);
  const event = base(d, clock, 'page', user);
  event.name = p.name;
  event.category = p.category;
  event.properties = { path: p.path, url: `https://www.example.com${p.path}`, title: `${p.name} | Example`, referrer: d.pick(['https://www.google.com/', 'https://news.example.org/', '']) };
  return event;
}

function screen(d, clock, user) {
  const name = d.pick(SCREENS);
  const app = d.pick(APPS);
  const event = base(d, clock, 'screen', user);
  event.channel = 'mobile';
  event.name = name;
  event.properties = { screen_name: name, app_version: app.version };
  event.context.app = app;
  return event;
}

function productLine(d) {
  const p = d.pick(PRODUCTS);
  return { ...p, quantity: d.int(1, 3), url: `https://www.example.com/p/${p.product_id}`, image_url: `https://cdn.example.com/${p.sku}.jpg` };
}

function orderCompleted(d, clock, user) {
  const event = base(d, clock, 'track', user);
  const products = Array.from({ length: d.int(1, 3) }, () => productLine(d));
  const subtotal = products.reduce((sum, p) => sum + p.price * p.quantity, 0);
  const shipping = d.pick([0, 4.99, 9.99]);
  const tax = Math.round(subtotal * 0.08 * 100) / 100;
  event.event = 'Order Completed';
  event.traits = { email: user.email, firstName: user.firstName };
  event.properties = {
    order_id: `ord-${d.hex(10)}`,
    total: Math.round((subtotal + shipping + tax) * 100) / 100,
    revenue: Math.round(subtotal * 100) / 100,
    shipping,
    tax,
    currency: 'USD',
    products,
  };
  return event;
}

function cartChange(d, clock, user, name) {
  const event = base(d, clock, 'track', user);
  event.event = name;
  event.traits = { email: user.email, firstName: user.firstName };
  event.properties = { cart_id: `cart-${user.userId}`, ...productLine(d), quantity: 1 };
  return event;
}

/**
 * A sign-up form (Claspo-style widget) sends an identify with the visitor's email and the form's
 * own fields; the settings' `fieldMapping` turns `traits.form.*` and the page URL into Iterable
 * fields, and the event names the form's list itself.
 */
function formSignup(d, clock, user) {
  const event = base(d, clock, 'identify', user);
  event.traits = { email: user.email, form: { first_name: user.firstName, consent: d.chance(0.8) } };
  event.context.page = { url: d.pick(SIGNUP_PAGES) };
  event.integrations = { Iterable: { listIds: [FORM_LIST_ID] } };
  return event;
}

/** Audience state of one generated stream: who is in which audience, and when each membership last changed. */
function audienceBook() {
  return { members: new Map(), lastChange: new Map(), queue: [] };
}

/**
 * An audience tool's enter / exit track (mParticle-style). A membership (user, audience) changes
 * at most once every AUDIENCE_EXIT_MIN_AGE events, and exits are drawn only for members, oldest
 * first. So every unsubscribe removes someone who really joined, and no subscribe / unsubscribe
 * pair of one membership is close enough to share a flush of the client, which sends a flush's
 * subscribes and unsubscribes side by side. When every audience of the user changed too recently,
 * the event is an ordinary track instead.
 */
function audienceChange(d, clock, user, sample) {
  const { members, lastChange, queue } = sample.audiences;
  const settled = (id) => !(lastChange.get(id) > sample.index - AUDIENCE_EXIT_MIN_AGE);
  const exiting = d.chance(0.4) ? oldestExit(sample) : undefined;
  let audienceKey;
  if (exiting) {
    members.delete(exiting.id);
    lastChange.set(exiting.id, sample.index);
    user = exiting.user;
    audienceKey = exiting.audienceKey;
  } else {
    const open = Object.keys(AUDIENCE_LISTS).filter((key) => settled(`${user.userId}|${key}`));
    if (open.length === 0) return track(d, clock, user);
    audienceKey = d.pick(open);
    const id = `${user.userId}|${audienceKey}`;
    members.set(id, sample.index);
    lastChange.set(id, sample.index);
    queue.push({ id, user, audienceKey, since: sample.index });
  }
  const event = base(d, clock, 'track', user);
  event.event = exiting ? 'Audience Exited' : 'Audience Entered';
  event.properties = { audience_key: audienceKey, audience_name: audienceKey.replace('-', ' ') };
  return event;
}

/** The oldest membership old enough to end, or undefined. */
function oldestExit(sample) {
  const { members, queue } = sample.audiences;
  while (queue.length > 0 && members.get(queue[0].id) !== queue[0].since) queue.shift(); // ended or renewed since
  const first = queue[0];
  if (!first || first.since > sample.index - AUDIENCE_EXIT_MIN_AGE) return undefined;
  queue.shift();
  return first;
}

const BUILDERS = {
  identify,
  track,
  page,
  screen,
  orderCompleted,
  productAdded: (d, clock, user) => cartChange(d, clock, user, 'Product Added'),
  productRemoved: (d, clock, user) => cartChange(d, clock, user, 'Product Removed'),
  formSignup,
  audience: audienceChange,
};

/**
 * Yields `count` good events drawn from `mix` for a pool of `users` people. Lazy: memory stays
 * flat however many events are asked for.
 */
export function* generateEvents({ count, seed = DEFAULT_SEED, mix = BENCH_MIX, users = 5000 } = {}) {
  const d = new Draw(seed);
  const clock = { ms: BASE_TIME_MS };
  const sample = { index: 0, audiences: audienceBook() };
  for (let i = 0; i < count; i += 1) {
    const kind = d.weighted(mix);
    sample.index = i;
    yield BUILDERS[kind](d, clock, userAt(d.int(0, users - 1)), sample);
  }
}

/**
 * Deliberately bad events and what the strict profile must answer for each. `code` is the error
 * code the event's outcome carries; `why` says what is wrong, for people reading the file.
 */
function badEvents(d, clock) {
  const someone = userAt(999_999, 'x');
  const withoutIdentity = base(d, clock, 'track', someone);
  delete withoutIdentity.userId;
  delete withoutIdentity.anonymousId;
  delete withoutIdentity.context.traits;
  withoutIdentity.event = 'Button Clicked';
  withoutIdentity.properties = { button: 'buy', location: 'header' };

  const identifyWithoutIdentity = base(d, clock, 'identify', someone);
  delete identifyWithoutIdentity.userId;
  delete identifyWithoutIdentity.anonymousId;
  delete identifyWithoutIdentity.context.traits;
  identifyWithoutIdentity.traits = { firstName: 'Nobody', plan: 'free' };

  const withoutType = base(d, clock, 'track', userAt(7));
  delete withoutType.type;
  withoutType.event = 'Button Clicked';

  const group = base(d, clock, 'group', userAt(8));
  group.groupId = 'acme-inc';
  group.traits = { name: 'Acme Inc', employees: 120 };

  const badPrice = orderCompleted(d, clock, userAt(9));
  badPrice.properties.products[0].price = 'nineteen ninety-nine';

  const badQuantity = cartChange(d, clock, userAt(10), 'Product Added');
  badQuantity.properties.quantity = 'two';

  const noTotal = orderCompleted(d, clock, userAt(11));
  delete noTotal.properties.total;

  const unnamedTrack = base(d, clock, 'track', userAt(12));
  unnamedTrack.properties = { button: 'share', location: 'footer' };

  const untrackedPage = base(d, clock, 'page', userAt(13));
  untrackedPage.properties = { path: '/unlisted', url: 'https://www.example.com/unlisted' };

  const numericType = base(d, clock, 'track', userAt(14));
  numericType.type = 42;
  numericType.event = 'Button Clicked';

  const unknownAudience = base(d, clock, 'track', userAt(15));
  unknownAudience.event = 'Audience Entered';
  unknownAudience.properties = { audience_key: 'churn-risk', audience_name: 'churn risk' };

  return [
    { event: withoutIdentity, code: 'MISSING_IDENTITY', why: 'a track with no userId, anonymousId or email' },
    { event: identifyWithoutIdentity, code: 'MISSING_IDENTITY', why: 'an identify with traits but no userId, anonymousId or email' },
    { event: withoutType, code: 'MISSING_TYPE', why: 'no "type" field' },
    { event: group, code: 'UNSUPPORTED_TYPE', why: 'type "group": Iterable has no mapping for it' },
    { event: badPrice, code: 'INVALID_FIELD', why: 'Order Completed whose first product has price "nineteen ninety-nine"' },
    { event: badQuantity, code: 'INVALID_FIELD', why: 'Product Added with quantity "two"' },
    { event: noTotal, code: 'MISSING_FIELD', why: 'Order Completed without properties.total' },
    { event: unnamedTrack, code: 'MISSING_FIELD', why: 'a track without an event name (Iterable requires eventName)' },
    { event: untrackedPage, code: 'PAGE_NOT_TRACKED', why: 'a page with neither name nor category while trackAllPages is off' },
    { event: numericType, code: 'INVALID_EVENT', why: 'type is the number 42' },
    { event: ['not', 'an', 'event'], code: 'INVALID_EVENT', why: 'a JSON array instead of an event object' },
    { event: unknownAudience, code: 'UNKNOWN_AUDIENCE', why: 'an audience track whose audience_key "churn-risk" has no list in audienceLists' },
  ];
}

/**
 * The demo sample: `goodCount` events of SAMPLE_MIX, plus email changes (alias) of users who are
 * identified early and changed late (so the old email exists when the change arrives), plus the
 * bad events spread evenly. Returns the lines and the expectations.
 */
export function buildSample({ goodCount = 10_000, seed = DEFAULT_SEED, movers = 40 } = {}) {
  const d = new Draw(seed);
  const clock = { ms: BASE_TIME_MS };
  const moverAt = new Map();
  for (let m = 0; m < movers; m += 1) {
    moverAt.set(20 + m * 12, { kind: 'identify', m });
    moverAt.set(goodCount - 40 - m * 12, { kind: 'alias', m });
  }
  const good = [];
  const sample = { index: 0, audiences: audienceBook() };
  for (let i = 0; i < goodCount; i += 1) {
    sample.index = i;
    const mover = moverAt.get(i);
    if (mover) {
      const user = userAt(mover.m, 'm');
      if (mover.kind === 'identify') {
        good.push(identify(d, clock, user));
      } else {
        const alias = base(d, clock, 'alias', user);
        delete alias.context.traits;
        alias.previousId = user.email;
        alias.userId = user.email.replace('@example.com', '@example.net');
        good.push(alias);
      }
      continue;
    }
    good.push(BUILDERS[d.weighted(SAMPLE_MIX)](d, clock, userAt(d.int(0, 2499)), sample));
  }
  const bad = badEvents(d, clock);
  const lines = [];
  const expectedBad = [];
  const spacing = Math.floor(goodCount / (bad.length + 1));
  let nextBad = 0;
  for (let i = 0; i < good.length; i += 1) {
    if (nextBad < bad.length && i === spacing * (nextBad + 1)) {
      const { event, code, why } = bad[nextBad];
      expectedBad.push({ index: lines.length, code, why });
      lines.push(JSON.stringify(event));
      nextBad += 1;
    }
    lines.push(JSON.stringify(good[i]));
  }
  const byType = {};
  const named = ['Order Completed', 'Product Added', 'Product Removed', 'Audience Entered', 'Audience Exited'];
  for (const event of good) {
    const name = event.type === 'track' && named.includes(event.event) ? `track: ${event.event}` : event.integrations ? `${event.type}: form sign-up` : event.type;
    byType[name] = (byType[name] ?? 0) + 1;
  }
  const expected = {
    description: 'Expectations of sample.jsonl (generated by scripts/generate-events.mjs; do not edit by hand). Every line not listed in "bad" must be delivered; each bad line must be rejected with its code (strict profile).',
    seed,
    events: lines.length,
    good: good.length,
    goodByType: Object.fromEntries(Object.entries(byType).sort(([a], [b]) => a.localeCompare(b))),
    bad: expectedBad,
  };
  return { lines, expected };
}

/**
 * The list settings of the sample's workflows. No global `listId` (every identify would join it):
 * sign-ups name the form list per event. No `staticFields`: they go on every user, and a marker
 * such as "signed up by form" would be wrong for everyone else. The mapped fields are new fields
 * of fixed types (string, boolean, string), so no other identify changes a field's type.
 */
const LIST_SETTINGS = {
  audienceLists: AUDIENCE_LISTS,
  fieldMapping: [
    { from: 'traits.form.first_name', to: 'firstName' },
    { from: 'traits.form.consent', to: 'newsletterConsent' },
    { from: 'context.page.url', to: 'signupPage' },
  ],
};

export const SAMPLE_SETTINGS = {
  us: { apiKey: 'placeholder-api-key', dataCenter: 'USDC', registerDeviceOrBrowserApiKey: 'placeholder-token-key', ...LIST_SETTINGS },
  eu: { apiKey: 'placeholder-api-key', dataCenter: 'EUDC', registerDeviceOrBrowserApiKey: 'placeholder-token-key', ...LIST_SETTINGS },
};

function writeSample(outDir) {
  mkdirSync(outDir, { recursive: true });
  const { lines, expected } = buildSample();
  writeFileSync(join(outDir, 'sample.jsonl'), `${lines.join('\n')}\n`);
  writeFileSync(join(outDir, 'sample.expected.json'), `${JSON.stringify(expected, null, 2)}\n`);
  writeFileSync(join(outDir, 'settings.us.json'), `${JSON.stringify(SAMPLE_SETTINGS.us, null, 2)}\n`);
  writeFileSync(join(outDir, 'settings.eu.json'), `${JSON.stringify(SAMPLE_SETTINGS.eu, null, 2)}\n`);
  return { events: lines.length, bad: expected.bad.length };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const outDir = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'events');
  const { events, bad } = writeSample(outDir);
  process.stdout.write(`wrote ${events} events (${bad} deliberately bad) to ${outDir}\n`);
}
