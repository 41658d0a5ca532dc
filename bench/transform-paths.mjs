/**
 * The inputs and the measured paths of the transform bench, shared by the timing rounds
 * (bench/transform.mjs) and the memory child (bench/transform-memory.mjs).
 *
 * Paths come in pairs with their floor, a bare JSON round trip of the same input:
 * - `jsonl-strict` / `jsonl-rudderstack`: JSON.parse a line, `transformWith`, JSON.stringify the
 *   calls; floor `jsonl-bare`: JSON.parse + JSON.stringify of the same lines.
 * - `processor` / `router`: `processorTransform` / `routerTransform` on parsed 100-event bodies
 *   where every event carries its own `destination.Config` object, as JSON.parse of an HTTP body
 *   gives them; floor `bodies-bare`: JSON.parse + JSON.stringify of the same body texts. The
 *   bodies are parsed afresh before each timed run (untimed), so no run profits from caches that
 *   hold on to the objects of an earlier one.
 */
import { BENCH_MIX, generateEvents } from '../scripts/generate-events.mjs';

export const BODY_EVENTS = 100;

/** A RudderStack Iterable destination Config as rudder-server sends it (every key present). */
export const RUDDERSTACK_CONFIG = {
  apiKey: 'placeholder-api-key',
  registerDeviceOrBrowserApiKey: 'placeholder-token-key',
  dataCenter: 'USDC',
  preferUserId: true,
  mergeNestedObjects: true,
  trackAllPages: false,
  trackCategorisedPages: true,
  trackNamedPages: true,
  mapToSingleEvent: false,
};

export function buildInputs({ events, bodyEvents }) {
  const lines = [...generateEvents({ count: events, mix: BENCH_MIX })].map((event) => JSON.stringify(event));
  const processorBodies = [];
  const routerBodies = [];
  const bodyLines = lines.slice(0, bodyEvents);
  for (let start = 0; start < bodyLines.length; start += BODY_EVENTS) {
    const input = bodyLines.slice(start, start + BODY_EVENTS).map((line, index) => ({
      message: JSON.parse(line),
      metadata: { jobId: start + index + 1, sourceId: 'src-1', destinationId: 'dest-1', workspaceId: 'ws-1', attemptNum: 0 },
      destination: { ID: 'dest-1', Name: 'iterable', Enabled: true, WorkspaceID: 'ws-1', Config: RUDDERSTACK_CONFIG },
    }));
    processorBodies.push(JSON.stringify(input));
    routerBodies.push(JSON.stringify({ input, destType: 'iterable' }));
  }
  return { lines, processorBodies, routerBodies };
}

/** How many slices each round is cut into: the paths take turns slice by slice (see transform.mjs). */
export const SLICES = 10;

function sliceOf(items, slice, slices) {
  const size = Math.ceil(items.length / slices);
  return items.slice(slice * size, (slice + 1) * size);
}

/**
 * Each path: `prepare(slice, slices)` (untimed) returns what `run(prepared)` (timed) works on, the
 * slice-th of `slices` parts of the input; `events` is how many events all slices hold. `run`
 * returns a number folded into a sink, so nothing is optimised away.
 */
export function buildPaths(dist, inputs) {
  const strict = dist.parseSettings({ apiKey: 'placeholder-api-key', registerDeviceOrBrowserApiKey: 'placeholder-token-key' });
  const rudderstack = dist.parseSettings({ ...RUDDERSTACK_CONFIG, profile: 'rudderstack' });
  const { lines, processorBodies, routerBodies } = inputs;
  const bodyEventCount = processorBodies.length * BODY_EVENTS;
  const linesOf = (slice, slices) => sliceOf(lines, slice, slices);
  const jsonl = (settings) => (part) => {
    let sink = 0;
    for (const line of part) {
      const result = dist.transformWith(JSON.parse(line), settings);
      sink += JSON.stringify(result.ok ? result.calls : result.error).length;
    }
    return sink;
  };
  const bare = (part) => {
    let sink = 0;
    for (const text of part) sink += JSON.stringify(JSON.parse(text)).length;
    return sink;
  };
  const parsed = (texts) => (slice, slices) => sliceOf(texts, slice, slices).map((text) => JSON.parse(text));
  return {
    'jsonl-bare': { floor: true, events: lines.length, prepare: linesOf, run: bare },
    'jsonl-strict': { floorOf: 'jsonl-bare', events: lines.length, prepare: linesOf, run: jsonl(strict) },
    'jsonl-rudderstack': { floorOf: 'jsonl-bare', events: lines.length, prepare: linesOf, run: jsonl(rudderstack) },
    'bodies-bare': { floor: true, events: bodyEventCount, prepare: (slice, slices) => sliceOf(processorBodies, slice, slices), run: bare },
    processor: {
      floorOf: 'bodies-bare',
      events: bodyEventCount,
      prepare: parsed(processorBodies),
      run: (bodies) => {
        let sink = 0;
        for (const body of bodies) sink += dist.processorTransform(body).length;
        return sink;
      },
    },
    router: {
      floorOf: 'bodies-bare',
      events: bodyEventCount,
      prepare: parsed(routerBodies),
      run: (bodies) => {
        let sink = 0;
        for (const body of bodies) sink += dist.routerTransform(body).output.length;
        return sink;
      },
    },
  };
}
