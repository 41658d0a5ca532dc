/**
 * Type tests: the call union, the endpoint names and the error codes are inferred from the op
 * registry (a declaration added to src/ops/ changes them; nothing else has to be edited).
 */
import { describe, expectTypeOf, it } from 'vitest';
import type { ErrorCode } from '../src/errors.js';
import type { CallOp, EndpointName, OpErrorCode, RegistryCall } from '../src/ops/index.js';
import type { IterableCall } from '../src/transform/types.js';
import type {
  CatalogItemBody,
  DeleteUserBody,
  RegisterBrowserTokenBody,
  RegisterDeviceTokenBody,
  SubscribeBody,
  TrackEventBody,
  TrackPurchaseBody,
  UnsubscribeBody,
  UpdateCartBody,
  UpdateEmailBody,
  UpdateUserBody,
} from '../src/iterable/payloads.js';

describe('types inferred from the op registry', () => {
  it('the call union is the registry’s, op by op', () => {
    expectTypeOf<IterableCall>().toEqualTypeOf<RegistryCall>();
    expectTypeOf<IterableCall['op']>().toEqualTypeOf<CallOp>();
    expectTypeOf<Extract<IterableCall, { op: 'updateUser' }>>().toEqualTypeOf<{ op: 'updateUser'; body: UpdateUserBody }>();
    expectTypeOf<Extract<IterableCall, { op: 'trackEvent' }>>().toEqualTypeOf<{ op: 'trackEvent'; body: TrackEventBody }>();
    expectTypeOf<Extract<IterableCall, { op: 'trackPurchase' }>>().toEqualTypeOf<{ op: 'trackPurchase'; body: TrackPurchaseBody }>();
    expectTypeOf<Extract<IterableCall, { op: 'updateCart' }>>().toEqualTypeOf<{ op: 'updateCart'; body: UpdateCartBody }>();
    expectTypeOf<Extract<IterableCall, { op: 'updateEmail' }>>().toEqualTypeOf<{ op: 'updateEmail'; body: UpdateEmailBody }>();
    expectTypeOf<Extract<IterableCall, { op: 'registerDeviceToken' }>>().toEqualTypeOf<{ op: 'registerDeviceToken'; key: 'token'; body: RegisterDeviceTokenBody }>();
    expectTypeOf<Extract<IterableCall, { op: 'registerBrowserToken' }>>().toEqualTypeOf<{ op: 'registerBrowserToken'; key: 'token'; body: RegisterBrowserTokenBody }>();
    expectTypeOf<Extract<IterableCall, { op: 'subscribeToList' }>>().toEqualTypeOf<{ op: 'subscribeToList'; body: SubscribeBody }>();
    expectTypeOf<Extract<IterableCall, { op: 'unsubscribeFromList' }>>().toEqualTypeOf<{ op: 'unsubscribeFromList'; body: UnsubscribeBody }>();
    expectTypeOf<Extract<IterableCall, { op: 'upsertCatalogItem' }>>().toEqualTypeOf<{ op: 'upsertCatalogItem'; catalog: string | null; body: CatalogItemBody }>();
    expectTypeOf<Extract<IterableCall, { op: 'deleteUser' }>>().toEqualTypeOf<{ op: 'deleteUser'; body: DeleteUserBody }>();
  });

  it('endpoint names are the names the op declarations give their endpoints', () => {
    expectTypeOf<'bulkUpdateUsers'>().toExtend<EndpointName>();
    expectTypeOf<'getUserByEmail'>().toExtend<EndpointName>();
    expectTypeOf<'notAnEndpoint'>().not.toExtend<EndpointName>();
  });

  it('error codes include the codes the ops declare', () => {
    expectTypeOf<OpErrorCode>().toEqualTypeOf<'MISSING_CATALOG' | 'MISSING_CATALOG_ID'>();
    expectTypeOf<OpErrorCode>().toExtend<ErrorCode>();
    expectTypeOf<'NOT_A_CODE'>().not.toExtend<ErrorCode>();
  });
});
