/**
 * What the transformer service says about itself: `/health` (name and version) and `/features`,
 * the capability document rudder-server polls to decide how to call a transformer.
 */
import { name, version } from '../../package.json';

export const SERVICE_NAME: string = name;
export const SERVICE_VERSION: string = version;

/** rudder-server refuses (panics on) a 200 reply whose `apiVersion` header is not this number. */
export const TRANSFORMER_API_VERSION = '2';

/**
 * The `/features` document, every flag true only because this service does it:
 * - `routerTransform.ITERABLE`: Iterable events go through `/routerTransform` (bulk batching), the
 *   key being rudder-server's destination definition name;
 * - `regulations`: the regulation worker may send Iterable deletions to `/deleteUsers`;
 * - `upgradedToSourceTransformV2`: required in any 200 `/features` reply (rudder-server stops
 *   otherwise); this service transforms no sources, whose routes answer 404;
 * - `supportDestTransformCompactedPayloadV1`: the processor and router routes read
 *   `X-Content-Format: json+compactedv1` bodies;
 * - `supportTransformerProxyV1`: `/v1/destinations/iterable/proxy` answers `{ output: { response:
 *   [one { statusCode, metadata, error } per job] } }`.
 */
export const FEATURES = {
  routerTransform: { ITERABLE: true },
  regulations: ['ITERABLE'],
  upgradedToSourceTransformV2: true,
  supportDestTransformCompactedPayloadV1: true,
  supportTransformerProxyV1: true,
} as const;
