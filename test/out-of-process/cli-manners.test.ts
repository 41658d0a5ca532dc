/**
 * The built command line's manners, run as users run it (a child `node dist/cli.js`): the version,
 * did-you-mean for unknown commands and flags (exit 2), no internal class names in what a person
 * reads, a help text with an example for every command, `transform`'s one output line per input
 * line, and `emulator` set up as a given project (lists, key, settings) over real HTTP.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const COMMANDS = ['transform', 'send', 'emulator', 'serve', 'demo'];
/** A class name as a prefix ("ConfigurationError: …", "UsageError") is not for users to read. */
const CLASS_NAME = /\b[A-Z][A-Za-z]*Error\b/;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], input = ''): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, ITERABLE_API_KEY: '' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'iterable-destination-manners-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('--version', () => {
  it.each([['--version'], ['-v']])('%s prints the package version and exits 0', async (flag) => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const run = await cli([flag]);
    expect(run).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });
});

describe('unknown commands and flags', () => {
  it.each([
    [['transfrom'], 'unknown command "transfrom" (did you mean transform?)'],
    [['emulater'], 'unknown command "emulater" (did you mean emulator?)'],
    [['--verison'], 'unknown flag "--verison" (did you mean --version?)'],
    [['transform', '--sttings', 'x.json'], 'transform: unknown flag --sttings (did you mean --settings?)'],
    [['send', '--dryrun'], 'send: unknown flag --dryrun (did you mean --dry-run?)'],
    [['emulator', '--list', '4100'], 'emulator: unknown flag --list (did you mean --lists?)'],
    [['demo', '--limt=5'], 'demo: unknown flag --limt (did you mean --limit?)'],
  ])('%j: a suggestion, exit 2', async (args, message) => {
    const run = await cli(args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(message);
    expect(run.stderr).not.toMatch(CLASS_NAME);
  });

  it.each([[['deploy']], [['transform', '--zzzzzz']]])('%j: far from every name, no suggestion, still exit 2', async (args) => {
    const run = await cli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/unknown (command|flag)/);
    expect(run.stderr).not.toContain('did you mean');
  });
});

describe('messages people read', () => {
  it.each([
    [['transform', '--settings', 'no/such.json']],
    [['emulator', '--host', 'not a host name']],
    [['emulator', '--lists', '4100,abc']],
    [['send', '--endpoint', 'not a url']],
  ])('%j names no internal class', async (args) => {
    const run = await cli(args);
    expect(run.code).not.toBe(0);
    expect(run.stderr.length).toBeGreaterThan(0);
    expect(run.stderr).not.toMatch(CLASS_NAME);
  });
});

describe('--help', () => {
  it.each(COMMANDS)('%s --help shows its usage and an example that uses it', async (command) => {
    const run = await cli([command, '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`usage: iterable-destination ${command}`);
    expect(run.stdout).toMatch(new RegExp(`\\nexample:\\n  .*iterable-destination ${command}\\b`));
  });

  it('the main help lists every command and --version', async () => {
    const run = await cli(['--help']);
    for (const command of COMMANDS) expect(run.stdout).toContain(`  ${command}`);
    expect(run.stdout).toContain('-v, --version');
  });
});

describe('transform: line N of the output answers line N of the input', () => {
  const good = '{"type":"track","userId":"u1","event":"Clicked"}';
  const kinds = { good, blank: '', spaces: '   ', broken: '{"type":', unsupported: '{"type":"group","userId":"u1"}', array: '[1,2]' } as const;

  it('for any mix of good, blank, broken and rejected lines', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...(Object.keys(kinds) as Array<keyof typeof kinds>)), { minLength: 1, maxLength: 12 }), async (picks) => {
        const run = await cli(['transform'], `${picks.map((kind) => kinds[kind]).join('\n')}\n`);
        const out = run.stdout.split('\n');
        expect(out.pop()).toBe('');
        expect(out).toHaveLength(picks.length);
        picks.forEach((kind, index) => {
          const result = JSON.parse(out[index] as string) as { ok: boolean; line?: number; error?: { code: string; message: string } };
          expect(result.ok, `line ${index + 1} (${kind})`).toBe(kind === 'good');
          if (kind === 'good') return;
          expect(result.line).toBe(index + 1);
          expect(result.error?.message).toMatch(new RegExp(`^line ${index + 1}\\b`));
          const code = { blank: 'BLANK_LINE', spaces: 'BLANK_LINE', broken: 'INVALID_JSON', unsupported: 'UNSUPPORTED_TYPE', array: 'INVALID_EVENT' }[kind];
          expect(result.error?.code).toBe(code);
        });
        // Blank lines are not events: only broken and rejected lines fail the run.
        expect(run.code).toBe(picks.some((kind) => kind === 'broken' || kind === 'unsupported' || kind === 'array') ? 1 : 0);
      }),
      { numRuns: 12 },
    );
  });
});

