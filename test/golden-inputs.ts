/**
 * The inputs of the golden test: 10,000 seeded events (the demo mix, plus the aliases and bad events
 * of the sample), a third of them mutated at random (a field deleted, or set to null, 0, "", false,
 * a number, a string, an object or an array), run through `transform` under several settings of both
 * profiles and through `processorTransform` / `routerTransform` in 100-event bodies where every event
 * carries its own parsed copy of `destination.Config`. `goldenRuns` returns, per run, the JSON text
 * of every output: what the golden digest is computed from.
 */
import { createHash } from 'node:crypto';
// @ts-expect-error the generator is a plain ESM script without type declarations
import { buildSample, generateEvents, mulberry32, SAMPLE_MIX, SAMPLE_SETTINGS } from '../scripts/generate-events.mjs';

export const GOLDEN_EVENTS = 10_000;
const SEED = 11_2026;

type Json = unknown;

/** Every leaf and object path of a JSON value, as segment lists (arrays included, by index). */
function pathsOf(value: Json, prefix: string[] = [], out: string[][] = []): string[][] {
  if (value === null || typeof value !== 'object') return out;
  for (const key of Object.keys(value)) {
    const path = [...prefix, key];
    out.push(path);
    pathsOf((value as Record<string, Json>)[key], path, out);
  }
  return out;
}

const REPLACEMENTS: Json[] = [null, 0, '', false, true, 42, -1.5, 'text', '12.5', 'Identify', {}, { a: 1 }, [], ['x', 2]];
/** Paths a mapping reads that the generated events may lack: mutating them reaches more branches. */
const EXTRA_PATHS = [
  'type', 'event', 'name', 'category', 'userId', 'anonymousId', 'messageId', 'timestamp', 'originalTimestamp', 'channel',
  'previousId', 'traits', 'traits.email', 'traits.userId', 'traits.id', 'traits.createdAt', 'context', 'context.traits',
  'context.traits.email', 'context.traits.userId', 'context.device', 'context.device.token', 'context.device.type',
  'context.os', 'context.os.token', 'context.mappedToDestination', 'context.externalId', 'properties',
  'properties.email', 'properties.total', 'properties.products', 'properties.order_id', 'properties.event_id',
  'properties.campaignId', 'properties.templateId', 'properties.name', 'properties.category', 'properties.price',
  'properties.quantity', 'properties.product_id', 'properties.audience_key', 'properties.list_id',
  'integrations', 'integrations.Iterable', 'integrations.Iterable.listIds', 'context.userAgent', 'context.locale',
].map((path) => path.split('.'));

function mutate(event: Json, random: () => number): Json {
  if (event === null || typeof event !== 'object' || Array.isArray(event)) return event;
  const copy = structuredClone(event) as Record<string, Json>;
  const candidates = [...pathsOf(copy), ...EXTRA_PATHS];
  const times = 1 + Math.floor(random() * 2);
  for (let t = 0; t < times; t += 1) {
    const path = candidates[Math.floor(random() * candidates.length)] as string[];
    let parent: Json = copy;
    for (const segment of path.slice(0, -1)) {
      if (parent === null || typeof parent !== 'object') break;
      const next: Json = (parent as Record<string, Json>)[segment];
      if (next === null || typeof next !== 'object') (parent as Record<string, Json>)[segment] = {};
      parent = (parent as Record<string, Json>)[segment];
    }
    if (parent === null || typeof parent !== 'object') continue;
    const last = path[path.length - 1] as string;
    if (random() < 0.25) delete (parent as Record<string, Json>)[last];
    else (parent as Record<string, Json>)[last] = structuredClone(REPLACEMENTS[Math.floor(random() * REPLACEMENTS.length)]);
  }
  return copy;
}

/** The 10,000 events, as JSON lines (what a pipeline would read). */
export function goldenLines(): string[] {
  const random = mulberry32(SEED);
  const sample = buildSample({ goodCount: 6_000, seed: SEED }).lines as string[];
  const more = [...generateEvents({ count: GOLDEN_EVENTS - sample.length, seed: SEED + 1, mix: SAMPLE_MIX })].map((event) =>
    JSON.stringify(event),
  );
  const lines = [...sample, ...more].slice(0, GOLDEN_EVENTS);
  return lines.map((line) => (random() < 1 / 3 ? JSON.stringify(mutate(JSON.parse(line), random)) : line));
}

