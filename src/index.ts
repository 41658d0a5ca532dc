/**
 * iterable-destination: RudderStack / Segment events → Iterable API requests, delivered.
 * This file only re-exports.
 */
export * from './transform/index.js';
export * from './batch/index.js';
export * from './client/index.js';
export * from './emulator/index.js';
