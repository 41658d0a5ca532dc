/**
 * `redisBudget()`: one rate budget for every process that sends for the same Iterable project.
 * Each permission is one Lua script call (redis-script.ts); a 429 seen by any process writes a
 * shared cool-down that every process's next permission waits out.
 *
 * Per endpoint, a process asks for one start at a time and holds its turn until that start is
 * `BOOKING_LEAD_MS` away, so it never has more than that much of the schedule booked ahead:
 * processes take turns at Redis, none starves, and a process killed mid-run wastes at most the
 * starts of those 50 ms. There are no leases to give back (GCRA books starts, it lends nothing).
 *
 * When Redis cannot be reached, `onBudgetError` decides: `'local'` (default) warns once and paces
 * this process alone at `limit / assumedProcesses` until Redis answers again (tried again at most
 * every `retryAfterMs`); `'fail'` fails the requests with `RATE_BUDGET_UNAVAILABLE` instead of
 * sending them. Either way every event still gets exactly one outcome. A switch between shared and
 * local pacing waits until this process's last start under the other is a second old, so that
 * one process never counts twice in a rolling second; processes that switch at different moments
 * can still overlap for up to `retryAfterMs`, which costs at worst a 429 (retried as any other).
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { ENDPOINTS, type EndpointName } from '../iterable/endpoints.js';
import { LocalRateBudget, RATE_WINDOW_MARGIN_MS, RateBudgetError, type BudgetContext, type RateBudget, type RateBudgetFactory } from './budget.js';
import { checkOptions, type Checked, type RedisBudgetOptions } from './redis-budget-options.js';
import { ACQUIRE_COMMAND, ACQUIRE_LUA, COOL_DOWN_COMMAND, COOL_DOWN_LUA, type BudgetCommands } from './redis-script.js';

export type { RedisBudgetOptions } from './redis-budget-options.js';

/**
 * How far ahead of its start a request hands its turn to the next one of its process. A process
 * therefore has at most this much of an endpoint's schedule booked at any time, which is also all
 * that a process killed mid-run can waste.
 */
export const BOOKING_LEAD_MS = 50;

/** A start woken up later than this (a stalled event loop) is given up and booked again: half the window margin. */
export const LATE_START_MS = RATE_WINDOW_MARGIN_MS / 2;
const MAX_REBOOKINGS = 3;

/** The project key when none is given: sha256 of data centre and API key, 16 hex digits. */
export function defaultProject(apiKey: string, dataCenter: string): string {
  return createHash('sha256').update(`${dataCenter}\n${apiKey}`).digest('hex').slice(0, 16);
}

/** A shared rate budget on Redis, for `createDestination({ rateBudget: redisBudget({ url }) })`. */
export function redisBudget(options: RedisBudgetOptions): RateBudgetFactory {
  const checked = checkOptions(options);
  return (context) => new RedisRateBudget(checked, context);
}

class RedisRateBudget implements RateBudget {
  /** The connection; one of our own is opened on first use (ioredis is loaded only then). */
  private redis: (Redis & BudgetCommands) | undefined;
  private readonly owned: boolean;
  private readonly project: string;
  private readonly keyDigest: string;
  /** Per endpoint, the turn of the request now booking (or waiting for) its start. */
  private readonly turns = new Map<EndpointName, Promise<void>>();
  /** Per endpoint, this process's latest start in each mode: a switch of mode waits a rolling second out. */
  private readonly starts = new Map<EndpointName, { shared: number; local: number }>();
  private fallback: LocalRateBudget | undefined;
  private down = false;
  private failedAt = Number.NEGATIVE_INFINITY;
  private connecting: Promise<void> | undefined;
  private inFlight = 0;
  private closed = false;

  constructor(
    private readonly options: Checked,
    private readonly context: BudgetContext,
  ) {
    this.owned = options.client === undefined;
    if (options.client) this.redis = withScripts(options.client);
    this.project = options.project ?? defaultProject(context.apiKey, context.dataCenter);
    this.keyDigest = defaultProject(context.apiKey, 'key');
  }

