/**
 * The bundled Iterable emulator: a real HTTP server on loopback that answers like Iterable
 * (routes, auth, validation, rate limits, bulk replies, in-memory state, fault injection).
 */
export { startEmulator } from './server.js';
export { EMULATOR_PROJECT_ID } from './field-types.js';
export type {
  DeletedUser,
  DeviceRecord,
  EmulatorList,
  EmulatorOptions,
  EmulatorState,
  EmulatorUser,
  EndpointCounter,
  FaultKind,
  FaultTarget,
  FieldTypeName,
  InjectApi,
  RequestLogEntry,
  RunningEmulator,
  StoredEvent,
  StoredPurchase,
  UserDirectory,
} from './types.js';
