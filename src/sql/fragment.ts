/**
 * Template-literal fragments: the text the engine analyses is the fragment's parts joined with
 * placeholders that keep PostgreSQL's grammar happy. A value hole becomes a parameter (`$9001`,
 * `$9002`, … numbered by hole index, far above any `$n` a query uses); an identifier or raw hole
 * becomes a quoted identifier (`"__pooler_hole_0"`). A raw hole that makes its statement
 * unparsable is classified by the scanner, like any other statement that does not parse.
 */
import type { HoleKind, SqlAnalysis, SqlFragment } from './types.js';

const FIRST_VALUE_PLACEHOLDER = 9001;
const IDENTIFIER_PREFIX = '__pooler_hole_';

/** The placeholder text for hole `index`. */
function placeholder(kind: HoleKind, index: number): string {
  return kind === 'value' ? `$${FIRST_VALUE_PLACEHOLDER + index}` : `"${IDENTIFIER_PREFIX}${index}"`;
}

/** The text of a fragment and where each part starts in it. */
export interface BuiltText {
  text: string;
  partOffsets: number[];
}

/**
 * Joins a fragment's parts with hole placeholders (a plain string is its own text).
 *
 * @example buildText({ parts: ['SET search_path TO ', ''], holes: ['identifier'] })
 * // { text: 'SET search_path TO "__pooler_hole_0"', partOffsets: [0, 36] }
 */
export function buildText(input: string | SqlFragment): BuiltText {
  if (typeof input === 'string') return { text: input, partOffsets: [0] };
  let text = '';
  const partOffsets: number[] = [];
  input.parts.forEach((part, index) => {
    if (index > 0) text += placeholder(input.holes[index - 1] ?? 'raw', index - 1);
    partOffsets.push(text.length);
    text += String(part);
  });
  return { text, partOffsets };
}

/**
 * The cache key of an input: the text itself for a string (prefixed when it starts with a NUL
 * character); for a fragment, a NUL character, `F`, the hole kinds and the parts. So no string
 * and fragment share a key, even when their analysed texts are equal.
 *
 * @example cacheKey('SELECT 1') // 'SELECT 1'
 */
export function cacheKey(input: string | SqlFragment): string {
  if (typeof input === 'string') return input.startsWith('\u0000') ? `\u0000S${input}` : input;
  return `\u0000F${input.holes.join(',')}\u0000${input.parts.join('\u0000')}`;
}

/**
 * Whether a name read from the analysed text is a hole placeholder (so the real name is unknown).
 *
 * @example isPlaceholderName('__pooler_hole_2') // true
 */
export function isPlaceholderName(name: string): boolean {
  return name.startsWith(IDENTIFIER_PREFIX) || /^\$9\d{3,}$/.test(name);
}

/** The length of the placeholder that ends at `nextPartStart`, for hole `index`. */
function placeholderLength(text: string, index: number, nextPartStart: number): number {
  for (const kind of ['value', 'identifier'] as const) {
    const candidate = placeholder(kind, index);
    if (text.slice(nextPartStart - candidate.length, nextPartStart) === candidate) return candidate.length;
  }
  return 0;
}

/**
 * Maps an offset in `analysis.text` back to the fragment part it falls in and the offset within
 * that part; `undefined` when it falls inside a hole placeholder (or outside the text). An offset
 * at the end of a part (where a placeholder starts) belongs to that part.
 *
 * @example
 * const analysis = analyzeSql({ parts: ['LISTEN ', '; LISTEN b'], holes: ['identifier'] });
 * locateInFragment(analysis, analysis.text.indexOf('LISTEN b')) // { part: 1, offset: 2 }
 */
export function locateInFragment(analysis: SqlAnalysis, offset: number): { part: number; offset: number } | undefined {
  const { text, partOffsets } = analysis;
  if (!Number.isInteger(offset) || offset < 0 || offset > text.length) return undefined;
  for (let part = partOffsets.length - 1; part >= 0; part--) {
    const start = partOffsets[part]!;
    if (offset < start) continue;
    const next = partOffsets[part + 1];
    const end = next === undefined ? text.length : next - placeholderLength(text, part, next);
    return offset <= end ? { part, offset: offset - start } : undefined;
  }
  return undefined;
}
