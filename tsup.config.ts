import { defineConfig } from 'tsup';

/** The public entry points: each gets ESM, CJS and type declarations. Add a subpath here. */
const LIBRARY_ENTRIES = {
  index: 'src/index.ts',
  transform: 'src/transform/index.ts',
  rudderstack: 'src/rudderstack/index.ts',
  // The bundled Iterable emulator: a test tool, kept out of the root entry.
  emulator: 'src/emulator/index.ts',
};

const shared = {
  clean: false, // `npm run build` empties dist first: the two builds run side by side
  sourcemap: false,
  target: 'node20',
  splitting: true,
} as const;

export default defineConfig([
  {
    // ESM: the library and the bin in one build, so the bin reuses the library's chunks instead of
    // carrying a second copy of everything (p-queue included). p-queue stays an import: it is ESM.
    ...shared,
    // `sample` is not a public subpath (package.json exports leaves it out): the repo's scripts and
    // benchmarks import the seeded event generator from it.
    entry: { ...LIBRARY_ENTRIES, cli: 'src/cli/main.ts', sample: 'src/sample/index.ts' },
    format: ['esm'],
    dts: { entry: LIBRARY_ENTRIES },
  },
  {
    // CJS: the library only. p-queue 9 is ESM-only, so this build must carry it inside, or
    // require() of the package fails.
    ...shared,
    entry: LIBRARY_ENTRIES,
    format: ['cjs'],
    dts: { entry: LIBRARY_ENTRIES },
    noExternal: ['p-queue'],
  },
]);