describe('emulator set up as a project', () => {
  async function withEmulator(args: string[], body: (url: string, stderr: () => string) => Promise<void>): Promise<number | null> {
    const child = spawn(process.execPath, [CLI, 'emulator', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
        const match = /listening on (http:\/\/\S+)/.exec(stdout);
        if (match?.[1]) resolve(match[1]);
      });
      child.once('close', (code) => reject(new Error(`emulator exited ${code}: ${stderr}`)));
    });
    try {
      await body(url, () => stderr);
    } finally {
      child.kill('SIGTERM');
    }
    return exited;
  }

  const subscribe = (url: string, key: string, listId: number): Promise<Response> =>
    fetch(`${url}/api/lists/subscribe`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Api-Key': key },
      body: JSON.stringify({ listId, subscribers: [{ email: 'ann@example.com' }] }),
    });

  it('has the lists of --lists and --settings, and accepts only the given key', async () => {
    const settings = join(tmp, 'project.json');
    writeFileSync(settings, JSON.stringify({ apiKey: 'settings-key-12345', listId: 4300, audienceLists: { vip: 4201 } }));
    const code = await withEmulator(['--settings', settings, '--lists', '4100:signups,4101', '--api-key', 'flag-key-67890'], async (url, stderr) => {
      for (const listId of [4100, 4101, 4201, 4300]) expect((await subscribe(url, 'flag-key-67890', listId)).status, `list ${listId}`).toBe(200);
      expect((await subscribe(url, 'flag-key-67890', 999)).status).toBe(400);
      expect((await subscribe(url, 'settings-key-12345', 4100)).status).toBe(401);
      expect((await subscribe(url, 'another-key', 4100)).status).toBe(401);
      expect(stderr()).toContain('lists 4100 (signups), 4101, 4201 (vip), 4300 (listId setting)');
      expect(stderr()).not.toMatch(/flag-key|settings-key/);
    });
    expect(code).toBe(0);
  });

  it('takes the key of --settings unless it is a placeholder', async () => {
    const real = join(tmp, 'real-key.json');
    writeFileSync(real, JSON.stringify({ apiKey: 'settings-key-12345' }));
    await withEmulator(['--settings', real, '--lists', '1'], async (url) => {
      expect((await subscribe(url, 'settings-key-12345', 1)).status).toBe(200);
      expect((await subscribe(url, 'other-key-0000', 1)).status).toBe(401);
    });
    const placeholder = join(tmp, 'placeholder-key.json');
    writeFileSync(placeholder, JSON.stringify({ apiKey: 'placeholder-api-key' }));
    await withEmulator(['--settings', placeholder, '--lists', '1'], async (url) => {
      expect((await subscribe(url, 'any-key-at-all', 1)).status).toBe(200);
    });
  });

  it.each([['0'], ['-3'], ['abc'], ['4100:x,,'], ['1.5']])('refuses --lists %j with exit 2', async (lists) => {
    const run = await cli(['emulator', `--lists=${lists}`]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--lists takes list ids');
  });
});
