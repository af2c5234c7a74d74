/**
 * The SQL text at each sink the driver model finds: resolved from the AST, analysed by the SQL engine.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { constInitializer, resolveSqlText, type ResolveOptions, type ResolvedSql } from '../ast/sql-text.js';
import { enclosingFunction, propName } from '../ast/nodes.js';
import { findProperty, objectLiteralOf } from '../ast/objects.js';
import type { DriverModel, DriverValue, SqlSink } from '../drivers/index.js';
import { SQL_METHODS } from '../program/facts.js';
import { analyzeSqlHazards } from '../sql/index.js';
import type { SqlAnalysis } from '../sql/types.js';
import { classifyTagHole, knexPlaceholders } from './holes.js';

/** One possible SQL text at a sink, analysed. */
export interface SqlCandidate {
  resolved: ResolvedSql;
  analysis: SqlAnalysis;
}

/** A call that sends SQL to the database. */
export interface SqlUse {
  node: TSESTree.CallExpression | TSESTree.TaggedTemplateExpression;
  /** The expression of the connection the SQL goes through (for transaction tracking). */
  receiver: TSESTree.Node | undefined;
  value: DriverValue;
  /** The expression holding the SQL text. */
  sqlNode: TSESTree.Node;
  candidates: SqlCandidate[];
  /** Runs inside a transaction: the driver's transaction handle, or a `transaction` option. */
  inTransaction: boolean;
  /** Sent with bound values (extended protocol): a multi-statement text is then not one implicit transaction. */
  withValues: boolean;
  /** A query config's `name` property (pg, pg-promise): a named prepared statement. */
  statementName?: TSESTree.Property;
  /** A fragment embedded in a larger statement (`embeddedFragment`): not a statement of its own. */
  embedded?: boolean;
}

/**
 * The property `key` of an object literal, also through spreads of `const` object literals of this
 * file (`{ ...defaults, max: 5 }`); a later property wins, as in JavaScript.
 */
export function objectProperty(object: TSESTree.ObjectExpression, key: string, options: ResolveOptions): TSESTree.Property | undefined {
  return findProperty(object, key, options.getScope)?.property;
}

/** An object literal, directly, through a `const` of this file, or returned by a function of this file. */
export function objectLiteral(node: TSESTree.Node, options: ResolveOptions): TSESTree.ObjectExpression | undefined {
  return objectLiteralOf(node, options.getScope);
}

function analysed(resolved: ResolvedSql[]): SqlCandidate[] {
  return resolved.map((r) => ({ resolved: r, analysis: analyzeSqlHazards(r.fragment) }));
}

/**
 * The SQL a driver token carries: a tagged template of the driver's tag, `sql.raw(text)` /
 * `sql.unsafe(text)`, or a `const` bound to one.
 */
function tokenText(node: TSESTree.Node, options: ResolveOptions, depth = 0): ResolvedSql[] {
  if (node.type === AST_NODE_TYPES.TaggedTemplateExpression) {
    return resolveSqlText(node, { ...options, classifyHole: classifyTagHole });
  }
  if (node.type === AST_NODE_TYPES.CallExpression) {
    const method = node.callee.type === AST_NODE_TYPES.MemberExpression ? propName(node.callee) : undefined;
    const first = node.arguments[0];
    if ((method === 'raw' || method === 'unsafe') && first && first.type !== AST_NODE_TYPES.SpreadElement) {
      return resolveSqlText(first, options);
    }
    return [];
  }
  if (node.type === AST_NODE_TYPES.Identifier && depth < 4) {
    const init = constInitializer(node, options.getScope(node));
    return init ? tokenText(init, options, depth + 1) : [];
  }
  return node.type === AST_NODE_TYPES.Literal || node.type === AST_NODE_TYPES.TemplateLiteral
    ? resolveSqlText(node, options)
    : [];
}

function receiverOf(node: SqlSink['node']): TSESTree.Node | undefined {
  if (node.type === AST_NODE_TYPES.TaggedTemplateExpression) return node.tag;
  return node.callee.type === AST_NODE_TYPES.MemberExpression ? node.callee.object : undefined;
}

function hasValues(node: SqlSink['node'], sqlArg: TSESTree.Node): boolean {
  if (node.type === AST_NODE_TYPES.TaggedTemplateExpression) return node.quasi.expressions.length > 0;
  const index = node.arguments.indexOf(sqlArg as TSESTree.CallExpressionArgument);
  const next = node.arguments[index + 1];
  return next !== undefined && next.type !== AST_NODE_TYPES.ArrowFunctionExpression && next.type !== AST_NODE_TYPES.FunctionExpression;
}

