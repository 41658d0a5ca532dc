/**
 * Writing lines to a stream with backpressure: `write` resolves at once while the stream has room
 * and waits for 'drain' when it does not, so a slow consumer (a pipe, a disk) bounds our memory.
 */
import type { Writable } from 'node:stream';

export interface LineWriter {
  write(line: string): Promise<void> | undefined;
  end(): Promise<void>;
}

export function lineWriter(stream: Writable, { closeAtEnd = false } = {}): LineWriter {
  // One 'drain' wait shared by every write made while the stream is full (not one listener each).
  let draining: Promise<void> | undefined;
  return {
    write(line) {
      if (stream.write(`${line}\n`)) return draining;
      draining ??= new Promise<void>((resolve) =>
        stream.once('drain', () => {
          draining = undefined;
          resolve();
        }),
      );
      return draining;
    },
    end() {
      if (!closeAtEnd) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        stream.once('error', reject);
        stream.end(resolve);
      });
    },
  };
}

/** The error view the CLI prints: `{ name, code, statusCode, message }` (never a stack, never a key). */
export function errorView(error: { name: string; code?: string; statusCode?: number; message: string }): {
  name: string;
  code: string | undefined;
  statusCode: number | undefined;
  message: string;
} {
  return { name: error.name, code: error.code, statusCode: error.statusCode, message: error.message };
}
