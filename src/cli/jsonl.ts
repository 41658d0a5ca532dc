/**
 * Reading JSON lines as a stream: one event at a time, so a file of any size runs in flat memory.
 * Blank lines are skipped and not counted; every other line is one event with a 0-based index.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { InstrumentationError } from '../errors.js';
import { UsageError } from './usage-error.js';

export type JsonLine = { index: number; ok: true; value: unknown } | { index: number; ok: false; error: InstrumentationError };

/** The input of a command: the file when given, else stdin. A missing file or a directory is a usage error. */
export function inputStream(command: string, file: string | undefined): Readable {
  if (file === undefined || file === '-') return process.stdin;
  if (!existsSync(file)) throw new UsageError(`${command}: input file ${JSON.stringify(file)} not found`);
  // A pipe is fine too (`send <(zcat events.jsonl.gz)` names /dev/fd/N); a directory is not.
  const stats = statSync(file);
  if (!stats.isFile() && !stats.isFIFO()) {
    throw new UsageError(`${command}: input ${JSON.stringify(file)} is ${stats.isDirectory() ? 'a directory' : 'not a regular file'}: give a JSON lines file`);
  }
  return createReadStream(file);
}

/**
 * Yields each non-blank line parsed; a line that is not JSON yields an `INVALID_JSON` error for
 * that event (the others go on). Stops after `limit` events when given.
 */
export async function* readJsonLines(input: Readable, limit = Number.POSITIVE_INFINITY): AsyncGenerator<JsonLine> {
  if (limit <= 0) return;
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let index = 0;
  try {
    for await (const line of lines) {
      if (line.trim() === '') continue;
      yield parseLine(line, index);
      index += 1;
      if (index >= limit) break;
    }
  } finally {
    lines.close();
    if (input !== process.stdin) input.destroy();
  }
}

export function parseLine(line: string, index: number): JsonLine {
  try {
    return { index, ok: true, value: JSON.parse(line) as unknown };
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    return {
      index,
      ok: false,
      error: new InstrumentationError(`Event ${index} is not valid JSON: ${reason}`, { code: 'INVALID_JSON', cause }),
    };
  }
}
