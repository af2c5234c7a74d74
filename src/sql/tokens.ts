/**
 * Small helpers over PostgreSQL scanner tokens (`scanSql`): keyword words, names, string contents,
 * parentheses and statement boundaries. Comments are never tokens, so nothing here can match a
 * word inside a comment or a string constant.
 */
import type { PgToken } from './pg-parser.js';

/**
 * The upper-cased word of a keyword or unquoted identifier token; `''` for anything else
 * (quoted identifiers, constants, punctuation).
 *
 * @example word({ text: 'set', tokenName: 'UNKNOWN', keywordName: 'UNRESERVED_KEYWORD', start: 0, end: 3 }) // 'SET'
 */
export function word(token: PgToken | undefined): string {
  if (!token) return '';
  if (token.keywordName !== 'NO_KEYWORD') return token.text.toUpperCase();
  if (token.tokenName === 'IDENT' && !token.text.startsWith('"')) return token.text.toUpperCase();
  return '';
}

/**
 * Whether a token is the given punctuation (`;`, `(`, `)`, `,`, `.`, `*`, `=`).
 *
 * @example isPunct(tokens[3], '(')
 */
export function isPunct(token: PgToken | undefined, char: string): boolean {
  return token !== undefined && token.text === char && token.keywordName === 'NO_KEYWORD' && token.tokenName !== 'IDENT';
}

/**
 * The name an identifier or keyword token stands for: quoted identifiers unquoted, others lower-cased.
 * `undefined` for constants, parameters and punctuation.
 *
 * @example identifierName(scanSql('"TimeZone"')![0]) // 'TimeZone'
 */
export function identifierName(token: PgToken | undefined): string | undefined {
  if (!token) return undefined;
  if (token.tokenName === 'IDENT' && token.text.startsWith('"')) return token.text.slice(1, -1).replace(/""/g, '"');
  if (token.tokenName === 'IDENT' || token.keywordName !== 'NO_KEYWORD') return token.text.toLowerCase();
  return undefined;
}

/**
 * Reads a possibly qualified name (`a`, `app.tenant_id`, `"x"."y"`) starting at `index`.
 *
 * @example dottedName(scanSql('app.tenant = 1')!, 0) // { name: 'app.tenant', next: 3 }
 */
export function dottedName(tokens: readonly PgToken[], index: number): { name: string; next: number } | undefined {
  const first = identifierName(tokens[index]);
  if (first === undefined) return undefined;
  let name = first;
  let next = index + 1;
  while (isPunct(tokens[next], '.')) {
    const part = identifierName(tokens[next + 1]);
    if (part === undefined) break;
    name += `.${part}`;
    next += 2;
  }
  return { name, next };
}

/**
 * The content of a string constant token (`'a''b'`, `E'a\'b'`, `$$x$$`, `$tag$x$tag$`);
 * `undefined` for other tokens and for forms it does not decode (`U&'…'`).
 *
 * @example stringContent(scanSql("'it''s'")![0]) // "it's"
 */
export function stringContent(token: PgToken | undefined): string | undefined {
  if (!token || token.tokenName !== 'SCONST') return undefined;
  const text = token.text;
  if (text.startsWith('$')) {
    const close = text.indexOf('$', 1);
    const delimiter = text.slice(0, close + 1);
    return text.slice(delimiter.length, text.length - delimiter.length);
  }
  if (text.startsWith("'")) return text.slice(1, -1).replace(/''/g, "'");
  if (/^[eE]'/.test(text)) {
    return text.slice(2, -1).replace(/''/g, "'").replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
  }
  return undefined;
}

/**
 * Where the content of a string constant token starts, when the content is its verbatim slice
 * (dollar quotes; plain quotes without doubled quotes). Lets spans inside a body map to the text.
 *
 * @example verbatimContentStart(scanSql('$x$abc$x$')![0], 'abc') // 3
 */
export function verbatimContentStart(token: PgToken, content: string): number | undefined {
  const text = token.text;
  const open = text.startsWith('$') ? text.slice(0, text.indexOf('$', 1) + 1) : /^[eE]?'/.exec(text)?.[0];
  if (!open) return undefined;
  const close = open.startsWith('$') ? open : "'";
  return text === open + content + close ? token.start + open.length : undefined;
}

/**
 * The index of the `)` that closes the `(` at `open`, or `undefined` when it is not closed.
 *
 * @example closingParen(scanSql('f(a, (b))')!, 1) // 7
 */
export function closingParen(tokens: readonly PgToken[], open: number): number | undefined {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    if (isPunct(tokens[i], '(')) depth++;
    else if (isPunct(tokens[i], ')') && --depth === 0) return i;
  }
  return undefined;
}

/**
 * Splits the arguments between `(` at `open` and its `)` on top-level commas.
 *
 * @example callArguments(scanSql("f(1, g(2, 3))")!, 1)!.length // 2
 */
export function callArguments(tokens: readonly PgToken[], open: number): PgToken[][] | undefined {
  const close = closingParen(tokens, open);
  if (close === undefined) return undefined;
  const args: PgToken[][] = [[]];
  let depth = 0;
  for (let i = open + 1; i < close; i++) {
    const token = tokens[i]!;
    if (isPunct(token, '(') || isPunct(token, '[')) depth++;
    else if (isPunct(token, ')') || isPunct(token, ']')) depth--;
    if (depth === 0 && isPunct(token, ',')) args.push([]);
    else args[args.length - 1]!.push(token);
  }
  return args.length === 1 && args[0]!.length === 0 ? [] : args;
}

/**
 * The first token at or after a string offset (binary search over tokens sorted by `start`).
 *
 * @example tokenIndexAt(scanSql('SELECT f(1)')!, 7) // 1
 */
export function tokenIndexAt(tokens: readonly PgToken[], offset: number): number {
  let low = 0;
  let high = tokens.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (tokens[mid]!.start < offset) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * Splits tokens into statements on top-level `;`, keeping `BEGIN ATOMIC … END` bodies and
 * parenthesised lists (`CREATE RULE … DO (…; …)`) whole. Returns `[from, to)` token index ranges
 * without the `;` tokens; empty statements are skipped.
 *
 * @example statementRanges(scanSql('SELECT 1; SELECT 2')!) // [[0, 2], [3, 5]]
 */
export function statementRanges(tokens: readonly PgToken[]): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  let from = 0;
  let depth = 0;
  let atomic = false;
  let caseDepth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const w = word(token);
    if (isPunct(token, '(')) depth++;
    else if (isPunct(token, ')')) depth = Math.max(0, depth - 1);
    else if (w === 'ATOMIC' && word(tokens[i - 1]) === 'BEGIN') atomic = true;
    else if (atomic && w === 'CASE') caseDepth++;
    else if (atomic && w === 'END') {
      if (caseDepth > 0) caseDepth--;
      else atomic = false;
    } else if (isPunct(token, ';') && depth === 0 && !atomic) {
      if (i > from) ranges.push([from, i]);
      from = i + 1;
    }
  }
  if (tokens.length > from) ranges.push([from, tokens.length]);
  return ranges;
}
