/**
 * The one progress line of long runs: rewritten in place with \r on a terminal, absent otherwise
 * (a pipe or a CI log gets no progress noise). Throttled so a fast run does not flood the terminal.
 */
import type { Writable } from 'node:stream';
import { formatNumber } from './table.js';

export interface ProgressState {
  done: number;
  delivered: number;
  rejected: number;
  failed: number;
}

export interface Progress {
  update(state: ProgressState): void;
  /** Clears the line (call before printing the summary). */
  finish(): void;
}

export function createProgress(stream: Writable & { isTTY?: boolean }, now: () => number = () => performance.now(), intervalMs = 150): Progress {
  if (!stream.isTTY) return { update() {}, finish() {} };
  const started = now();
  let lastDraw = Number.NEGATIVE_INFINITY;
  let drawn = false;
  return {
    update(state) {
      const at = now();
      if (at - lastDraw < intervalMs) return;
      lastDraw = at;
      drawn = true;
      stream.write(`\r\x1b[2K${progressLine(state, (at - started) / 1000)}`);
    },
    finish() {
      if (drawn) stream.write('\r\x1b[2K');
      drawn = false;
    },
  };
}

export function progressLine(state: ProgressState, elapsedSeconds: number): string {
  const rate = elapsedSeconds > 0 ? state.done / elapsedSeconds : 0;
  return (
    `${formatNumber(state.done)} events done · ${formatNumber(rate)} events/s · ` +
    `delivered ${formatNumber(state.delivered)} · rejected ${formatNumber(state.rejected)} · failed ${formatNumber(state.failed)}`
  );
}
