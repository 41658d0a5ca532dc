/**
 * `send --redis` / `--project` usage, through the built CLI: wrong combinations exit 2 with a
 * message naming the flag, and --help says when to use them. No Redis is needed for any of this.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const send = (...args: string[]) => spawnSync(process.execPath, [CLI, 'send', ...args], { cwd: ROOT, encoding: 'utf8', input: '' });

describe('send --redis and --project', () => {
  it('--help explains both flags and when to use them', () => {
    const help = send('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/--redis URL +share the rate limits with every other process/);
    expect(help.stdout).toMatch(/two or more\s+senders run at once/);
    expect(help.stdout).toMatch(/--project NAME/);
  });

  const refused: Array<[string, string[], RegExp]> = [
    ['--project without --redis', ['--project', 'shop'], /--project names the shared rate budget of --redis/],
    ['--redis that is not a redis:// URL', ['--redis', 'http://127.0.0.1:6379'], /--redis must be a URL such as redis:\/\//],
    ['--redis with --no-rate-limits', ['--redis', 'redis://127.0.0.1:1', '--no-rate-limits', '--endpoint', 'http://127.0.0.1:1'], /--no-rate-limits turns them off/],
    ['--project with a character outside the set', ['--redis', 'redis://127.0.0.1:1', '--project', 'a}b'], /--project must be 1 to 128 letters/],
  ];
  for (const [name, args, message] of refused) {
    it(`refuses ${name} (exit 2)`, () => {
      const run = send(...args);
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(message);
    });
  }
});
