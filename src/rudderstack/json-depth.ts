/**
 * A depth check on raw JSON bytes, run before JSON.parse: a request nested 10,000 levels deep must
 * get a 400, never a stack overflow in the code that walks the parsed value. One pass, no recursion,
 * no allocation; brackets inside strings (escapes included) are not counted.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

/** The deepest nesting accepted in a request body (RudderStack events nest a handful of levels). */
export const MAX_JSON_DEPTH = 256;

/**
 * The byte offset where `bytes` first nests deeper than `maxDepth` objects/arrays, or -1 when it
 * never does. Malformed JSON is not this function's concern: JSON.parse reports it afterwards.
 */
export function depthExceededAt(bytes: Uint8Array, maxDepth: number = MAX_JSON_DEPTH): number {
  let depth = 0;
  const length = bytes.length;
  for (let index = 0; index < length; index += 1) {
    const byte = bytes[index]!;
    if (byte === QUOTE) {
      index = closingQuote(bytes, index);
      if (index < 0) return -1;
    } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      depth += 1;
      if (depth > maxDepth) return index;
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      depth -= 1;
    }
  }
  return -1;
}

/**
 * The offset of the quote that closes the string opened at `open`, or -1 when it never closes.
 * Strings are most of a JSON body, so they are skipped with the native indexOf: a quote closes the
 * string when an even number of backslashes precede it.
 */
function closingQuote(bytes: Uint8Array, open: number): number {
  let quote = bytes.indexOf(QUOTE, open + 1);
  while (quote > 0) {
    let backslashes = 0;
    while (bytes[quote - 1 - backslashes] === BACKSLASH) backslashes += 1;
    if (backslashes % 2 === 0) return quote;
    quote = bytes.indexOf(QUOTE, quote + 1);
  }
  return -1;
}
