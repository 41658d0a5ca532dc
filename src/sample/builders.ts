/**
 * Builders of realistic RudderStack / Segment events, one per kind, and `generateEvents`, a lazy
 * stream of them. Field types never vary between users (Iterable fixes a field's type on first
 * write and rejects a whole bulk request that disagrees), so every event built here is one
 * Iterable accepts.
 */
import { APPS, AUDIENCE_LISTS, FORM_LIST_ID, PAGES, PLANS, PRODUCTS, SCREENS, SIGNUP_PAGES, TRACKS, USER_AGENTS, userAt, type Person } from './people.js';
import { Draw } from './random.js';

/** A generated event: plain JSON, built up field by field, so its shape is left open. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type SampleEvent = Record<string, any>;

/** The moving time of one stream: every event is a few seconds after the previous one. */
export interface Clock {
  ms: number;
}

export type EventKind = 'identify' | 'track' | 'page' | 'screen' | 'orderCompleted' | 'productAdded' | 'productRemoved' | 'formSignup' | 'audience';
export type EventMix = Partial<Record<EventKind, number>>;

interface Membership {
  id: string;
  user: Person;
  audienceKey: string;
  since: number;
}

interface AudienceBook {
  /** membership id (`userId|audienceKey`) → index of the event that began it */
  members: Map<string, number>;
  lastChange: Map<string, number>;
  queue: Membership[];
}

/** What a stream remembers between events: where it is and who is in which audience. */
export interface SampleState {
  index: number;
  audiences: AudienceBook;
}

type Builder = (d: Draw, clock: Clock, user: Person, sample: SampleState) => SampleEvent;

export const DEFAULT_SEED = 20250115;
/** 2025-01-15T09:00:00.000Z: events start here and move forward a few seconds each. */
export const BASE_TIME_MS = 1736931600000;
/** An audience exit is drawn only for a membership at least this many events old (see audienceChange). */
const AUDIENCE_EXIT_MIN_AGE = 3000;

/**
 * The sample's mix (weights, normalised when drawn; they add up to 100). Alias events are placed
 * separately. `formSignup` and `audience` are the list workflows; they need the list settings of
 * SAMPLE_SETTINGS, so the benchmark mix leaves them out.
 */
export const SAMPLE_MIX: Readonly<Record<EventKind, number>> = {
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

/** The benchmark mix: 40% identify, 40% track, 10% page, 5% screen, 5% Order Completed. */
export const BENCH_MIX: EventMix = { identify: 40, track: 40, page: 10, screen: 5, orderCompleted: 5 };

/** Event skeleton: ids, times and the context every event carries. */
export function base(d: Draw, clock: Clock, type: string, user: Person): SampleEvent {
  clock.ms += d.int(1, 9) * 1000 + d.int(0, 999);
  const timestamp = new Date(clock.ms).toISOString();
  const event: SampleEvent = {
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

export function identify(d: Draw, clock: Clock, user: Person): SampleEvent {
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

function trackProperties(d: Draw, name: string): Record<string, unknown> {
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

function track(d: Draw, clock: Clock, user: Person): SampleEvent {
  const name = d.pick(TRACKS);
  const event = base(d, clock, 'track', user);
  event.event = name;
  event.properties = trackProperties(d, name);
  return event;
}

function page(d: Draw, clock: Clock, user: Person): SampleEvent {
  const p = d.pick(PAGES);
  const event = base(d, clock, 'page', user);
  event.name = p.name;
  event.category = p.category;
  event.properties = { path: p.path, url: `https://www.example.com${p.path}`, title: `${p.name} | Example`, referrer: d.pick(['https://www.google.com/', 'https://news.example.org/', '']) };
  return event;
}

function screen(d: Draw, clock: Clock, user: Person): SampleEvent {
  const name = d.pick(SCREENS);
  const app = d.pick(APPS);
  const event = base(d, clock, 'screen', user);
  event.channel = 'mobile';
  event.name = name;
  event.properties = { screen_name: name, app_version: app.version };
  event.context.app = app;
  return event;
}

function productLine(d: Draw): Record<string, string | number> & (typeof PRODUCTS)[number] {
  const p = d.pick(PRODUCTS);
  return { ...p, quantity: d.int(1, 3), url: `https://www.example.com/p/${p.product_id}`, image_url: `https://cdn.example.com/${p.sku}.jpg` };
}

export function orderCompleted(d: Draw, clock: Clock, user: Person): SampleEvent {
  const event = base(d, clock, 'track', user);
  const products = Array.from({ length: d.int(1, 3) }, () => productLine(d));
  const subtotal = products.reduce((sum, p) => sum + p.price * Number(p.quantity), 0);
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

export function cartChange(d: Draw, clock: Clock, user: Person, name: string): SampleEvent {
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
function formSignup(d: Draw, clock: Clock, user: Person): SampleEvent {
  const event = base(d, clock, 'identify', user);
  event.traits = { email: user.email, form: { first_name: user.firstName, consent: d.chance(0.8) } };
  event.context.page = { url: d.pick(SIGNUP_PAGES) };
  event.integrations = { Iterable: { listIds: [FORM_LIST_ID] } };
  return event;
}

/** Audience state of one generated stream: who is in which audience, and when each membership last changed. */
export function audienceBook(): AudienceBook {
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
function audienceChange(d: Draw, clock: Clock, user: Person, sample: SampleState): SampleEvent {
  const { members, lastChange, queue } = sample.audiences;
  const settled = (id: string): boolean => !((lastChange.get(id) ?? Number.NEGATIVE_INFINITY) > sample.index - AUDIENCE_EXIT_MIN_AGE);
  const exiting = d.chance(0.4) ? oldestExit(sample) : undefined;
  let audienceKey: string;
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
function oldestExit(sample: SampleState): Membership | undefined {
  const { members, queue } = sample.audiences;
  while (queue.length > 0 && members.get((queue[0] as Membership).id) !== (queue[0] as Membership).since) queue.shift(); // ended or renewed since
  const first = queue[0];
  if (!first || first.since > sample.index - AUDIENCE_EXIT_MIN_AGE) return undefined;
  queue.shift();
  return first;
}

export const BUILDERS: Readonly<Record<EventKind, Builder>> = {
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
export function* generateEvents({
  count,
  seed = DEFAULT_SEED,
  mix = BENCH_MIX,
  users = 5000,
}: {
  count: number;
  seed?: number;
  mix?: EventMix;
  users?: number;
}): Generator<SampleEvent> {
  const d = new Draw(seed);
  const clock = { ms: BASE_TIME_MS };
  const sample: SampleState = { index: 0, audiences: audienceBook() };
  for (let i = 0; i < count; i += 1) {
    const kind = d.weighted(mix as Record<EventKind, number>);
    sample.index = i;
    yield BUILDERS[kind](d, clock, userAt(d.int(0, users - 1)), sample);
  }
}
