/**
 * The `type` each event schema accepts, shared by the zod schemas and the non-copying check that
 * mirrors them (the dispatcher has already matched the type case-insensitively; these anchored
 * patterns cannot backtrack).
 */
export const EVENT_TYPE_PATTERNS = {
  identify: /^identify$/i,
  track: /^track$/i,
  page: /^(page|screen)$/i,
  alias: /^alias$/i,
} as const;
