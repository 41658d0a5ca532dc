/** The defaults of `serve`, in their own file so help.ts and serve.ts share them without a cycle. */
import { DEFAULT_BODY_LIMIT_BYTES, DEFAULT_MAX_CONCURRENT_REQUESTS } from '../rudderstack/server.js';

/** RudderStack's transformer listens on 9090 too, so a data plane config needs no change. */
export const DEFAULT_PORT = 9090;
export const DEFAULT_HOST = '127.0.0.1';
export const BYTES_PER_MB = 1024 * 1024;
export const DEFAULT_BODY_LIMIT_MB = DEFAULT_BODY_LIMIT_BYTES / BYTES_PER_MB;
export const DEFAULT_MAX_CONCURRENT = DEFAULT_MAX_CONCURRENT_REQUESTS;

/** Exit codes after a signal: 128 + the signal's number, as a shell reports a process it stopped. */
export const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;
