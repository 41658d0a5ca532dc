#!/usr/bin/env node
/**
 * Counts the exported declarations of the built entry points (dist/index.d.ts, transform.d.ts,
 * rudderstack.d.ts) that carry TSDoc and those that do not, following re-exports to the
 * declaration itself. `--list` prints the undocumented ones; the exit code is 1 when any
 * declaration of dist/index.d.ts lacks TSDoc (what test/tsdoc.test.ts checks). Needs the build.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const ROOT = join(import.meta.dirname, '..');
const ENTRIES = ['index', 'transform', 'rudderstack'];

const resolve = (checker, symbol) => (symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol);

/**
 * A namespace re-export (`export * as payloads from …`): the declaration bundler turns it into a
 * `declare namespace` that no comment can reach, so it is counted apart, not as undocumented.
 */
function isNamespace(checker, symbol) {
  return (resolve(checker, symbol).declarations ?? []).every((declaration) => ts.isModuleDeclaration(declaration) || ts.isSourceFile(declaration));
}

export function tsdocReport(root = ROOT) {
  const files = ENTRIES.map((entry) => join(root, 'dist', `${entry}.d.ts`));
  for (const file of files) if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first`);
  const program = ts.createProgram(files, { noEmit: true, skipLibCheck: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext });
  const checker = program.getTypeChecker();
  const report = {};
  for (const [index, entry] of ENTRIES.entries()) {
    const source = program.getSourceFile(files[index]);
    const moduleSymbol = source && checker.getSymbolAtLocation(source);
    const exports = moduleSymbol ? checker.getExportsOfModule(moduleSymbol) : [];
    const namespaces = exports.filter((symbol) => isNamespace(checker, symbol));
    const declarations = exports.filter((symbol) => !isNamespace(checker, symbol));
    const undocumented = declarations.filter((symbol) => resolve(checker, symbol).getDocumentationComment(checker).length === 0).map((symbol) => symbol.name).sort();
    report[entry] = { declarations: declarations.length, documented: declarations.length - undocumented.length, undocumented, namespaces: namespaces.map((symbol) => symbol.name).sort() };
  }
  return report;
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  // A closed pipe (`… | head`) is a reader stopping early, not a failure.
  process.stdout.on('error', (error) => {
    if (error.code !== 'EPIPE') throw error;
  });
  const report = tsdocReport();
  for (const [entry, { declarations, documented: withDocs, undocumented, namespaces }] of Object.entries(report)) {
    const extra = namespaces.length > 0 ? ` (+ namespace re-exports: ${namespaces.join(', ')})` : '';
    process.stdout.write(`dist/${entry}.d.ts: ${withDocs} of ${declarations} exported declarations documented${extra}\n`);
    if (process.argv.includes('--list') && undocumented.length > 0) process.stdout.write(`  undocumented: ${undocumented.join(', ')}\n`);
  }
  process.exitCode = report.index.undocumented.length > 0 ? 1 : 0;
}
