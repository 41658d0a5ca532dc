/**
 * Writing lines to a stream with backpressure: `write` resolves at once while the stream has room
 * and waits for 'drain' when it does not, so a slow consumer (a pipe, a disk) bounds our memory.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
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

/** A log that can be flushed synchronously: what was written is on disk even if the process exits at once. */
export interface SyncLineLog extends LineWriter {
  flushSync(): void;
}

/** Bytes buffered before a write to the file: few syscalls on big runs, little to lose on a crash. */
const LOG_CHUNK_BYTES = 64 * 1024;

/**
 * The `--log` file: lines buffered in memory and written with `writeSync` once a chunk is full, at
 * the end, and by `flushSync()` (a second Ctrl-C calls it just before exiting). Throws when the file
 * cannot be opened.
 */
export function openSyncLog(file: string): SyncLineLog {
  const fd = openSync(file, 'w');
  let chunks: string[] = [];
  let size = 0;
  let open = true;
  const flushSync = (): void => {
    if (!open || chunks.length === 0) return;
    const text = chunks.join('');
    chunks = [];
    size = 0;
    writeSync(fd, text);
  };
  return {
    write(line) {
      chunks.push(`${line}\n`);
      size += line.length + 1;
      if (size >= LOG_CHUNK_BYTES) flushSync();
      return undefined;
    },
    flushSync,
    end() {
      flushSync();
      if (open) closeSync(fd);
      open = false;
      return Promise.resolve();
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
