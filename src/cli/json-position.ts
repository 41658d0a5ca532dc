/**
 * Where a JSON text first goes wrong, as line and column (1-based). Node's JSON.parse messages quote
 * the text around the mistake, and a settings file holds API keys: the CLI prints only this position.
 * A small scanner of the JSON grammar, used only after JSON.parse has refused the text.
 */
export interface TextPosition {
  line: number;
  column: number;
}

class JsonSyntax extends Error {
  constructor(readonly offset: number) {
    super('JSON syntax error');
  }
}

/** The position of the first syntax error, or undefined when the text is valid JSON. */
export function jsonErrorPosition(text: string): TextPosition | undefined {
  let offset: number;
  try {
    const end = skipSpace(text, value(text, skipSpace(text, 0)));
    if (end === text.length) return undefined;
    offset = end;
  } catch (error) {
    if (!(error instanceof JsonSyntax)) throw error;
    offset = error.offset;
  }
  return positionOf(text, offset);
}

export function positionOf(text: string, offset: number): TextPosition {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}

function skipSpace(text: string, at: number): number {
  while (at < text.length && ' \t\n\r'.includes(text[at] as string)) at += 1;
  return at;
}

function expect(text: string, at: number, char: string): number {
  if (text[at] !== char) throw new JsonSyntax(at);
  return at + 1;
}

/** Scans one value starting at `at`; returns the offset just after it. */
function value(text: string, at: number): number {
  const char = text[at];
  if (char === '{') return container(text, at, '}', (next) => value(text, skipSpace(text, expect(text, skipSpace(text, string(text, next)), ':'))));
  if (char === '[') return container(text, at, ']', (next) => value(text, next));
  if (char === '"') return string(text, at);
  for (const word of ['true', 'false', 'null']) if (text.startsWith(word, at)) return at + word.length;
  const number = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(at, at + 400));
  if (number) return at + number[0].length;
  throw new JsonSyntax(at);
}

function container(text: string, at: number, close: string, member: (at: number) => number): number {
  let next = skipSpace(text, at + 1);
  if (text[next] === close) return next + 1;
  for (;;) {
    next = skipSpace(text, member(next));
    if (text[next] === close) return next + 1;
    next = skipSpace(text, expect(text, next, ','));
  }
}

function string(text: string, at: number): number {
  let next = expect(text, at, '"');
  while (next < text.length) {
    const char = text[next] as string;
    if (char === '"') return next + 1;
    if (char < ' ') throw new JsonSyntax(next);
    if (char === '\\') {
      const escape = text[next + 1];
      if (escape === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(next + 2, next + 6))) next += 6;
      else if (escape !== undefined && '"\\/bfnrt'.includes(escape)) next += 2;
      else throw new JsonSyntax(next);
    } else next += 1;
  }
  throw new JsonSyntax(next);
}
