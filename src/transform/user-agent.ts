/**
 * What a user-agent string says about the browser, the OS and the device type. Read by scanning
 * for tokens with `indexOf`, never with a regex: a user agent is whatever the client sent, and a
 * pattern with `.*` and a lookahead costs time quadratic in its length (a 200 KB user agent
 * took seconds). Each check here is linear in the length.
 *
 * A token matches where it starts at a word boundary (the character before it is not a letter,
 * digit or `_`); `wordEnd` tokens must also end at one. "On the same line" rules exist because
 * the rules were first written as regexes in which `.` stops at line breaks; the scan keeps that,
 * splitting such a text into its lines once.
 */

function isWordChar(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || code === 0x5f;
}

function isLineBreak(code: number): boolean {
  return code === 0x0a || code === 0x0d || code === 0x2028 || code === 0x2029;
}

interface Token {
  readonly text: string;
  readonly wordEnd: boolean;
}

const word = (text: string): Token => ({ text, wordEnd: true });
const prefix = (text: string): Token => ({ text, wordEnd: false });

/** Index of the first match of `token` in `text` at or after `from`, or -1. */
function findToken(text: string, token: Token, from = 0): number {
  let index = text.indexOf(token.text, from);
  while (index >= 0) {
    const end = index + token.text.length;
    const startsWord = index === 0 || !isWordChar(text.charCodeAt(index - 1));
    const endsWord = !token.wordEnd || end === text.length || !isWordChar(text.charCodeAt(end));
    if (startsWord && endsWord) return index;
    index = text.indexOf(token.text, index + 1);
  }
  return -1;
}

function hasAny(text: string, tokens: readonly Token[]): boolean {
  return tokens.some((token) => findToken(text, token) >= 0);
}

/** The lines of `text` (one scan; a text without line breaks is its own single line). */
function linesOf(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i += 1) {
    if (isLineBreak(text.charCodeAt(i))) {
      lines.push(text.slice(start, i));
      start = i + 1;
    }
  }
  if (start === 0) return [text];
  lines.push(text.slice(start));
  return lines;
}

const VERSION = prefix('Version/');
const SAFARI = prefix('Safari/');

function isDigitOrDot(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || code === 0x2e;
}

/**
 * `Version/` followed by a digit or dot and, later on the same line, `Safari/`. The first such
 * `Version/` of a line leaves the most room after it, so it alone decides the line.
 */
function isSafari(text: string): boolean {
  if (findToken(text, SAFARI) < 0) return false;
  return linesOf(text).some((line) => {
    let version = findToken(line, VERSION);
    while (version >= 0 && !isDigitOrDot(line.charCodeAt(version + VERSION.text.length))) {
      version = findToken(line, VERSION, version + 1);
    }
    return version >= 0 && findToken(line, SAFARI, version + VERSION.text.length + 1) >= 0;
  });
}

/** First match wins, so the more specific tokens come first (Edge and Opera also say "Chrome"). */
const BROWSERS: ReadonlyArray<readonly [(text: string) => boolean, string]> = [
  [(t) => hasAny(t, [prefix('Edg/'), prefix('Edge/'), prefix('EdgA/'), prefix('EdgiOS/')]), 'Edge'],
  [(t) => hasAny(t, [prefix('OPR/'), prefix('Opera/')]), 'Opera'],
  [(t) => hasAny(t, [prefix('SamsungBrowser/')]), 'Samsung Internet'],
  [(t) => hasAny(t, [prefix('Firefox/'), prefix('FxiOS/')]), 'Firefox'],
  [(t) => hasAny(t, [prefix('Chrome/'), prefix('CriOS/'), prefix('Chromium/')]), 'Chrome'],
  [isSafari, 'Safari'],
  [(t) => hasAny(t, [prefix('MSIE '), prefix('Trident/')]), 'Internet Explorer'],
];

/** iOS before macOS (iPads say "Mac OS X"), Android before Linux (Android says "Linux"). */
const SYSTEMS: ReadonlyArray<readonly [readonly Token[], string]> = [
  [[word('iPhone'), word('iPad'), word('iPod')], 'iOS'],
  [[word('Android')], 'Android'],
  [[word('Windows')], 'Windows'],
  [[word('CrOS')], 'Chrome OS'],
  [[word('Mac OS X'), word('Macintosh')], 'macOS'],
  [[word('Linux')], 'Linux'],
];

export function browserOf(userAgent: string): string | undefined {
  return BROWSERS.find(([matches]) => matches(userAgent))?.[1];
}

export function operatingSystemOf(userAgent: string): string | undefined {
  return SYSTEMS.find(([tokens]) => hasAny(userAgent, tokens))?.[1];
}

const ANDROID = word('Android');
const MOBILE = word('Mobile');

/** Index of the last match of `token` in `text`, or -1 (scans backwards from the end). */
function findLastToken(text: string, token: Token): number {
  let index = text.lastIndexOf(token.text);
  while (index >= 0) {
    const end = index + token.text.length;
    const startsWord = index === 0 || !isWordChar(text.charCodeAt(index - 1));
    const endsWord = !token.wordEnd || end === text.length || !isWordChar(text.charCodeAt(end));
    if (startsWord && endsWord) return index;
    if (index === 0) return -1;
    index = text.lastIndexOf(token.text, index - 1);
  }
  return -1;
}

/** An Android token with no `Mobile` after it on its line: Android tablets leave "Mobile" out. */
function isAndroidTablet(text: string): boolean {
  if (findToken(text, ANDROID) < 0) return false;
  return linesOf(text).some((line) => {
    // The last Android token of the line has the least text after it: it alone decides the line.
    const last = findLastToken(line, ANDROID);
    return last >= 0 && findToken(line, MOBILE, last + ANDROID.text.length) < 0;
  });
}

/** `tablet`, `mobile` or `desktop`. */
export function deviceTypeOf(userAgent: string): string {
  if (hasAny(userAgent, [word('iPad'), word('Tablet')]) || isAndroidTablet(userAgent)) return 'tablet';
  if (hasAny(userAgent, [prefix('Mobi'), word('iPhone'), word('iPod')])) return 'mobile';
  return 'desktop';
}