const LIST = SAMPLE_SETTINGS.us as Record<string, unknown>;
/** Settings of the library API (`transform`): both profiles, with and without the extensions. */
export const GOLDEN_SETTINGS: Record<string, Record<string, unknown>> = {
  strict: { apiKey: 'k', registerDeviceOrBrowserApiKey: 't' },
  strictLists: { ...LIST, trackAllPages: true, mapToSingleEvent: false },
  strictFields: {
    apiKey: 'k',
    systemFields: true,
    staticFields: { source: 'golden', nested: { a: [1, 2] } },
    fieldMapping: [{ from: 'traits.plan', to: 'planName' }, { from: 'context.page.url', to: 'lastUrl' }],
    userIdPath: 'traits.userId',
    placeholderEmail: true,
    preferUserId: false,
  },
  strictUpdateOnly: { ...LIST, syncMode: 'updateOnly', anonymousIdFallback: false, mappedFieldsOnly: true, systemFields: true },
  rudderstack: { profile: 'rudderstack', apiKey: 'k', registerDeviceOrBrowserApiKey: 't', trackNamedPages: true, trackCategorisedPages: true },
  rudderstackAllPages: { profile: 'rudderstack', apiKey: 'k', dataCenter: 'EUDC', trackAllPages: true, mapToSingleEvent: false, preferUserId: null },
  rudderstackBare: { profile: 'rudderstack' },
  rudderstackLists: { ...LIST, profile: 'rudderstack', trackAllPages: true, systemFields: true },
};

/** RudderStack `destination.Config`s of processor and router bodies (a body uses one per event, by position). */
const CONFIGS: Array<Record<string, unknown>> = [
  { apiKey: 'k1', registerDeviceOrBrowserApiKey: 't1', dataCenter: 'USDC', trackNamedPages: true, trackCategorisedPages: true, mapToSingleEvent: true },
  { apiKey: 'k2', dataCenter: 'EUDC', trackAllPages: true, mapToSingleEvent: false },
  { registerDeviceOrBrowserApiKey: 't3', dataCenter: 'EUDC', trackAllPages: true, preferUserId: false, mergeNestedObjects: null },
];

interface TransformApi {
  transform(event: unknown, settings: unknown): unknown;
}
interface RudderStackApi {
  processorTransform(body: unknown): unknown;
  routerTransform(body: unknown): unknown;
}

/** JSON of a result with errors written as their public fields (Error objects stringify to {}). */
export function resultJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (item instanceof Error) {
      const error = item as Error & { code?: unknown; field?: unknown; statusCode?: unknown; retryable?: unknown };
      return { name: error.name, code: error.code, field: error.field, statusCode: error.statusCode, retryable: error.retryable, message: error.message };
    }
    return item;
  });
}

/** The body texts of the processor and router runs: 100 events each, Config by position. */
export function goldenBodies(lines: readonly string[]): { processor: string[]; router: string[] } {
  const processor: string[] = [];
  const router: string[] = [];
  for (let start = 0; start < lines.length; start += 100) {
    const chunk = lines.slice(start, start + 100);
    // Two bodies in three share one Config; the third mixes all of them (several router groups).
    const mixed = (start / 100) % 3 === 2;
    const events = chunk.map((line, index) => ({
      message: JSON.parse(line),
      metadata: { jobId: start + index + 1, userId: `u${index}`, workspaceId: 'w', destinationId: 'd' },
      destination: {
        ID: mixed ? `d${index % 3}` : 'd',
        Config: CONFIGS[mixed ? index % CONFIGS.length : (start / 100) % 2],
        Enabled: true,
        ...(mixed && index % 7 === 0 ? { hasDynamicConfig: false } : {}),
      },
    }));
    processor.push(JSON.stringify(events));
    router.push(JSON.stringify({ input: events, destType: 'iterable' }));
  }
  return { processor, router };
}

/** Per run name, the JSON text of each output, in input order. */
export function goldenRuns(api: TransformApi & RudderStackApi, lines: readonly string[]): Record<string, string[]> {
  const runs: Record<string, string[]> = {};
  for (const [name, settings] of Object.entries(GOLDEN_SETTINGS)) {
    runs[`transform.${name}`] = lines.map((line) => resultJson(api.transform(JSON.parse(line), settings)));
  }
  const bodies = goldenBodies(lines);
  runs.processorTransform = bodies.processor.map((body) => resultJson(api.processorTransform(JSON.parse(body))));
  runs.routerTransform = bodies.router.map((body) => resultJson(api.routerTransform(JSON.parse(body))));
  return runs;
}

export function sha256(texts: readonly string[]): string {
  const hash = createHash('sha256');
  for (const text of texts) hash.update(text).update('\n');
  return hash.digest('hex');
}