/**
 * The SQL use at a sink of the driver model: what text reaches the database and its analysis.
 * Kysely's `sql\`…\`.execute(db)` runs the fragment on `db`; other fragments run where they are embedded
 * and are read only when they are not inside another template.
 *
 * @example sqlUseOf(model.sinkOf(node)!, model, options).candidates[0].analysis.findings
 */
export function sqlUseOf(sink: SqlSink, model: DriverModel, options: ResolveOptions): SqlUse | undefined {
  const base = {
    node: sink.node,
    receiver: receiverOf(sink.node),
    value: sink.receiver,
    sqlNode: sink.sql,
    inTransaction: sink.inTransaction,
    withValues: hasValues(sink.node, sink.sql),
  };
  if (sink.role === 'fragment') {
    if (sink.node.parent.type === AST_NODE_TYPES.TemplateLiteral) return undefined;
    const executed = executedOn(sink.node, model);
    if (executed) {
      base.value = executed.value;
      base.receiver = executed.receiver;
      base.inTransaction = executed.value.inTransaction;
    }
    if (!base.inTransaction && sentOnTransactionCallbackParameter(sink.node)) base.inTransaction = true;
    if (!executed && embeddedFragment(sink.node)) Object.assign(base, { embedded: true });
  }
  switch (sink.form) {
    case 'template':
      return { ...base, sqlNode: sink.node, candidates: analysed(tokenText(sink.node, options)) };
    case 'token':
      return { ...base, candidates: analysed(tokenText(sink.sql, options)) };
    case 'text': {
      let resolved = resolveSqlText(sink.sql, options);
      if (sink.receiver.driver === 'knex') {
        const bindings = sink.node.type === AST_NODE_TYPES.CallExpression ? sink.node.arguments[1] : undefined;
        resolved = resolved.map((r) => knexPlaceholders(r, bindings?.type === AST_NODE_TYPES.ObjectExpression));
      }
      return { ...base, candidates: analysed(resolved) };
    }
    case 'query':
      return queryUse(base, sink.sql, options, (node) => analysed(resolveSqlText(node, options)));
  }
}

/**
 * A use whose SQL argument is text or a query config (`{ text, name, values }`, pg and pg-promise): the
 * text is read from the config, a `name` makes it a named prepared statement, `values` bind parameters.
 * `analyse` turns the text's expression into candidates (the program pass wraps it in a wrapper's text).
 *
 * @example queryUse(base, <{ name: 'q', text: 'SELECT 1' }>, options, analyse).statementName // the `name` property
 */
export function queryUse(
  base: Omit<SqlUse, 'sqlNode' | 'candidates'>,
  sql: TSESTree.Node,
  options: ResolveOptions,
  analyse: (node: TSESTree.Node) => SqlCandidate[],
): SqlUse {
  const config = objectLiteral(sql, options);
  if (!config) return { ...base, sqlNode: sql, candidates: analyse(sql) };
  const text = objectProperty(config, 'text', options);
  const name = objectProperty(config, 'name', options);
  return {
    ...base,
    sqlNode: text?.value ?? config,
    candidates: text ? analyse(text.value) : [],
    withValues: base.withValues || objectProperty(config, 'values', options) !== undefined,
    ...(name ? { statementName: name } : {}),
  };
}

/**
 * A fragment embedded in a larger statement: an argument (or in an object or array argument) of a method that
 * sends no SQL itself, a query builder's (`db.selectNoFrom(sql`set_config('x', '0.5', true)`)`, `.where(sql`…`)`),
 * not of `db.execute(…)` nor `pool.query(…)`; or composed further (`sql`…`.as('t')`). A transaction-local setting there lasts the statement it is part
 * of, which is what it is written for.
 */
function embeddedFragment(fragment: TSESTree.Node): boolean {
  let node = fragment;
  let parent = node.parent;
  // `sql`…`.as('t')`, `.$castTo<…>()`: composed into a query; only `.execute(db)` runs a fragment.
  if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === node) return propName(parent) !== 'execute';
  while (
    parent &&
    ((parent.type === AST_NODE_TYPES.Property && parent.value === node) ||
      parent.type === AST_NODE_TYPES.ObjectExpression ||
      parent.type === AST_NODE_TYPES.ArrayExpression)
  ) {
    node = parent;
    parent = node.parent;
  }
  if (parent?.type !== AST_NODE_TYPES.CallExpression || !parent.arguments.includes(node as TSESTree.CallExpressionArgument)) return false;
  const method = parent.callee.type === AST_NODE_TYPES.MemberExpression ? propName(parent.callee) : undefined;
  return method !== undefined && !SQL_METHODS.has(method);
}

