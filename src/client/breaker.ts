/**
 * The circuit breaker of a destination: decides when a failure is not about one request but about
 * every request, and then stops the destination for good.
 *
 * - A refused key (401, 403, `BadApiKey`…): after `AUTH_CONFIRMATIONS` refusals, `FATAL_AUTH`.
 *   One more request confirms that the first refusal was no fluke; more would only repeat it.
 *   Each key counts apart: a refused main key stops the destination, a refused token key
 *   (`registerDeviceOrBrowserApiKey`) stops only the token registrations.
 * - No connection at all (DNS failure, connection refused) on `UNREACHABLE_CONFIRMATIONS` attempts
 *   in a row, with no HTTP reply of any kind in between: `ENDPOINT_UNREACHABLE`. Timeouts and
 *   resets do not count: they prove that something is listening.
 *
 * Once open, the breaker stays open: `tripped` is what every later attempt and event fails with.
 */
import type { KeyRole } from '../batch/types.js';
import { FatalDestinationError, redact, type IterableApiError, type NetworkError } from '../errors.js';

export const AUTH_CONFIRMATIONS = 2;
export const UNREACHABLE_CONFIRMATIONS = 3;

export class Breaker {
  private readonly refusals = new Map<KeyRole, number>();
  private readonly refusedKeys = new Map<KeyRole, FatalDestinationError>();
  private unreachableInARow = 0;
  private error: FatalDestinationError | undefined;

  /**
   * @param onTrip called once, when the breaker opens (the destination fails what it holds).
   * @param secrets removed from the fatal error's message; the reply it quotes may echo a key, so
   *   the error keeps no `cause` (that would carry the unredacted reply).
   */
  constructor(
    private readonly onTrip: (error: FatalDestinationError) => void,
    private readonly secrets: ReadonlyArray<string | undefined> = [],
  ) {}

  /** The error that stopped the destination, once it has. */
  get tripped(): FatalDestinationError | undefined {
    return this.error;
  }

  /** The error that stops requests sent with `role`'s key (the destination's, or that key's own). */
  trippedFor(role: KeyRole): FatalDestinationError | undefined {
    return this.error ?? this.refusedKeys.get(role);
  }

  /** `role`'s key was refused. Returns the fatal error once the refusal is confirmed. */
  refused(error: IterableApiError, role: KeyRole): FatalDestinationError | undefined {
    this.unreachableInARow = 0;
    const count = (this.refusals.get(role) ?? 0) + 1;
    this.refusals.set(role, count);
    if (count >= AUTH_CONFIRMATIONS && !this.trippedFor(role)) {
      const which = role === 'main' ? 'the API key' : 'registerDeviceOrBrowserApiKey';
      const message = `${error.message}; ${which} was refused ${count} times, so ${role === 'main' ? 'the destination' : 'token registration'} stopped sending`;
      const fatal = new FatalDestinationError(redact(message, this.secrets), { code: 'FATAL_AUTH', statusCode: error.statusCode });
      if (role === 'main') this.trip(fatal);
      else this.refusedKeys.set(role, fatal);
    }
    return this.trippedFor(role);
  }

  /** An attempt ended without any reply. Returns the fatal error once the endpoint is confirmed unreachable. */
  failedToConnect(error: NetworkError): FatalDestinationError | undefined {
    if (!error.unreachable) return this.error;
    this.unreachableInARow += 1;
    if (this.unreachableInARow >= UNREACHABLE_CONFIRMATIONS) {
      this.trip(
        new FatalDestinationError(redact(`${error.message}; ${this.unreachableInARow} attempts in a row made no connection, so the destination stopped sending`, this.secrets), {
          code: 'ENDPOINT_UNREACHABLE',
          statusCode: 503,
        }),
      );
    }
    return this.error;
  }

  /** Any HTTP reply: the endpoint is there. */
  reached(): void {
    this.unreachableInARow = 0;
  }

  private trip(error: FatalDestinationError): void {
    if (this.error) return;
    this.error = error;
    this.onTrip(error);
  }
}
