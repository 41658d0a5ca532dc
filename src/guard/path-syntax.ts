/**
 * The path syntax settings accept, checked in one left-to-right pass (no regex, so no
 * backtracking on whatever a config holds):
 *
 *   path     := first ( "." name | bracket )*
 *   first    := name-start name-char* | bracket
 *   name     := name-char+                       name-char: A–Z a–z 0–9 _ $ -
 *   bracket  := "[" digit+ "]" | "[" quote ( "\" any | not-quote )* quote "]"
 *
 * So `traits.email`, `properties.items.0.sku`, `properties.items[0].sku` and
 * `traits["first name"]` are paths; `traits..name` and `traits/customerId` are not. Segments are
 * then produced by lodash's `toPath`, which reads every accepted path the way it reads it here.
 */

function isNameChar(code: number): boolean {
  return (
    (code >= 0x30 && code <= 0x39) || // 0-9
    (code >= 0x41 && code <= 0x5a) || // A-Z
    (code >= 0x61 && code <= 0x7a) || // a-z
    code === 0x5f || // _
    code === 0x24 || // $
    code === 0x2d // -
  );
}

function isNameStart(code: number): boolean {
  return isNameChar(code) && !(code >= 0x30 && code <= 0x39) && code !== 0x2d;
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** Index just after the bracket part starting at `start` (a `[`), or -1 when it is malformed. */
function bracketEnd(path: string, start: number): number {
  let i = start + 1;
  const open = path.charCodeAt(i);
  if (isDigit(open)) {
    while (isDigit(path.charCodeAt(i))) i += 1;
    return path.charCodeAt(i) === 0x5d ? i + 1 : -1;
  }
  if (open !== 0x22 && open !== 0x27) return -1; // " or '
  i += 1;
  while (i < path.length) {
    const code = path.charCodeAt(i);
    if (code === 0x5c) {
      i += 2; // a backslash escapes the next character
      continue;
    }
    if (code === open) return path.charCodeAt(i + 1) === 0x5d ? i + 2 : -1;
    i += 1;
  }
  return -1;
}

/** True when `path` follows the syntax above. Linear in the length. */
export function isWellFormedPath(path: string): boolean {
  if (path.length === 0) return false;
  let i = 0;
  if (path.charCodeAt(0) === 0x5b) {
    i = bracketEnd(path, 0);
    if (i < 0) return false;
  } else {
    if (!isNameStart(path.charCodeAt(0))) return false;
    while (i < path.length && isNameChar(path.charCodeAt(i))) i += 1;
  }
  while (i < path.length) {
    const code = path.charCodeAt(i);
    if (code === 0x2e) {
      // "." then a name
      const start = i + 1;
      i = start;
      while (i < path.length && isNameChar(path.charCodeAt(i))) i += 1;
      if (i === start) return false;
    } else if (code === 0x5b) {
      i = bracketEnd(path, i);
      if (i < 0) return false;
    } else {
      return false;
    }
  }
  return true;
}