/** `fragment.execute(db)` (Kysely): the database the fragment runs on. */
/** Driver methods that run their callback inside a transaction: Drizzle, knex, Sequelize, TypeORM, slonik, Prisma. */
const TRANSACTION_METHODS: ReadonlySet<string> = new Set(['transaction', '$transaction']);

/** `X.transaction(cb)`, or Kysely's `X.transaction().execute(cb)`. */
function isTransactionCall(call: TSESTree.CallExpression): boolean {
  if (call.callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const method = propName(call.callee);
  if (method !== undefined && TRANSACTION_METHODS.has(method)) return true;
  const inner = call.callee.object;
  return (
    method === 'execute' &&
    inner.type === AST_NODE_TYPES.CallExpression &&
    inner.callee.type === AST_NODE_TYPES.MemberExpression &&
    propName(inner.callee) === 'transaction'
  );
}

/** The identifier a fragment is sent on: `tx` in `tx.execute(sql`…`)` (Drizzle) or `sql`…`.execute(tx)` (Kysely). */
function connectionOfFragment(fragment: TSESTree.Node): TSESTree.Identifier | undefined {
  const executed = executeTarget(fragment);
  if (executed !== null) return executed?.type === AST_NODE_TYPES.Identifier ? executed : undefined;
  const parent = fragment.parent;
  if (parent?.type !== AST_NODE_TYPES.CallExpression || !parent.arguments.includes(fragment as TSESTree.CallExpressionArgument)) return undefined;
  const object = parent.callee.type === AST_NODE_TYPES.MemberExpression ? parent.callee.object : undefined;
  return object?.type === AST_NODE_TYPES.Identifier ? object : undefined;
}

/**
 * `export async function up(db: Kysely<…>)` (or `down`): a Kysely migration, which Kysely's `Migrator` runs inside
 * a transaction on PostgreSQL (transactional DDL), one transaction per migration.
 */
function isKyselyMigration(fn: TSESTree.Node, param: TSESTree.Identifier): boolean {
  if (fn.type !== AST_NODE_TYPES.FunctionDeclaration || (fn.id?.name !== 'up' && fn.id?.name !== 'down')) return false;
  if (fn.parent.type !== AST_NODE_TYPES.ExportNamedDeclaration) return false;
  const type = param.typeAnnotation?.typeAnnotation;
  return type?.type === AST_NODE_TYPES.TSTypeReference && type.typeName.type === AST_NODE_TYPES.Identifier && type.typeName.name === 'Kysely';
}

/**
 * A fragment sent by a call on a parameter of a callback handed to a driver's `transaction` method:
 * `db.transaction(async (tx) => tx.execute(sql`SET LOCAL …`))` runs inside that transaction, also when
 * the file alone does not say whose `db` it is (a Drizzle database imported from another module); a Kysely
 * migration's `up(db)` / `down(db)`.
 * Only ever moves a statement inside a transaction (fewer "outside a transaction" reports), never out.
 */
function sentOnTransactionCallbackParameter(fragment: TSESTree.Node): boolean {
  const receiver = connectionOfFragment(fragment);
  if (!receiver) return false;
  for (let fn = enclosingFunction(receiver); fn; fn = enclosingFunction(fn)) {
    const param = fn.params.find((p): p is TSESTree.Identifier => p.type === AST_NODE_TYPES.Identifier && p.name === receiver.name);
    if (!param) continue;
    if (isKyselyMigration(fn, param)) return true;
    const parent = fn.parent;
    return parent?.type === AST_NODE_TYPES.CallExpression && parent.arguments.includes(fn as TSESTree.CallExpressionArgument) && isTransactionCall(parent);
  }
  return false;
}

/**
 * What `fragment.execute(target)` (Kysely's `sql`…`.execute(db)`) runs the fragment on: the target argument,
 * undefined when it is written with no argument or a spread; null when the fragment is not executed that way.
 */
function executeTarget(fragment: TSESTree.Node): TSESTree.Expression | undefined | null {
  const member = fragment.parent;
  if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== fragment || propName(member) !== 'execute') return null;
  const call = member.parent;
  const target = call?.type === AST_NODE_TYPES.CallExpression && call.callee === member ? call.arguments[0] : undefined;
  return target?.type === AST_NODE_TYPES.SpreadElement ? undefined : target;
}

function executedOn(node: TSESTree.Node, model: DriverModel): { value: DriverValue; receiver: TSESTree.Node } | undefined {
  const target = executeTarget(node);
  const value = target ? model.valueOf(target) : undefined;
  return value && target ? { value, receiver: target } : undefined;
}
