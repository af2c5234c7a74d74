/**
 * Template-literal fragments: the text the engine analyses is the fragment's parts joined with
 * placeholders that keep PostgreSQL's grammar happy wherever the hole sits (see `hole-context.ts`):
 *
 * - in code, a value hole becomes a parameter (`$9001`, `$9002`, … numbered by hole index, far above
 *   any `$n` a query uses); an identifier or raw hole a quoted identifier (`"__pooler_hole_0"`);
 * - touching a word (`tenant_${id}`, `${prefix}_jobs`), inside a quoted identifier (`"${x}"`,
 *   `"tenant_${id}"`), a string literal (`'${x}'`, `E'…'`, `$$…$$`) or a comment, the bare name
 *   `__pooler_hole_0`, which becomes part of that word, name, string or comment;
 * - a raw hole that is a statement of its own (`${setup}; LISTEN jobs`): `SELECT "__pooler_hole_0"`,
 *   so the statements around it parse and it still counts as a statement;
 * - a raw hole in a keyword or operator position (`ORDER BY a ${dir}`, `WHERE a ${op} b`), where the
 *   grammar rejects the quoted identifier: nothing, else `=`, whichever lets the parse get past it.
 *
 * A name that contains a placeholder is unknown (`isPlaceholderName`). A text that still does not
 * parse is read statement by statement, and a statement that does not parse by the scanner.
 */
import { holeSites, type HoleSite } from './hole-context.js';
import { byteToCharOffsets, parseSql } from './pg-parser.js';
import type { HoleKind, SqlAnalysis, SqlFragment, Span } from './types.js';

const FIRST_VALUE_PLACEHOLDER = 9001;
const IDENTIFIER_PREFIX = '__pooler_hole_';
/** What a raw hole in code is tried as when the grammar rejects an identifier there: a keyword's place, an operator's. */
const STRUCTURAL_FILLS = ['', '='];
/** Re-parses allowed for those, per text, and characters re-parsed at most (a few milliseconds of parsing). */
const MAX_REPARSES = 12;
const MAX_REPARSED_CHARS = 1_000_000;

/** The placeholder text for hole `index` at `site`. */
function placeholder(kind: HoleKind, index: number, site: HoleSite): string {
  const name = `${IDENTIFIER_PREFIX}${index}`;
  if (site.context !== 'code' || site.joined) return name;
  if (kind === 'value') return `$${FIRST_VALUE_PLACEHOLDER + index}`;
  return kind === 'raw' && site.statement ? `SELECT "${name}"` : `"${name}"`;
}

/** The text of a fragment, where each part starts in it and where each hole's placeholder sits. */
export interface BuiltText {
  text: string;
  partOffsets: number[];
  holes: Span[];
  /**
   * For a fragment with raw holes in code: the text with those holes refilled where the grammar rejects
   * them (this same text when that does not make it parse). Worth calling only when the text did not parse.
   */
  refill?: () => BuiltText;
}

function join(parts: readonly string[], fills: readonly string[]): BuiltText {
  let text = '';
  const partOffsets: number[] = [];
  const holes: Span[] = [];
  parts.forEach((part, index) => {
    if (index > 0) {
      const start = text.length;
      text += fills[index - 1] ?? '';
      holes.push({ start, end: text.length });
    }
    partOffsets.push(text.length);
    text += part;
  });
  return { text, partOffsets, holes };
}

/** Where a failed parse stopped, as a string offset; `undefined` when it parsed. */
function errorAt(text: string): number | undefined {
  const parsed = parseSql(text);
  return parsed.ok ? undefined : byteToCharOffsets(text)(Math.max(0, parsed.position));
}

/** The parse error is at the hole's placeholder or at the first token after it. */
function blames(text: string, hole: Span, at: number): boolean {
  return at >= hole.start && (at < hole.end || text.slice(hole.end, at).trim() === '');
}

/**
 * Raw holes in code that the grammar rejects as identifiers, refilled one at a time where the parse
 * error points at them. The new fills are kept only when the whole text then parses; otherwise the
 * text is read statement by statement with the first fills.
 */
function refill(parts: readonly string[], first: readonly string[], adjustable: readonly boolean[], built: BuiltText): BuiltText {
  const fills = [...first];
  let current = built;
  let at = errorAt(current.text);
  const given = new Set<number>();
  let reparses = 0;
  const limit = Math.min(MAX_REPARSES, Math.floor(MAX_REPARSED_CHARS / Math.max(1, built.text.length)));
  while (at !== undefined && reparses < limit) {
    const error = at;
    const hole = current.holes.findIndex((span, i) => adjustable[i] && !given.has(i) && blames(current.text, span, error));
    if (hole < 0) break;
    given.add(hole);
    for (const fill of STRUCTURAL_FILLS) {
      reparses++;
      const tried = [...fills];
      tried[hole] = fill;
      const next = join(parts, tried);
      const nextAt = errorAt(next.text);
      if (nextAt === undefined || !blames(next.text, next.holes[hole]!, nextAt)) {
        fills[hole] = fill;
        current = next;
        at = nextAt;
        break;
      }
    }
  }
  return at === undefined ? current : built;
}

/**
 * Joins a fragment's parts with hole placeholders (a plain string is its own text).
 *
 * @example buildText({ parts: ['SET search_path TO ', ''], holes: ['identifier'] })
 * // { text: 'SET search_path TO "__pooler_hole_0"', partOffsets: [0, 36], holes: [{ start: 19, end: 36 }] }
 * @example buildText({ parts: ['LISTEN "', '"'], holes: ['raw'] }).text // 'LISTEN "__pooler_hole_0"'
 * @example buildText({ parts: ['SELECT 1 ORDER BY a ', ''], holes: ['raw'] }).refill?.().text // 'SELECT 1 ORDER BY a '
 */
export function buildText(input: string | SqlFragment): BuiltText {
  if (typeof input === 'string') return { text: input, partOffsets: [0], holes: [] };
  const parts = input.parts.map(String);
  const sites = holeSites(parts);
  const kinds = sites.map((_, index): HoleKind => input.holes[index] ?? 'raw');
  const fills = sites.map((site, index) => placeholder(kinds[index]!, index, site));
  const built = join(parts, fills);
  const adjustable = sites.map((site, index) => kinds[index] === 'raw' && site.context === 'code' && !site.joined && !site.statement);
  return adjustable.includes(true) ? { ...built, refill: () => refill(parts, fills, adjustable, built) } : built;
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
 * Whether a name read from the analysed text comes from a hole, in whole or in part (so the real
 * name is unknown).
 *
 * @example isPlaceholderName('__pooler_hole_2') // true
 * @example isPlaceholderName('tenant___pooler_hole_0') // true
 */
export function isPlaceholderName(name: string): boolean {
  return name.includes(IDENTIFIER_PREFIX) || /^\$9\d{3,}$/.test(name);
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
  const { text, partOffsets, holes } = analysis;
  if (!Number.isInteger(offset) || offset < 0 || offset > text.length) return undefined;
  for (let part = partOffsets.length - 1; part >= 0; part--) {
    const start = partOffsets[part]!;
    if (offset < start) continue;
    const end = holes[part]?.start ?? text.length;
    return offset <= end ? { part, offset: offset - start } : undefined;
  }
  return undefined;
}
