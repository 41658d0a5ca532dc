/**
 * The demo's judgement: does a run match what its sample says should happen? Each listed bad
 * event must be rejected with its code; every other event must be delivered. Pure.
 */
import type { OutcomeRecord } from './deliver.js';

export interface ExpectedBad {
  index: number;
  code: string;
  why?: string;
}

export interface Expectations {
  bad: ExpectedBad[];
}

export interface Verdict {
  ok: boolean;
  /** Bad events rejected with the expected code. */
  matched: Array<{ expected: ExpectedBad; got: OutcomeRecord }>;
  /** Bad events that were delivered, or rejected / failed with another code. */
  missed: Array<{ expected: ExpectedBad; got: OutcomeRecord | undefined }>;
  /** Good events that were not delivered. */
  unexpected: OutcomeRecord[];
}

/** `problems`: every outcome that was not `delivered`; `events`: how many events were sent. */
export function judge(expectations: Expectations, problems: readonly OutcomeRecord[], events: number): Verdict {
  const byIndex = new Map(problems.map((outcome) => [outcome.index, outcome]));
  const expected = expectations.bad.filter((bad) => bad.index < events);
  const expectedIndexes = new Set(expected.map((bad) => bad.index));
  const matched: Verdict['matched'] = [];
  const missed: Verdict['missed'] = [];
  for (const bad of expected) {
    const got = byIndex.get(bad.index);
    if (got && got.status === 'rejected' && got.code === bad.code) matched.push({ expected: bad, got });
    else missed.push({ expected: bad, got });
  }
  const unexpected = problems.filter((outcome) => !expectedIndexes.has(outcome.index)).sort((a, b) => a.index - b.index);
  return { ok: missed.length === 0 && unexpected.length === 0, matched, missed, unexpected };
}

export function parseExpectations(value: unknown, file: string): Expectations {
  const bad = (value as { bad?: unknown } | null)?.bad;
  if (!Array.isArray(bad) || !bad.every((b) => Number.isInteger((b as ExpectedBad)?.index) && typeof (b as ExpectedBad)?.code === 'string')) {
    throw new Error(`${file}: expected {"bad": [{"index": <number>, "code": "<string>"}, …]}`);
  }
  return { bad: bad as ExpectedBad[] };
}
