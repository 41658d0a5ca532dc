/** Where the files that go with an events file live. */

/** `x.jsonl` → `x.expected.json`: where the expectations of an events file live. */
export function expectationsFor(eventsFile: string): string {
  return eventsFile.replace(/\.jsonl?$/, '') + '.expected.json';
}
