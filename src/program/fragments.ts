/**
 * SQL text a wrapper puts around its parameter (`'/* app *\/ ' + text`, `${text} LIMIT 100`), and the text
 * of a wrapper's call site: the caller's argument with the wrapper's text around it, mapped back to the
 * caller's source wherever the characters are the caller's own.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { ResolvedSql } from '../ast/sql-text.js';
import type { HoleKind, SqlAnalysis, SqlFragment } from '../sql/types.js';

/** No text. */
export const EMPTY_FRAGMENT: SqlFragment = Object.freeze({ parts: Object.freeze(['']), holes: Object.freeze([]) });

/**
 * A fragment of one known text.
 * @example textFragment('SET ') // { parts: ['SET '], holes: [] }
 */
export function textFragment(text: string): SqlFragment {
  return { parts: [text], holes: [] };
}

/**
 * A fragment of one unknown piece.
 * @example holeFragment('raw') // { parts: ['', ''], holes: ['raw'] }
 */
export function holeFragment(kind: HoleKind): SqlFragment {
  return { parts: ['', ''], holes: [kind] };
}

/**
 * Two fragments one after the other.
 * @example joinFragments(textFragment('SET '), holeFragment('raw')) // { parts: ['SET ', ''], holes: ['raw'] }
 */
export function joinFragments(first: SqlFragment, second: SqlFragment): SqlFragment {
  if (isEmpty(first)) return second;
  if (isEmpty(second)) return first;
  const parts = [...first.parts];
  parts[parts.length - 1] += second.parts[0]!;
  parts.push(...second.parts.slice(1));
  return { parts, holes: [...first.holes, ...second.holes] };
}

/**
 * Whether a fragment holds nothing at all.
 * @example isEmpty(EMPTY_FRAGMENT) // true
 */
export function isEmpty(fragment: SqlFragment): boolean {
  return fragment.holes.length === 0 && fragment.parts[0] === '';
}

/** The caller's text inside the wrapper's, and where the caller's part lies in the analysed text. */
export interface WrappedSql {
  resolved: ResolvedSql;
  /**
   * Whether a position of the analysed text lies in the caller's argument (not in the wrapper's text,
   * whose hazards are reported in the wrapper's own file).
   */
  inArgument(analysis: SqlAnalysis, offset: number): boolean;
}

/**
 * The call site's SQL: `before` + the argument's text + `after`. Source positions of the argument's
 * characters are the argument's; the wrapper's characters map to the argument's start (inexact, so no
 * range or suggestion is taken from them).
 *
 * @example wrapSql(textFragment('/* app *\/ '), resolveSqlText(arg, options)[0], EMPTY_FRAGMENT, arg)
 */
export function wrapSql(before: SqlFragment, inner: ResolvedSql, after: SqlFragment, arg: TSESTree.Node): WrappedSql {
  const shift = before.parts.length - 1;
  const lead = before.parts[shift]!.length;
  const innerParts = inner.fragment.parts;
  const fragment = joinFragments(joinFragments(before, inner.fragment), after);
  const resolved: ResolvedSql = {
    fragment,
    node: arg,
    // The wrapper's own holes have no expression in the caller's file: they stand at the argument.
    holeNodes: [
      ...before.holes.map(() => arg),
      ...(inner.holeNodes ?? inner.fragment.holes.map(() => arg)),
      ...after.holes.map(() => arg),
    ],
    complete: fragment.holes.length === 0,
    sourceIndex(part, offset) {
      const index = part - shift;
      const local = index === 0 ? offset - lead : offset;
      const length = innerParts[index]?.length ?? 0;
      return index >= 0 && index < innerParts.length && local >= 0 && local < length
        ? inner.sourceIndex(index, local)
        : arg.range[0];
    },
  };
  return {
    resolved,
    inArgument(analysis, offset) {
      const first = analysis.partOffsets[shift];
      const lastIndex = shift + innerParts.length - 1;
      const last = analysis.partOffsets[lastIndex];
      if (first === undefined || last === undefined) return false;
      const start = first + lead;
      const end = last + (innerParts.at(-1)?.length ?? 0) + (innerParts.length === 1 ? lead : 0);
      return offset >= start && offset < end;
    },
  };
}
