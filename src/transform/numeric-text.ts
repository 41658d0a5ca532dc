/**
 * Is `text` entirely a decimal number: optional surrounding whitespace, an optional sign, digits
 * with an optional fraction (or a fraction alone), an optional exponent? `Number()` reads more than
 * that (`0x1F`, `Infinity`, the empty string), which a strict field must not take for a number.
 *
 * A single forward scan, so its cost is linear in the text whatever the text holds (a regular
 * expression with this grammar would backtrack on user strings).
 */
export function isDecimalText(text: string): boolean {
  let end = text.length;
  while (end > 0 && isSpace(text.charCodeAt(end - 1))) end -= 1;
  let index = 0;
  while (index < end && isSpace(text.charCodeAt(index))) index += 1;
  if (index < end && isSign(text.charCodeAt(index))) index += 1;
  let at = afterDigits(text, index, end);
  let digitCount = at - index;
  if (at < end && text.charCodeAt(at) === 46 /* . */) {
    const fractionEnd = afterDigits(text, at + 1, end);
    digitCount += fractionEnd - (at + 1);
    at = fractionEnd;
  }
  if (digitCount === 0) return false;
  if (at < end && (text.charCodeAt(at) | 32) === 101 /* e or E */) {
    let exponentStart = at + 1;
    if (exponentStart < end && isSign(text.charCodeAt(exponentStart))) exponentStart += 1;
    at = afterDigits(text, exponentStart, end);
    if (at === exponentStart) return false;
  }
  return at === end;
}

/** The index of the first non-digit at or after `start` (or `end`). */
function afterDigits(text: string, start: number, end: number): number {
  let at = start;
  while (at < end) {
    const code = text.charCodeAt(at);
    if (code < 48 || code > 57) break;
    at += 1;
  }
  return at;
}

function isSign(code: number): boolean {
  return code === 43 /* + */ || code === 45 /* - */;
}

/** The characters `\s` matches (ECMAScript WhiteSpace and LineTerminator), which `Number()` also trims. */
function isSpace(code: number): boolean {
  if (code === 32 || (code >= 9 && code <= 13)) return true;
  if (code < 160) return false;
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}
