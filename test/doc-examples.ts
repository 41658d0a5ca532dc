/**
 * Shared by the tests that keep README.md and docs/*.md honest: finds the fenced ```js / ```ts
 * examples that import this package, turns TypeScript into JavaScript (typescript's own
 * transpiler, no type check), runs an example as a user would (a child `node` on a file inside
 * the package, so `import … from 'iterable-destination'` resolves to the built dist/), and
 * type-checks the TypeScript ones against the built package's declarations.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

export const ROOT = join(import.meta.dirname, '..');

export interface DocExample {
  /** The heading the example sits under, and its place in the file. */
  name: string;
  lang: 'js' | 'ts';
  code: string;
}

/** Every ```js / ```ts block of `markdown` that imports from the package. */
export function docExamples(markdown: string): DocExample[] {
  const out: DocExample[] = [];
  for (const match of markdown.matchAll(/^```(js|ts)\n([\s\S]*?)^```$/gm)) {
    const code = match[2] ?? '';
    if (!/from 'iterable-destination(\/[a-z]+)?'/.test(code)) continue;
    const heading = [...markdown.slice(0, match.index).matchAll(/^#{1,3} (.+)$/gm)].pop()?.[1] ?? 'top';
    out.push({ name: heading, lang: match[1] as 'js' | 'ts', code });
  }
  return out;
}

/** The example as JavaScript a node ESM file can run. */
export function toJavaScript(example: DocExample): string {
  if (example.lang === 'js') return example.code;
  return ts.transpileModule(example.code, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false } }).outputText;
}

export interface ExampleRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the example in a child node, from a file written under `dir` (inside the package). */
export function runExample(example: DocExample, dir: string, file: string): ExampleRun {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${file}.mjs`);
  writeFileSync(path, toJavaScript(example));
  const run = spawnSync(process.execPath, [path], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/**
 * Type-checks the TypeScript examples against the built package's types (resolved through the
 * package's own `exports`, as a consumer's compiler would). Returns the compiler's diagnostics,
 * one string each, naming the example; empty when every example compiles.
 */
export function typeCheckExamples(examples: ReadonlyArray<{ file: string; code: string }>, dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const files = examples.map(({ file, code }) => {
    const path = join(dir, `${file}.mts`);
    // `export {}` makes each example a module of its own (top-level await, no shared names).
    writeFileSync(path, `${code}\nexport {};\n`);
    return path;
  });
  const program = ts.createProgram(files, {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
    types: ['node'],
    strict: true,
    noEmit: true,
    skipLibCheck: true,
  });
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file ? `${d.file.fileName.slice(dir.length + 1)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : '';
    return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}
