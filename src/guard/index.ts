/**
 * Checks for input nobody should trust: user-supplied paths and keys that could reach an object
 * prototype, and nesting deep enough to overflow a recursive walk. Pure, no I/O.
 */
export { FORBIDDEN_KEYS, assignOwn, isForbiddenKey, forbiddenSegment, forbiddenFieldPart, nullPrototype } from './keys.js';
export { MAX_PATH_LENGTH, MAX_PATH_SEGMENTS, parseUserPath, describePathProblem, getAtSegments } from './path.js';
export type { ParsedPath, PathProblem } from './path.js';
export { MAX_INPUT_DEPTH, exceedsDepth, findKeyProblem, pathBeyondDepth, shortPath } from './depth.js';
export type { KeyProblem } from './depth.js';
export { isWellFormedPath } from './path-syntax.js';
