#!/usr/bin/env node
/**
 * Dev script (not a test, not run by CI): runs every transform fixture through the built
 * dist/transform.js and checks each emitted body against Iterable's own Swagger definition.
 *
 *   npm run build && node scripts/check-openapi.mjs ../shared/spec/iterable-openapi.json
 *
 * The validator covers the Swagger 2.0 subset these definitions use: required keys, property
 * types (string, integer, number, boolean, object, array), nested $ref, enum, int32 range, and
 * keys the definition does not declare. The `rudderstack` profile is expected to fail where it
 * reproduces RudderStack's quirks; the `strict` profile is expected to pass everywhere.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURES = join(ROOT, 'fixtures');
/** Same exclusions as test/fixtures.test.ts: directories whose files have another shape. */
const OTHER_SHAPES = new Set(['events', 'router', 'proxy', 'delete-users', 'planner', 'processor']);
const DEFINITION_OF_OP = {
  updateUser: 'ApiUserUpdateRequest',
  trackEvent: 'TrackRequest',
  trackPurchase: 'TrackPurchaseRequest',
  updateCart: 'UpdateCartRequest',
  registerDeviceToken: 'RegisterDeviceTokenRequest',
  registerBrowserToken: 'RegisterBrowserTokenRequest',
  updateEmail: 'UpdateEmailRequest',
};
const INT32 = [-(2 ** 31), 2 ** 31 - 1];

function usage(message) {
  process.stderr.write(`${message}\nusage: node scripts/check-openapi.mjs <path to iterable-openapi.json>\n`);
  process.exit(2);
}

const specPath = process.argv[2];
if (!specPath) usage('missing the path of the OpenAPI (Swagger 2.0) JSON');
if (!existsSync(specPath)) usage(`no such file: ${specPath}`);
const distEntry = join(ROOT, 'dist', 'transform.js');
if (!existsSync(distEntry)) usage(`${distEntry} is missing: run \`npm run build\` first`);

const { definitions } = JSON.parse(readFileSync(specPath, 'utf8'));
const { transform } = await import(pathToFileURL(distEntry).href);

/** Problems of `value` against `schema`, each "path: reason". */
function validate(value, schema, path, problems) {
  if (schema.$ref) return validate(value, definitions[schema.$ref.replace('#/definitions/', '')], path, problems);
  const type = schema.type ?? (schema.properties ? 'object' : undefined);
  if (value === null) {
    problems.push(`${path}: null, expected ${type}`);
    return problems;
  }
  switch (type) {
    case 'string':
      if (typeof value !== 'string') problems.push(`${path}: ${describe(value)}, expected string`);
      break;
    case 'integer':
      if (!Number.isInteger(value)) problems.push(`${path}: ${describe(value)}, expected integer`);
      else if (schema.format === 'int32' && (value < INT32[0] || value > INT32[1])) problems.push(`${path}: ${value} outside int32`);
      break;
    case 'number':
      if (typeof value !== 'number') problems.push(`${path}: ${describe(value)}, expected number`);
      break;
    case 'boolean':
      if (typeof value !== 'boolean') problems.push(`${path}: ${describe(value)}, expected boolean`);
      break;
    case 'array':
      if (!Array.isArray(value)) problems.push(`${path}: ${describe(value)}, expected array`);
      else if (schema.items) value.forEach((item, index) => validate(item, schema.items, `${path}[${index}]`, problems));
      break;
    case 'object':
      if (typeof value !== 'object' || Array.isArray(value)) {
        problems.push(`${path}: ${describe(value)}, expected object`);
        break;
      }
      for (const key of schema.required ?? []) if (!(key in value)) problems.push(`${path}.${key}: required, missing`);
      if (schema.properties) {
        for (const [key, member] of Object.entries(value)) {
          const memberSchema = schema.properties[key];
          if (memberSchema) validate(member, memberSchema, `${path}.${key}`, problems);
          else problems.push(`${path}.${key}: not in the definition`);
        }
      }
      break;
    default:
      break;
  }
  if (schema.enum && !schema.enum.includes(value)) problems.push(`${path}: ${describe(value)}, expected one of ${schema.enum.join('|')}`);
  return problems;
}

function describe(value) {
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function fixtureFiles() {
  const out = [];
  for (const dir of readdirSync(FIXTURES).sort()) {
    if (OTHER_SHAPES.has(dir) || !statSync(join(FIXTURES, dir)).isDirectory()) continue;
    for (const file of readdirSync(join(FIXTURES, dir)).sort()) if (file.endsWith('.json')) out.push(join(dir, file));
  }
  return out;
}

const tally = new Map(); // "definition|profile" → { checked, failing }
const failures = [];
for (const file of fixtureFiles()) {
  const fixture = JSON.parse(readFileSync(join(FIXTURES, file), 'utf8'));
  const profile = fixture.settings?.profile ?? 'strict';
  const result = transform(fixture.input, fixture.settings);
  if (!result.ok) continue;
  for (const call of result.calls) {
    const definition = DEFINITION_OF_OP[call.op];
    if (!definition) continue;
    const body = JSON.parse(JSON.stringify(call.body));
    const problems = validate(body, definitions[definition], 'body', []);
    const key = `${definition}|${profile}`;
    const row = tally.get(key) ?? { checked: 0, failing: 0 };
    row.checked += 1;
    if (problems.length > 0) {
      row.failing += 1;
      failures.push({ file, name: fixture.name, definition, profile, problems });
    }
    tally.set(key, row);
  }
}

const rows = [...tally.entries()].sort(([a], [b]) => a.localeCompare(b));
const widths = [28, 12, 8, 8];
const line = (cells) => cells.map((cell, i) => String(cell).padEnd(widths[i])).join(' ').trimEnd();
console.log(line(['definition', 'profile', 'checked', 'failing']));
console.log(line(widths.map((w) => '-'.repeat(w))));
for (const [key, { checked, failing }] of rows) console.log(line([...key.split('|'), checked, failing]));
const total = rows.reduce((sum, [, r]) => sum + r.checked, 0);
console.log(`\n${total} bodies checked, ${failures.length} failing`);
for (const failure of failures) {
  console.log(`\n${failure.profile} ${failure.definition} — ${failure.file} (${failure.name})`);
  for (const problem of failure.problems) console.log(`  ${problem}`);
}
process.exitCode = failures.some((f) => f.profile === 'strict') ? 1 : 0;
