/**
 * The demo's sample: 10,000 good events of every kind, email changes (alias) of users identified
 * early, and a few deliberately bad events with the error code each must get, plus the settings
 * of the sample's Iterable project. Built in memory from a seed, so the package ships no event
 * files and one seed always gives the same sample, byte for byte.
 */
import { audienceBook, base, BUILDERS, cartChange, DEFAULT_SEED, BASE_TIME_MS, identify, orderCompleted, SAMPLE_MIX, type Clock, type SampleEvent, type SampleState } from './builders.js';
import { AUDIENCE_LISTS, userAt } from './people.js';
import { Draw } from './random.js';

interface BadEvent {
  event: unknown;
  code: string;
  why: string;
}

/** One deliberately bad line of the sample: its 0-based index, the code it must get and why. */
export interface ExpectedBad {
  index: number;
  code: string;
  why: string;
}

/** What the sample must give: how many events, of which kinds, and which lines are bad. */
export interface SampleExpectations {
  description: string;
  seed: number;
  events: number;
  good: number;
  goodByType: Record<string, number>;
  bad: ExpectedBad[];
}

export interface Sample {
  /** One JSON text per event, in order. */
  lines: string[];
  expected: SampleExpectations;
}

/**
 * Deliberately bad events and what the strict profile must answer for each. `code` is the error
 * code the event's outcome carries; `why` says what is wrong, for people reading the file.
 */
function badEvents(d: Draw, clock: Clock): BadEvent[] {
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
export function buildSample({ goodCount = 10_000, seed = DEFAULT_SEED, movers = 40 }: { goodCount?: number; seed?: number; movers?: number } = {}): Sample {
  const d = new Draw(seed);
  const clock = { ms: BASE_TIME_MS };
  const moverAt = new Map<number, { kind: 'identify' | 'alias'; m: number }>();
  for (let m = 0; m < movers; m += 1) {
    moverAt.set(20 + m * 12, { kind: 'identify', m });
    moverAt.set(goodCount - 40 - m * 12, { kind: 'alias', m });
  }
  const good: SampleEvent[] = [];
  const sample: SampleState = { index: 0, audiences: audienceBook() };
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
  const lines: string[] = [];
  const expectedBad: ExpectedBad[] = [];
  const spacing = Math.floor(goodCount / (bad.length + 1));
  let nextBad = 0;
  for (let i = 0; i < good.length; i += 1) {
    if (nextBad < bad.length && i === spacing * (nextBad + 1)) {
      const { event, code, why } = bad[nextBad] as BadEvent;
      expectedBad.push({ index: lines.length, code, why });
      lines.push(JSON.stringify(event));
      nextBad += 1;
    }
    lines.push(JSON.stringify(good[i]));
  }
  const byType: Record<string, number> = {};
  const named = ['Order Completed', 'Product Added', 'Product Removed', 'Audience Entered', 'Audience Exited'];
  for (const event of good) {
    const name = event.type === 'track' && named.includes(event.event) ? `track: ${event.event}` : event.integrations ? `${event.type}: form sign-up` : event.type;
    byType[name] = (byType[name] ?? 0) + 1;
  }
  const expected = {
    description: 'Expectations of sample.jsonl (generated from the seed by the package\'s sample generator; do not edit by hand). Every line not listed in "bad" must be delivered; each bad line must be rejected with its code (strict profile).',
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
