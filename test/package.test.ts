/**
 * The built package as a consumer meets it: every entry loads through `require` and `import`,
 * the pure `transform` entry pulls in no network code, and package.json declares what it must.
 * CI builds before testing, so a missing `dist/` is a failure here, not a skip.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist');
const ENTRIES = ['index', 'transform', 'rudderstack', 'emulator'] as const;
const require = createRequire(import.meta.url);

const identify = { type: 'identify', userId: 'u1', traits: { plan: 'pro' } };
const expectedUpdate = { op: 'updateUser', body: { userId: 'u1', dataFields: { plan: 'pro' }, preferUserId: true, mergeNestedObjects: true } };

interface TransformModule {
  transform: (event: unknown, settings: unknown) => { ok: boolean; calls?: unknown[] };
}
interface RudderStackModule {
  processorTransform: (body: unknown) => Array<{ statusCode: number; output?: { endpoint: string } }>;
}

function checkModule(name: (typeof ENTRIES)[number], mod: Record<string, unknown>): void {
  if (name === 'emulator') {
    expect(typeof mod.startEmulator).toBe('function');
    expect(mod.EMULATOR_PROJECT_ID).toBeDefined();
    return;
  }
  if (name === 'index') {
    // The root entry holds production code only: the emulator has its own subpath.
    expect(mod.startEmulator).toBeUndefined();
    expect(mod.EMULATOR_PROJECT_ID).toBeUndefined();
    expect(typeof mod.createDestination).toBe('function');
  }
  if (name === 'rudderstack') {
    expect(typeof mod.processorTransform).toBe('function');
    const out = (mod as unknown as RudderStackModule).processorTransform([
      { message: identify, metadata: { jobId: 1 }, destination: { Config: { apiKey: 'k' } } },
    ]);
    expect(out).toHaveLength(1);
    expect(out[0]?.statusCode).toBe(200);
    expect(out[0]?.output?.endpoint).toBe('https://api.iterable.com/api/users/update');
    return;
  }
  expect(typeof mod.transform).toBe('function');
  expect((mod as unknown as TransformModule).transform(identify, { apiKey: 'k' })).toEqual({ ok: true, calls: [expectedUpdate] });
}

/** Relative and bare import specifiers of an ESM or CJS file (static, dynamic and require). */
function specifiers(source: string): string[] {
  const found: string[] = [];
  const patterns = [
    // Statements only (a line starting with import/export), so that text such as `from "event"` in a message is not taken.
    /^\s*(?:import|export)\b[^;]*?\bfrom\s*["']([^"']+)["']/gm,
    /^\s*import\s*["']([^"']+)["']/gm,
    /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g,
    /\brequire\s*\(\s*["']([^"']+)["']\s*\)/g,
  ];
  for (const pattern of patterns) for (const match of source.matchAll(pattern)) found.push(match[1] as string);
  return found;
}

/** p-queue is bundled (tsup noExternal), so its code is looked for, not only an import of it. */
const BUNDLED_NETWORK_CODE = /\bPQueue\b|intervalCap|from ["']undici["']/;

/** Every file reachable from `entry` through relative imports, with the bare modules they name. */
function importGraph(entry: string): { files: string[]; bare: Set<string> } {
  const files: string[] = [];
  const bare = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (files.includes(file)) continue;
    files.push(file);
    for (const specifier of specifiers(readFileSync(file, 'utf8'))) {
      if (specifier.startsWith('.')) pending.push(resolve(dirname(file), specifier));
      else bare.add(specifier);
    }
  }
  return { files, bare };
}

const isNetworkModule = (specifier: string): boolean =>
  /^(undici|p-queue)(\/|$)/.test(specifier) || /^(node:)?(http|https|http2|net)$/.test(specifier);

describe('the built package', () => {
  it('has been built (CI runs `npm run build` before the tests)', () => {
    expect(existsSync(DIST), `${DIST} is missing: run \`npm run build\` first`).toBe(true);
  });

  describe.each(ENTRIES)('entry %s', (name) => {
    it('loads with require() from the CJS build and works', () => {
      checkModule(name, require(join(DIST, `${name}.cjs`)) as Record<string, unknown>);
    });

    it('loads with import() from the ESM build and works', async () => {
      checkModule(name, (await import(pathToFileURL(join(DIST, `${name}.js`)).href)) as Record<string, unknown>);
    });
  });

  describe.each(['transform.js', 'transform.cjs'])('%s', (file) => {
    it('reaches neither undici nor p-queue, imported or bundled', () => {
      const graph = importGraph(join(DIST, file));
      expect(graph.files.length).toBeGreaterThanOrEqual(1);
      const network = [...graph.bare].filter(isNetworkModule);
      expect(network).toEqual([]);
      // p-queue is bundled into the build (tsup noExternal): look for its code, not only its name.
      for (const path of graph.files) expect(readFileSync(path, 'utf8'), path).not.toMatch(BUNDLED_NETWORK_CODE);
      // The graph really is followed: zod is reached through the chunks.
      expect([...graph.bare].some((s) => s === 'zod' || s.startsWith('zod/'))).toBe(true);
    });
  });

  it('the detectors do find undici and the bundled p-queue from the full entry (so the checks above can fail)', () => {
    expect([...importGraph(join(DIST, 'index.js')).bare].filter(isNetworkModule)).toContain('undici');
    const full = importGraph(join(DIST, 'index.cjs'));
    expect(full.files.some((path) => /\bPQueue\b|intervalCap/.test(readFileSync(path, 'utf8')))).toBe(true);
  });

  it('declares exports, module type, engines and sideEffects in package.json', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(Object.keys(pkg.exports as object).sort()).toEqual(['.', './emulator', './package.json', './rudderstack', './transform']);
    expect(pkg.type).toBe('module');
    expect(pkg.sideEffects).toBe(false);
    // undici 7 needs Node 20.18.1.
    expect((pkg.engines as Record<string, string>).node).toBe('>=20.18.1');
    for (const name of ['.', './transform', './rudderstack', './emulator']) {
      const entry = (pkg.exports as Record<string, { import: { default: string }; require: { default: string } }>)[name];
      expect(existsSync(join(ROOT, entry!.import.default)), `${name} import`).toBe(true);
      expect(existsSync(join(ROOT, entry!.require.default)), `${name} require`).toBe(true);
    }
  });
});
