/**
 * A compacted request carries each destination once; its settings are resolved (validated and
 * defaulted) once per destination in the map, not once per event.
 */
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('../src/settings.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../src/settings.js')>();
  return { ...original, resolveSettings: vi.fn(original.resolveSettings) };
});

const { resolveSettings } = await import('../src/settings.js');
const { processorRoute, routerRoute } = await import('../src/rudderstack/server-transform-routes.js');

const recorded = JSON.parse(readFileSync(new URL('../fixtures/rudderstack-compacted/two-destinations.json', import.meta.url), 'utf8')) as {
  processor: { full: unknown[]; compacted: { input: unknown[]; destinations: object } };
  router: { compacted: { input: unknown[]; destinations: object } };
};
const fresh = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/**
 * Resolved settings are also shared between requests by Config content, so each test gives its
 * destinations Configs no earlier request used (its own API keys): the count is then this request's.
 */
function withOwnConfigs<T extends { destinations: object }>(body: T, tag: string): T {
  for (const destination of Object.values(body.destinations) as Array<{ Config: Record<string, unknown> }>) {
    destination.Config.apiKey = `${String(destination.Config.apiKey)}-${tag}`;
  }
  return body;
}

describe('settings per destination', () => {
  beforeEach(() => vi.mocked(resolveSettings).mockClear());

  it('are resolved once per destination of the map on the processor route', async () => {
    const body = withOwnConfigs(fresh(recorded.processor.compacted), 'processor');
    expect(body.input.length).toBeGreaterThan(10);
    expect(Object.keys(body.destinations)).toHaveLength(2);
    expect((await processorRoute(body, true)).status).toBe(200);
    expect(resolveSettings).toHaveBeenCalledTimes(2);
  });

  it('are resolved once per destination of the map on the router route', () => {
    expect(routerRoute(withOwnConfigs(fresh(recorded.router.compacted), 'router'), true).status).toBe(200);
    expect(resolveSettings).toHaveBeenCalledTimes(2);
  });
});
