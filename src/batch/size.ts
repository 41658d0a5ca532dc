/**
 * Byte accounting. Iterable's limit is on the UTF-8 bytes of the body it receives, so we measure
 * exactly the string we send (envelope and separators included), never an estimate.
 */

export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** `"key":value` pairs of a JSON object, in the given order (for envelopes assembled by hand). */
export function jsonMembers(fields: Readonly<Record<string, unknown>>): string[] {
  return Object.keys(fields).map((key) => `${JSON.stringify(key)}:${JSON.stringify(fields[key])}`);
}
