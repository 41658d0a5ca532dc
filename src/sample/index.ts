/**
 * The seeded sample generator: the demo's events (`buildSample`) and any number of benchmark
 * events (`generateEvents`). Pure: no I/O, no clock; one seed, one output.
 */
export { BENCH_MIX, DEFAULT_SEED, generateEvents, SAMPLE_MIX, type EventKind, type EventMix, type SampleEvent } from './builders.js';
export { AUDIENCE_LISTS, FORM_LIST_ID } from './people.js';
export { mulberry32 } from './random.js';
export { buildSample, SAMPLE_SETTINGS, type ExpectedBad, type Sample, type SampleExpectations } from './sample.js';
