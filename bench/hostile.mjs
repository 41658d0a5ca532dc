/**
 * Hostile input is cheap (`npm run bench -- --only hostile`): the cost of `transform` with
 * `systemFields` on a 200 KB adversarial user agent against a 200-byte real one, of lodash's
 * `toPath` (the user-path parser) on a 200 KB adversarial path against a short one, and of
 * refusing an event nested 10,000 levels deep. For contrast, the former user-agent regexes on a
 * 20 KB adversarial string (they were quadratic: 200 KB took seconds). Nothing asserts a time.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, gc } from './lib.mjs';

const require = createRequire(import.meta.url);
const toPath = require('lodash/toPath');

const SETTINGS = { apiKey: 'bench-key-1234', systemFields: true };
const REAL_UA = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.210 Mobile Safari/537.36 EdgA/120';
const SIZE = 200_000;
const fill = (piece, size = SIZE) => piece.repeat(Math.ceil(size / piece.length)).slice(0, size);

/** The regexes the user-agent rules used before the linear scan (quadratic on these inputs). */
const OLD_TABLETS = /\biPad\b|\bTablet\b|\bAndroid\b(?!.*\bMobile\b)/;
const OLD_SAFARI = /\bVersion\/[\d.]+.*\bSafari\//;

/** Median microseconds per call of `fn` over `rounds` rounds of `calls` calls. */
function micros(fn, calls, rounds = 7) {
  const samples = [];
  for (let round = 0; round < rounds; round += 1) {
    gc();
    const started = process.hrtime.bigint();
    for (let i = 0; i < calls; i += 1) fn(i);
    samples.push(Number(process.hrtime.bigint() - started) / 1000 / calls);
  }
  samples.sort((a, b) => a - b);
  return Math.round(samples[Math.floor(samples.length / 2)] * 10) / 10;
}

export async function benchHostile() {
  const { transform } = await import(pathToFileURL(join(ROOT, 'dist', 'transform.js')).href);
  const event = (userAgent) => ({ type: 'identify', userId: 'u1', context: { userAgent } });
  const run = (userAgent) => {
    const result = transform(event(userAgent), SETTINGS);
    if (!result.ok) throw new Error(result.error.message);
  };
  const adversarial = {
    'Android ×25,000 then Mobile': `${fill('Android ', SIZE - 7)} Mobile`,
    'Android, no Mobile': fill('Android '),
    'Version/1, no Safari': fill('Version/1 '),
    'Android + lines': fill('Android\n'),
    'Edg without slash': fill('Edg'),
  };
  const realUa = micros(() => run(REAL_UA.slice(0, 200)), 20_000);
  const userAgents = Object.entries(adversarial).map(([name, ua]) => {
    const us = micros(() => run(ua), 20);
    return { name, bytes: ua.length, micros: us, ratioToReal: Math.round((us / realUa) * 10) / 10 };
  });
  const oldTablets = `${fill('Android ', 20_000)} Mobile`;
  const oldSafari = fill('Version/1 ', 20_000);
  const oldRegex20k = micros(() => OLD_TABLETS.test(oldTablets) + OLD_SAFARI.test(oldSafari), 1, 3);

  const shortPath = 'traits.address["postal code"]';
  const pathShort = micros((i) => toPath(`${shortPath}${i}`), 20_000);
  const paths = {
    'unclosed quotes': fill('["a'),
    dots: fill('.'),
    brackets: fill('[0]'),
  };
  const pathLong = Object.entries(paths).map(([name, path]) => ({ name, bytes: path.length, micros: micros((i) => toPath(`${path}${i}`), 5) }));

  const deepText = `{"type":"identify","userId":"u1","traits":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`;
  const deepEvent = JSON.parse(deepText);
  const deepMicros = micros(() => {
    const result = transform(deepEvent, SETTINGS);
    if (result.ok || result.error.statusCode !== 400) throw new Error('a deep event must be a 400');
  }, 50);

  return {
    realUserAgentMicros: realUa,
    userAgents,
    oldRegex20kMicros: oldRegex20k,
    pathShortMicros: pathShort,
    pathLong,
    deepEventMicros: deepMicros,
  };
}
