/**
 * Reading JSON lines so that output line N answers input line N: every line is yielded, blank
 * ones included, with its 1-based line number, and a broken line becomes an error naming it.
 * (The `send` reader skips blank lines instead: there, outcomes are keyed by event index.)
 */
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { InstrumentationError } from '../errors.js';

export type NumberedLine =
  | { line: number; kind: 'event'; value: unknown }
  | { line: number; kind: 'blank' | 'broken'; error: InstrumentationError };

/** `line`: 1-based. A blank line (only whitespace) and a line that is not JSON each get an error. */
export function parseNumberedLine(text: string, line: number): NumberedLine {
  if (text.trim() === '') {
    return { line, kind: 'blank', error: new InstrumentationError(`line ${line} is blank: expected one JSON event per line`, { code: 'BLANK_LINE' }) };
  }
  try {
    return { line, kind: 'event', value: JSON.parse(text) as unknown };
  } catch (cause) {
    const reason = cause instanceof Error && cause.message !== '' ? `: ${cause.message}` : '';
    return { line, kind: 'broken', error: new InstrumentationError(`line ${line} is not valid JSON${reason}`, { code: 'INVALID_JSON', cause }) };
  }
}

export async function* readNumberedLines(input: Readable): AsyncGenerator<NumberedLine> {
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let line = 0;
  try {
    for await (const text of lines) {
      line += 1;
      yield parseNumberedLine(text, line);
    }
  } finally {
    lines.close();
    if (input !== process.stdin) input.destroy();
  }
}
