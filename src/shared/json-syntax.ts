// Where a JSON text stops being JSON, as a line and column people can find in an editor.
// V8's JSON.parse messages give a position only for some errors and quote the text itself
// (which may hold credentials), so a small scanner finds the spot instead.

export interface JsonSyntaxError {
  /** 1-based. */
  line: number;
  /** 1-based, in characters. */
  column: number;
  /** What was found there, e.g. `unexpected "}"` or `unexpected end of file`. */
  message: string;
}

class ScanError extends Error {
  constructor(readonly offset: number) {
    super('JSON syntax error');
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPE = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/y;

/** Returns the first syntax error in `text`, or null when it is valid JSON. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | null {
  let i = 0;
  const fail = (): never => {
    throw new ScanError(i);
  };
  const skipSpace = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const expect = (char: string) => {
    skipSpace();
    if (text[i] !== char) fail();
    i++;
  };
  const string = () => {
    if (text[i] !== '"') fail();
    i++;
    for (;;) {
      if (i >= text.length || text.charCodeAt(i) < 0x20) fail();
      if (text[i] === '"') break;
      if (text[i] === '\\') {
        ESCAPE.lastIndex = i;
        if (!ESCAPE.test(text)) fail();
        i = ESCAPE.lastIndex;
      } else i++;
    }
    i++;
  };
  const list = (close: string, item: () => void) => {
    i++;
    skipSpace();
    if (text[i] === close) {
      i++;
      return;
    }
    for (;;) {
      item();
      skipSpace();
      if (text[i] === close) break;
      if (text[i] !== ',') fail();
      i++;
    }
    i++;
  };
  const value = (): void => {
    skipSpace();
    const char = text[i];
    if (char === '{') {
      list('}', () => {
        skipSpace();
        string();
        expect(':');
        value();
      });
    } else if (char === '[') list(']', value);
    else if (char === '"') string();
    else {
      const literal = ['true', 'false', 'null'].find((word) => text.startsWith(word, i));
      if (literal) {
        i += literal.length;
        return;
      }
      NUMBER.lastIndex = i;
      if (!NUMBER.test(text)) fail();
      i = NUMBER.lastIndex;
    }
  };

  try {
    value();
    skipSpace();
    if (i < text.length) fail();
    return null;
  } catch (error) {
    if (error instanceof ScanError) return describe(text, error.offset);
    // Nesting deeper than the stack: not a settings file anyway.
    if (error instanceof RangeError) return { ...describe(text, i), message: 'nested too deeply' };
    throw error;
  }
}

function describe(text: string, offset: number): JsonSyntaxError {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  const message =
    offset >= text.length ? 'unexpected end of file' : `unexpected ${JSON.stringify(text[offset])}`;
  return { line, column, message };
}
