/**
 * A mistake in how the command was called (unknown flag, bad value, unreadable settings file).
 * The CLI prints its message and exits with code 2; it never carries a stack trace to the user.
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * Exit codes of every command: 0 all good, 1 some events rejected or failed, 2 bad usage or
 * settings, 3 the API key was refused (FATAL_AUTH), 4 Iterable could not be reached
 * (ENDPOINT_UNREACHABLE), 130 / 143 stopped by SIGINT / SIGTERM.
 */
export const EXIT = { ok: 0, someFailed: 1, usage: 2, fatalAuth: 3, unreachable: 4, sigint: 130, sigterm: 143 } as const;
