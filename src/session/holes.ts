/**
 * What `${…}` means inside a driver's SQL tag, and knex's `?` / `??` placeholders.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { propName } from '../ast/nodes.js';
import type { HoleClassifier, ResolvedSql } from '../ast/sql-text.js';
import type { HoleKind } from '../sql/types.js';

const INLINE_METHODS = new Set(['raw', 'unsafe', 'fragment']);
const IDENTIFIER_METHODS = new Set(['id', 'ref', 'table', 'identifier']);

/**
 * Holes of a driver's tagged template, the same across postgres.js, Prisma, Kysely, Drizzle and slonik:
 * nested tags and `sql.raw(…)` / `sql.unsafe(…)` / `Prisma.raw(…)` are SQL text (inlined), `sql(name)`,
 * `sql.id(…)`, `sql.ref(…)`, `sql.identifier(…)` are identifiers, anything else is a bound value.
 *
 * @example sql`SET search_path TO ${sql(schema)}` // the hole is an identifier
 */
export const classifyTagHole: HoleClassifier = (expression) => {
  if (expression.type === AST_NODE_TYPES.TaggedTemplateExpression) return { inline: expression };
  if (expression.type !== AST_NODE_TYPES.CallExpression) return 'value';
  const method = expression.callee.type === AST_NODE_TYPES.MemberExpression ? propName(expression.callee) : undefined;
  const first = expression.arguments[0];
  if (method && INLINE_METHODS.has(method)) return first ? { inline: first } : 'raw';
  if (method && IDENTIFIER_METHODS.has(method)) return 'identifier';
  // postgres.js `sql(name)`: a helper for identifiers (or value lists in INSERT).
  if (expression.callee.type === AST_NODE_TYPES.Identifier) return 'identifier';
  return 'value';
};

/**
 * Rewrites knex placeholders into holes: `??` and `:name:` are identifiers, `?` and `:name` values,
 * `\\?` a literal question mark.
 *
 * @example knexPlaceholders(resolve("SET search_path TO ??")) // parts ['SET search_path TO ', ''], holes ['identifier']
 */
export function knexPlaceholders(resolved: ResolvedSql, named: boolean): ResolvedSql {
  const pattern = named ? /\\\?|(?<!:):\w+:(?!:)|(?<!:):\w+|\?\?|\?/g : /\\\?|\?\?|\?/g;
  const parts: string[] = [];
  const holes: HoleKind[] = [];
  const holeNodes: Array<TSESTree.Node | undefined> = [];
  const origins: Array<{ part: number; offset: number }> = [];
  resolved.fragment.parts.forEach((text, partIndex) => {
    let start = 0;
    for (const match of text.matchAll(pattern)) {
      const token = match[0];
      if (token === '\\?') continue; // an escaped, literal question mark
      parts.push(text.slice(start, match.index));
      origins.push({ part: partIndex, offset: start });
      holes.push(token === '??' || (token.length > 2 && token.endsWith(':')) ? 'identifier' : 'value');
      holeNodes.push(resolved.node);
      start = match.index + token.length;
    }
    parts.push(text.slice(start));
    origins.push({ part: partIndex, offset: start });
    const hole = resolved.fragment.holes[partIndex];
    if (hole) {
      holes.push(hole);
      holeNodes.push(resolved.holeNodes?.[partIndex]);
    }
  });
  return {
    ...resolved,
    fragment: { parts, holes },
    holeNodes: holeNodes.map((node) => node ?? resolved.node),
    complete: holes.length === 0,
    sourceIndex(part, offset) {
      const origin = origins[part];
      return origin ? resolved.sourceIndex(origin.part, origin.offset + offset) : resolved.node.range[0];
    },
  };
}
