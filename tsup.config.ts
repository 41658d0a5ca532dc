import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    transform: 'src/transform/index.ts',
    rudderstack: 'src/rudderstack/index.ts',
    cli: 'src/cli/main.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: false,
  target: 'node20',
  splitting: true,
  // p-queue 9 is ESM-only: the CJS build must carry it inside, or require() of the package fails.
  noExternal: ['p-queue'],
});
