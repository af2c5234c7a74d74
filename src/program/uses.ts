/**
 * SQL uses at the call sites of wrappers: the caller's argument, resolved in the caller's file, with
 * the wrapper's own text around it, analysed like the SQL at a driver sink (`src/session/uses.ts`).
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { isFunction, unwrap } from '../ast/nodes.js';
import { resolveSqlText, type ResolveOptions, type ResolvedSql } from '../ast/sql-text.js';
import { knexPlaceholders } from '../session/holes.js';
import { queryUse, type SqlCandidate, type SqlUse } from '../session/uses.js';
import { analyzeSqlHazards, isInertSql } from '../sql/index.js';
import { wrapSql } from './fragments.js';
import type { ProgramPass, WrapperSqlArgument } from './index.js';

/**
 * The SQL uses of a call of a project function that wraps driver sinks (none for other calls). Only
 * findings in the caller's part of the text are kept: the wrapper's own text is reported in its file.
 * `builderCall`, asked after the cheaper check of the arguments: a call known to be no project function's (a
 * query builder's method, `qb.where('id', '=', id)`), which the pass is then not asked about.
 *
 * @example wrapperSqlUses(pass, call /* query('SET search_path TO ' + tenant) *\/, options)[0]?.candidates[0]?.analysis.findings
 */
export function wrapperSqlUses(
  pass: ProgramPass,
  call: TSESTree.CallExpression,
  options: ResolveOptions,
  builderCall?: (call: TSESTree.CallExpression) => boolean,
): SqlUse[] {
  if (call.arguments.every((arg) => isInertArgument(arg, options)) || builderCall?.(call)) return [];
  return pass.wrapperSqlArguments(call).map((wrapped) => {
    const base = {
      node: call,
      receiver: wrapped.receiver,
      value: { driver: wrapped.driver, kind: wrapped.kind, inTransaction: wrapped.inTransaction, direct: wrapped.direct },
      inTransaction: wrapped.inTransaction,
      withValues: wrapped.withValues,
    };
    const analyse = (node: TSESTree.Node) => candidates(wrapped, node, options);
    return wrapped.form === 'query'
      ? queryUse(base, wrapped.arg, options, analyse)
      : { ...base, sqlNode: wrapped.arg, candidates: analyse(wrapped.arg) };
  });
}

function candidates(wrapped: WrapperSqlArgument, node: TSESTree.Node, options: ResolveOptions): SqlCandidate[] {
  return resolveSqlText(node, options).map((inner: ResolvedSql) => {
    const text = wrapped.driver === 'knex' ? knexPlaceholders(inner, false) : inner;
    const { resolved, inArgument } = wrapSql(wrapped.before, text, wrapped.after, node);
    const analysis = analyzeSqlHazards(resolved.fragment);
    return { resolved, analysis: { ...analysis, findings: analysis.findings.filter((f) => inArgument(analysis, f.start)) } };
  });
}

/** Arguments written as text: what they can hold is known without the function they are passed to. */
const TEXT_NODES: ReadonlySet<string> = new Set([
  AST_NODE_TYPES.Literal,
  AST_NODE_TYPES.TemplateLiteral,
  AST_NODE_TYPES.TaggedTemplateExpression,
  AST_NODE_TYPES.BinaryExpression,
]);

/**
 * An argument no wrapper can turn into a finding or a transaction: no argument at all, a function, or text whose
 * every candidate is inert (`isInertSql`: `` sql`SELECT … ${id}` ``, `'SELECT 1'`, `42`). Which project function a
 * call runs is asked only when some argument is not: typed, that question costs the checker the type of the
 * receiver (a drizzle database typed from its schema costs seconds); untyped, it parses the wrapper's module.
 */
function isInertArgument(arg: TSESTree.CallExpressionArgument, options: ResolveOptions): boolean {
  const node = unwrap(arg);
  if (isFunction(node) || (node.type === AST_NODE_TYPES.Literal && typeof node.value !== 'string')) return true;
  if (!TEXT_NODES.has(node.type)) return false;
  const texts = resolveSqlText(node, options);
  return texts.length > 0 && texts.every((text) => isInertSql(text.fragment));
}
