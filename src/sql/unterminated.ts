/**
 * When PostgreSQL's scanner gives up on a text (an unterminated quote, dollar quote or comment),
 * this small lexer finds where the broken construct starts, so that the text before it can still be
 * scanned. It only follows quoting and comments; it never classifies anything itself.
 */

const IDENT_CHAR = /[A-Za-z0-9_$\u0080-\uffff]/;
const DOLLAR_TAG = /^\$([A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/;

/** End of the quoted run starting at `open` (index after the closing quote), or -1 when unterminated. */
function endOfQuoted(text: string, open: number, quote: string, backslashEscapes: boolean): number {
  for (let i = open + 1; i < text.length; i++) {
    const c = text[i];
    if (backslashEscapes && c === '\\') i++;
    else if (c === quote) {
      if (text[i + 1] === quote) i++;
      else return i + 1;
    }
  }
  return -1;
}

/** End of the (nesting) block comment starting at `open`, or -1 when unterminated. */
function endOfBlockComment(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length - 1; i++) {
    if (text[i] === '/' && text[i + 1] === '*') {
      depth++;
      i++;
    } else if (text[i] === '*' && text[i + 1] === '/') {
      i++;
      if (--depth === 0) return i + 1;
    }
  }
  return -1;
}

/**
 * The offset where the first unterminated quote, dollar quote or block comment starts, or
 * `undefined` when every construct is closed.
 *
 * @example unterminatedStart("SET x = 1; SET y = 'oops") // 19
 */
export function unterminatedStart(text: string): number | undefined {
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const previous = text[i - 1] ?? ' ';
    let end = i + 1;
    if (c === '-' && text[i + 1] === '-') {
      const newline = text.indexOf('\n', i);
      end = newline < 0 ? text.length : newline;
    } else if (c === '/' && text[i + 1] === '*') {
      end = endOfBlockComment(text, i);
    } else if (c === "'") {
      const escapes = /[eE]/.test(previous) && !IDENT_CHAR.test(text[i - 2] ?? ' ');
      end = endOfQuoted(text, i, "'", escapes);
    } else if (c === '"') {
      end = endOfQuoted(text, i, '"', false);
    } else if (c === '$' && !IDENT_CHAR.test(previous)) {
      const tag = DOLLAR_TAG.exec(text.slice(i, i + 64))?.[0];
      if (tag) {
        const close = text.indexOf(tag, i + tag.length);
        end = close < 0 ? -1 : close + tag.length;
      }
    } else if (IDENT_CHAR.test(c)) {
      while (end < text.length && IDENT_CHAR.test(text[end]!)) end++;
    }
    if (end < 0) return i;
    i = end - 1;
  }
  return undefined;
}