  async acquire(endpoint: EndpointName, count: number, signal: AbortSignal): Promise<void> {
    const last = this.lastStarts(endpoint);
    for (let rebooked = 0; this.sharing(); rebooked += 1) {
      const startAt = await this.book(endpoint, count, signal, last);
      if (startAt === undefined) break;
      await this.sleepUntil(startAt, signal);
      // A start that a stalled event loop missed is given up, not used late: late, it would land
      // at Iterable together with the starts booked after it (a few times at most, so a process
      // that is always late still sends).
      if (rebooked < MAX_REBOOKINGS && this.context.clock.now() - startAt > LATE_START_MS) continue;
      return;
    }
    if (this.options.onBudgetError === 'fail') {
      throw new RateBudgetError(`Not sent: the shared rate budget on Redis is unreachable (project ${this.project}) and onBudgetError is 'fail'`);
    }
    // Into an outage: the local pace starts once this process's last shared start is a second old.
    await this.sleepUntil(last.shared + 1000, signal);
    await this.local().acquire(endpoint, count, signal);
    last.local = this.context.clock.now();
  }

  /** Books the next start in this process's turn; undefined when Redis could not be used. */
  private book(endpoint: EndpointName, count: number, signal: AbortSignal, last: { shared: number; local: number }): Promise<number | undefined> {
    return this.inTurn(endpoint, async () => {
      signal.throwIfAborted();
      // Back from an outage: Redis's schedule knows nothing of the local starts of the last second.
      await this.sleepUntil(last.local + 1000, signal);
      if (!this.sharing()) return undefined; // Redis failed while this request waited for its turn
      const wait = await this.command((redis) => redis[ACQUIRE_COMMAND](this.key(endpoint), this.coolDownKey(endpoint), String(this.intervalMs(endpoint)), String(count), this.now()));
      if (wait === undefined) return undefined;
      const startAt = this.context.clock.now() + wait;
      last.shared = Math.max(last.shared, startAt);
      // The next request may book once this start is near, so that the schedule never waits on a
      // round trip or a late timer, and at most BOOKING_LEAD_MS of starts are ever booked ahead.
      await this.sleepUntil(startAt - BOOKING_LEAD_MS, signal);
      return startAt;
    });
  }

  private lastStarts(endpoint: EndpointName): { shared: number; local: number } {
    let last = this.starts.get(endpoint);
    if (!last) {
      last = { shared: Number.NEGATIVE_INFINITY, local: Number.NEGATIVE_INFINITY };
      this.starts.set(endpoint, last);
    }
    return last;
  }

  private async sleepUntil(moment: number, signal: AbortSignal): Promise<void> {
    const wait = moment - this.context.clock.now();
    if (wait > 0) await this.context.clock.sleep(wait, signal);
  }

  rateLimited(endpoint: EndpointName, retryAfterMs: number): void {
    this.fallback?.rateLimited(endpoint, retryAfterMs);
    if (!this.sharing()) return;
    void this.command((redis) => redis[COOL_DOWN_COMMAND](this.coolDownKey(endpoint), String(Math.ceil(retryAfterMs)), this.now()));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.fallback?.close();
    if (this.owned) this.redis?.disconnect();
  }

  /** Redis is believed to answer, or it is time to try it again. */
  private sharing(): boolean {
    return !this.closed && (!this.down || this.context.clock.now() - this.failedAt >= this.options.retryAfterMs);
  }

  /** Runs a Redis command; undefined when Redis failed (the budget is then `down` for a while). */
  private async command(run: (redis: Redis & BudgetCommands) => Promise<number>): Promise<number | undefined> {
    this.hold(1);
    try {
      const answer = Number(await run(await this.connected()));
      if (this.down) {
        this.down = false;
        this.options.onWarning(`iterable-destination: Redis answers again; project ${this.project} shares its rate budget again`);
      }
      return answer;
    } catch (error) {
      this.failedAt = this.context.clock.now();
      if (!this.down) {
        this.down = true;
        const fallback = this.options.onBudgetError === 'local' ? `pacing this process alone at 1/${this.options.assumedProcesses} of each limit` : 'failing requests (onBudgetError: fail)';
        this.options.onWarning(`iterable-destination: Redis is unreachable (${error instanceof Error ? error.message : String(error)}); ${fallback} until it answers again`);
      }
      return undefined;
    } finally {
      this.hold(-1);
    }
  }

