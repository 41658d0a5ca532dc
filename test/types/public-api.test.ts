/**
 * Type tests of the public API, against the built package's declarations (imported by the
 * package's own name, as a consumer's compiler sees them). They run in `tsc --noEmit` (the
 * project type-check) and as ordinary vitest tests; a changed signature fails the type-check.
 */
import { describe, expectTypeOf, it } from 'vitest';
import {
  createDestination,
  isIterableDestinationError,
  IterableDestinationError,
  planRequests,
  resolveSettings,
  transform,
  type Destination,
  type ErrorCode,
  type IterableCall,
  type Outcome,
  type OutcomeStatus,
  type TransformResult,
} from 'iterable-destination';
import { startEmulator, type RunningEmulator } from 'iterable-destination/emulator';
import { transform as pureTransform } from 'iterable-destination/transform';
import { processorTransform, proxy, routerTransform, type ProcessorResponse, type ProxyResponse, type RouterResponse } from 'iterable-destination/rudderstack';

describe('public API types', () => {
  it('transform takes any event and settings and returns a discriminated result', () => {
    expectTypeOf(transform).parameter(0).toEqualTypeOf<unknown>();
    expectTypeOf(transform).returns.toEqualTypeOf<TransformResult>();
    expectTypeOf(pureTransform).toEqualTypeOf(transform);
    const result = transform({ type: 'identify', userId: 'u1' }, { apiKey: 'k' });
    if (result.ok) {
      expectTypeOf(result.calls).toEqualTypeOf<IterableCall[]>();
      // @ts-expect-error a successful result has no error
      void result.error;
    } else {
      expectTypeOf(result.error).toEqualTypeOf<IterableDestinationError>();
      // @ts-expect-error a failed result has no calls
      void result.calls;
    }
  });

  it('an IterableCall narrows its body by op', () => {
    const call = {} as IterableCall;
    if (call.op === 'trackEvent') expectTypeOf(call.body).toHaveProperty('eventName');
    if (call.op === 'updateUser') expectTypeOf(call.body).toHaveProperty('dataFields');
  });

  it('createDestination gives a Destination whose send resolves one Outcome', () => {
    expectTypeOf(createDestination).returns.toEqualTypeOf<Destination>();
    expectTypeOf<Destination['send']>().returns.toEqualTypeOf<Promise<Outcome>>();
    expectTypeOf<Destination['close']>().returns.toEqualTypeOf<Promise<void>>();
    expectTypeOf<Outcome['status']>().toEqualTypeOf<OutcomeStatus>();
    expectTypeOf<OutcomeStatus>().toEqualTypeOf<'delivered' | 'rejected' | 'failed'>();
  });

  it('startEmulator resolves a running emulator with a url and close()', () => {
    expectTypeOf(startEmulator).returns.toEqualTypeOf<Promise<RunningEmulator>>();
    expectTypeOf<RunningEmulator['url']>().toEqualTypeOf<string>();
    expectTypeOf<RunningEmulator['close']>().returns.toEqualTypeOf<Promise<void>>();
  });

  it('isIterableDestinationError narrows unknown to the error class', () => {
    const value: unknown = new Error('x');
    if (isIterableDestinationError(value)) {
      expectTypeOf(value).toEqualTypeOf<IterableDestinationError>();
      expectTypeOf(value.code).toEqualTypeOf<ErrorCode>();
      expectTypeOf(value.retryable).toEqualTypeOf<boolean>();
    }
  });

  it('resolveSettings and planRequests are typed end to end', () => {
    const settings = resolveSettings({ apiKey: 'k' });
    if (settings.ok) expectTypeOf(settings.settings).toHaveProperty('profile');
    // @ts-expect-error a failed resolution has no settings
    if (!settings.ok) void settings.settings;
    expectTypeOf(planRequests).parameter(0).toExtend<readonly unknown[]>();
  });

  it('the rudderstack entry point returns its wire shapes', () => {
    expectTypeOf(processorTransform).returns.toEqualTypeOf<ProcessorResponse[]>();
    expectTypeOf(routerTransform).returns.toEqualTypeOf<RouterResponse>();
    expectTypeOf(proxy).returns.toEqualTypeOf<Promise<ProxyResponse>>();
  });
});
