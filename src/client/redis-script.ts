/**
 * The shared budget's arithmetic, run inside Redis so that one round trip both reads and moves an
 * endpoint's schedule (atomic: no other process can slip in between).
 *
 * GCRA without a burst allowance: the key holds the endpoint's theoretical arrival time (TAT), the
 * earliest moment the next request may start. Acquiring `count` requests takes the later of now,
 * the TAT and the end of a 429 cool-down as their start, moves the TAT `count × interval` past it,
 * and answers how many milliseconds the caller must wait before it starts (0: at once). Starts are
 * therefore at least `interval` apart across every process, so a rolling second never holds more
 * than the limit. The caller sleeps the wait and sends: one round trip per request and no lease to
 * give back, so a process that dies holds nothing beyond the one start it had already been given.
 * Keys expire a second after their moment has passed, so nothing lingers.
 *
 * `now` is either given by the caller (ARGV, an injectable clock) or, when empty, Redis's own TIME,
 * one clock for every process whatever their machines' clocks say.
 */

/** Lua prelude: milliseconds now, from ARGV[index] or from the Redis server's clock. */
const NOW = (index: number) => `
local now
if ARGV[${index}] == '' then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
else
  now = tonumber(ARGV[${index}])
end`;

/** KEYS: TAT, cool-down. ARGV: interval ms, count, now ms or ''. Returns the wait in whole ms. */
export const ACQUIRE_LUA = `${NOW(3)}
local interval = tonumber(ARGV[1])
local count = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1])) or now
local cool = tonumber(redis.call('GET', KEYS[2])) or now
local start = math.max(now, tat, cool)
local nextTat = start + interval * count
redis.call('SET', KEYS[1], string.format('%.3f', nextTat), 'PX', math.ceil(nextTat - now) + 1000)
return math.ceil(start - now)
`;

/** KEYS: cool-down. ARGV: cool-down ms, now ms or ''. Only ever extends it. Returns the ms left. */
export const COOL_DOWN_LUA = `${NOW(2)}
local untilMs = now + tonumber(ARGV[1])
local current = tonumber(redis.call('GET', KEYS[1])) or now
if untilMs > current then
  redis.call('SET', KEYS[1], string.format('%.3f', untilMs), 'PX', math.ceil(untilMs - now) + 1000)
  current = untilMs
end
return math.ceil(current - now)
`;

/** The names the scripts are registered under on an ioredis client (EVALSHA, re-sent on NOSCRIPT). */
export const ACQUIRE_COMMAND = 'iterableDestinationAcquire';
export const COOL_DOWN_COMMAND = 'iterableDestinationCoolDown';

/** The ioredis methods `defineCommand` adds for the two scripts. */
export interface BudgetCommands {
  [ACQUIRE_COMMAND](tatKey: string, coolDownKey: string, intervalMs: string, count: string, now: string): Promise<number>;
  [COOL_DOWN_COMMAND](coolDownKey: string, coolDownMs: string, now: string): Promise<number>;
}