  /** Opens the owned connection when it is not open (after an outage, a new attempt). */
  private async connected(): Promise<Redis & BudgetCommands> {
    if (!this.owned || this.redis?.status === 'ready') return this.redis as Redis & BudgetCommands;
    this.connecting ??= this.open().finally(() => {
      this.connecting = undefined;
    });
    await this.connecting;
    return this.redis as Redis & BudgetCommands;
  }

  private async open(): Promise<void> {
    if (!this.redis) {
      const { Redis: Client } = await import('ioredis');
      const redis = new Client(this.options.url as string, {
        lazyConnect: true,
        // An outage must show at once, not after a queue of commands waits for a reconnect:
        // no offline queue, no automatic reconnect (the budget reconnects when it tries Redis
        // again), no retried commands, and short timeouts for a Redis that hangs.
        enableOfflineQueue: false,
        retryStrategy: () => null,
        maxRetriesPerRequest: 0,
        connectTimeout: 2000,
        commandTimeout: 1000,
      });
      // Failures reach us as rejected commands; the event would only crash a process without listeners.
      redis.on('error', () => undefined);
      // An idle connection must not keep the process alive: it is referenced only while a command waits.
      redis.on('connect', () => {
        if (this.inFlight === 0) redis.stream?.unref?.();
      });
      this.redis = withScripts(redis);
    }
    if (this.closed) throw new Error('closed');
    await this.redis.connect();
  }

  /** References the owned socket while commands wait, so Node does not exit under them. */
  private hold(delta: number): void {
    if (!this.owned) return;
    this.inFlight += delta;
    if (this.inFlight === 0) this.redis?.stream?.unref?.();
    else if (delta > 0 && this.inFlight === 1) this.redis?.stream?.ref?.();
  }

  /** One request of this process per endpoint books at a time, and keeps its turn until its start. */
  private async inTurn<T>(endpoint: EndpointName, run: () => Promise<T>): Promise<T> {
    const previous = this.turns.get(endpoint) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    this.turns.set(endpoint, tail);
    try {
      await previous;
      return await run();
    } finally {
      release();
      if (this.turns.get(endpoint) === tail) this.turns.delete(endpoint);
    }
  }

  private local(): LocalRateBudget {
    this.fallback ??= new LocalRateBudget((endpoint) => this.context.ratePerSecond(endpoint) / this.options.assumedProcesses, this.context.clock);
    return this.fallback;
  }

  /** Milliseconds between starts: the window margin spread over the limit, as the local budget does. */
  private intervalMs(endpoint: EndpointName): number {
    return (1000 + RATE_WINDOW_MARGIN_MS) / this.context.ratePerSecond(endpoint);
  }

  private key(endpoint: EndpointName): string {
    // A hash tag keeps one project's keys in one slot of a Redis Cluster.
    const scope = ENDPOINTS[endpoint].rateScope === 'apiKey' ? `:key-${this.keyDigest}` : '';
    return `${this.options.keyPrefix}:{${this.project}}:${endpoint}${scope}`;
  }

  private coolDownKey(endpoint: EndpointName): string {
    return `${this.key(endpoint)}:cool-down`;
  }

  private now(): string {
    return this.options.clock === 'redis' ? '' : String(this.options.clock());
  }
}

/** Registers the two scripts on a client (EVALSHA, re-sent on NOSCRIPT). */
function withScripts(redis: Redis): Redis & BudgetCommands {
  redis.defineCommand(ACQUIRE_COMMAND, { numberOfKeys: 2, lua: ACQUIRE_LUA });
  redis.defineCommand(COOL_DOWN_COMMAND, { numberOfKeys: 1, lua: COOL_DOWN_LUA });
  return redis as Redis & BudgetCommands;
}
