/**
 * Shared helpers of the benchmarks: loading the build, machine info, timing, and running the
 * built CLI as a child process (so the client and the emulator each get their own core).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The build the benchmarks measure: dist/, or the directory named by BENCH_DIST (another build of
 * the package, e.g. of an earlier commit, to compare two builds with the same bench).
 */
export const DIST = process.env.BENCH_DIST ? resolve(process.env.BENCH_DIST) : join(ROOT, 'dist');
export const CLI = join(DIST, 'cli.js');

/** The built library; the benchmarks measure what users run, so they need `npm run build` first. */
export async function loadDist() {
  const entry = join(DIST, 'index.js');
  if (!existsSync(entry) || !existsSync(CLI)) {
    throw new Error('dist/ is missing: run `npm run build` (or `npx tsup`) before `npm run bench`');
  }
  return import(pathToFileURL(entry).href);
}

export function machine() {
  const list = cpus();
  return {
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpus: list.length,
    cpuModel: list[0]?.model ?? 'unknown',
    memoryGB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
  };
}

export function gc() {
  if (typeof globalThis.gc === 'function') globalThis.gc();
}

/** Runs `fn` `rounds` times and returns the fastest, in ms (the least disturbed by other load). */
export function bestOf(rounds, fn) {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < rounds; i += 1) {
    gc();
    const started = performance.now();
    fn();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

/** Starts `node dist/cli.js emulator …` and resolves with its URL and a stop function. */
export async function startEmulatorProcess(extraArgs = []) {
  const child = spawn(process.execPath, [CLI, 'emulator', '--port', '0', ...extraArgs], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error('the emulator did not start within 10 s')), 10_000);
    child.stdout.on('data', (chunk) => {
      text += chunk;
      const match = /(http:\/\/\S+)/.exec(text);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`the emulator exited early (code ${code})`)));
  });
  return {
    url,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', resolve);
        child.kill('SIGTERM');
      }),
  };
}

/**
 * Runs `node dist/cli.js send …` with events written to its stdin from `lines` (an iterable of
 * strings), honouring the pipe's backpressure, so neither side holds the events in memory.
 * Kills the child after `timeoutMs`. Resolves with its exit code and whether it timed out.
 */
export function runSend(args, lines, timeoutMs) {
  const child = spawn(process.execPath, [CLI, 'send', ...args], { stdio: ['pipe', 'ignore', 'inherit'] });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, timeoutMs);
  const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  const feed = (async () => {
    child.stdin.on('error', () => {}); // the child may die (timeout): stop feeding quietly
    for (const line of lines) {
      if (timedOut || child.exitCode !== null) break;
      // A child that dies (the timeout kills it) never drains: stop waiting when it exits.
      if (!child.stdin.write(`${line}\n`)) await Promise.race([new Promise((resolve) => child.stdin.once('drain', resolve)), exited]);
    }
    child.stdin.end();
  })();
  return Promise.all([exited, feed]).then(([code]) => {
    clearTimeout(timer);
    return { code, timedOut };
  });
}

export function* take(iterable, map = (x) => x) {
  for (const item of iterable) yield map(item);
}

export function fmt(value, digits = 0) {
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}
