import { describe, expect, it } from 'vitest';
import { firstEventProblem } from '../src/events/fast-check.js';
import { EventView } from '../src/transform/event-view.js';

/** Runs `body` with `key` set on Object.prototype, then removes it again. */
function withPrototypeField(key: string, value: unknown, body: () => void): void {
  Object.defineProperty(Object.prototype, key, { value, configurable: true, writable: true });
  try {
    body();
  } finally {
    delete (Object.prototype as Record<string, unknown>)[key];
  }
}

describe('EventView', () => {
  it('holds own fields, and context.traits', () => {
    const event = JSON.parse('{"type":"track","userId":"u","context":{"traits":{"email":"e"}},"properties":{}}');
    const view = new EventView(event);
    expect([view.type, view.userId, view.anonymousId, view.properties, view.contextTraits]).toEqual(['track', 'u', undefined, {}, { email: 'e' }]);
    expect(view.inherits).toBe(false);
  });

  it('never takes an inherited field, and says one may be inherited', () => {
    const view = new EventView(Object.create({ userId: 'inherited' }) as Record<string, unknown>);
    expect(view.userId).toBeUndefined();
    expect(view.inherits).toBe(true);
    const parsed = new EventView(JSON.parse('{"__proto__":{"userId":"x"},"type":"track"}'));
    expect(parsed.userId).toBeUndefined();
    expect(parsed.inherits).toBe(false);
  });

  it('with a polluted Object.prototype: own fields only, and the schema check still sees what zod sees', () => {
    withPrototypeField('userId', { not: 'an id' }, () => {
      const event = JSON.parse('{"type":"track","event":"e"}');
      const view = new EventView(event);
      expect(view.userId).toBeUndefined();
      expect(view.inherits).toBe(true);
      expect(firstEventProblem(event, 'track', view)).toEqual(firstEventProblem(event, 'track'));
      expect(firstEventProblem(event, 'track', view)).toEqual(['userId']);
    });
  });
});
