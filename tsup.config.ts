import { defineConfig } from 'tsup';

export default defineConfig([
  {
    // The library: ESM + CJS + type declarations for each public entry point.
    entry: {
      index: 'src/index.ts',
      transform: 'src/transform/index.ts',
      rudderstack: 'src/rudderstack/index.ts',
      // The bundled Iterable emulator: a test tool, kept out of the root entry.
      emulator: 'src/emulator/index.ts',
    },
    format: ['esm', 'cjs'],
    dts: true,
    clean: false, // `npm run build` empties dist first: the two builds run side by side
    sourcemap: false,
    target: 'node20',
    splitting: true,
    // p-queue 9 is ESM-only: the CJS build must carry it inside, or require() of the package fails.
    noExternal: ['p-queue'],
  },
  {
    // The bin: ESM only (the package is "type": "module"), no declarations.
    entry: { cli: 'src/cli/main.ts' },
    format: ['esm'],
    dts: false,
    clean: false,
    sourcemap: false,
    target: 'node20',
    splitting: true,
  },
]);
