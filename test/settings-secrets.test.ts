/**
 * Settings errors name the key and the value, except for secrets: a wrongly typed API key is still
 * the API key, so only its type is shown.
 */
import { describe, expect, it } from 'vitest';
import { resolveSettings } from '../src/settings.js';
import { processorTransform } from '../src/rudderstack/index.js';

describe('settings errors never show a key', () => {
  const cases: Array<[string, unknown, string, string]> = [
    ['a numeric apiKey', { apiKey: 12345678 }, '12345678', 'Expected `apiKey` to be a string, got a number'],
    ['an apiKey in an array', { apiKey: ['sekret-key-123'] }, 'sekret-key-123', 'Expected `apiKey` to be a string, got an array'],
    ['a wrongly typed registration key', { apiKey: 'k', registerDeviceOrBrowserApiKey: ['sekret-token-456'] }, 'sekret-token-456', 'Expected `registerDeviceOrBrowserApiKey` to be a string, got an array'],
    ['the key passed instead of settings', 'sekret-string-789', 'sekret-string-789', 'Expected settings to be an object, got a string'],
  ];
  it.each(cases)('%s', (_name, input, secret, message) => {
    const result = resolveSettings(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.message).toBe(message);
    expect(JSON.stringify(result.error.toJSON())).not.toContain(secret);
  });

  it('still shows other values, and says "required" only when the key is missing', () => {
    const wrongType = resolveSettings({ apiKey: 'k', audienceEnteredEvent: 5 });
    expect(!wrongType.ok && wrongType.error.message).toBe('Expected `audienceEnteredEvent` to be a string, got `5`');
    const missing = resolveSettings({ dataCenter: 'EUDC' });
    expect(!missing.ok && missing.error.message).toBe('Expected `apiKey` to be a non-empty string (it is required), got undefined');
  });

  it('keeps the processor error entry free of the key too', () => {
    const [entry] = processorTransform([{ message: { type: 'identify', userId: 'u1' }, metadata: { jobId: 1 }, destination: { Config: { apiKey: 'k', listId: 'sekret-list-key' } } }]);
    expect(JSON.stringify(entry)).toContain('listId');
    const [keyed] = processorTransform([{ message: { type: 'identify', userId: 'u1' }, metadata: { jobId: 2 }, destination: 'sekret-destination-000' }]);
    expect(JSON.stringify(keyed)).not.toContain('sekret-destination-000');
  });
});
