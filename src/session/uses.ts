/**
 * The SQL text at each sink the driver model finds: resolved from the AST, analysed by the SQL engine.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { constInitializer, resolveSqlText, type ResolveOptions, type ResolvedSql } from '../ast/sql-text.js';
import { isFunction, propName, unwrap, type FunctionNode } from '../drivers/ast.js';
import type { DriverModel, DriverValue, SqlSink } from '../drivers/index.js';
import { analyzeSql } from '../sql/index.js';
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
}

/**
 * The property `key` of an object literal, also through spreads of `const` object literals of this
 * file (`{ ...defaults, max: 5 }`); a later property wins, as in JavaScript.
 */
export function objectProperty(
  object: TSESTree.ObjectExpression,
  key: string,
  options?: ResolveOptions,
  depth = 0,
): TSESTree.Property | undefined {
  for (let i = object.properties.length - 1; i >= 0; i--) {
    const property = object.properties[i]!;
    if (property.type === AST_NODE_TYPES.Property && propName(property) === key) return property;
    if (property.type === AST_NODE_TYPES.SpreadElement && options && depth < 4) {
      const spread = objectLiteral(property.argument, options);
      const found = spread && objectProperty(spread, key, options, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * An object literal, directly, through a `const` of this file, or returned by a function of this file
 * (`pool.query(byId(1))` with `const byId = (id) => ({ name: 'by-id', text, values: [id] })`).
 */
export function objectLiteral(node: TSESTree.Node, options: ResolveOptions, depth = 0): TSESTree.ObjectExpression | undefined {
  const target = unwrap(node);
  if (target.type === AST_NODE_TYPES.ObjectExpression) return target;
  if (depth > 4) return undefined;
  if (target.type === AST_NODE_TYPES.Identifier) {
    const init = constInitializer(target, options.getScope(target));
    return init && !isFunction(init) ? objectLiteral(init, options, depth + 1) : undefined;
  }
  if (target.type === AST_NODE_TYPES.CallExpression && target.callee.type === AST_NODE_TYPES.Identifier) {
    const fn = functionOf(target.callee, options);
    const returned = fn && returnedExpression(fn);
    return returned ? objectLiteral(returned, options, depth + 1) : undefined;
  }
  return undefined;
}

/** The function a name is bound to in this file: a declaration or a `const` function expression. */
function functionOf(name: TSESTree.Identifier, options: ResolveOptions): FunctionNode | undefined {
  for (let scope: ReturnType<ResolveOptions['getScope']> | null = options.getScope(name); scope; scope = scope.upper) {
    const variable = scope.set.get(name.name);
    if (!variable) continue;
    const definition = variable.defs.length === 1 ? variable.defs[0] : undefined;
    if (definition?.type === 'FunctionName' && isFunction(definition.node)) return definition.node;
    const init = constInitializer(name, options.getScope(name));
    return isFunction(init) ? init : undefined;
  }
  return undefined;
}

/** The one expression a function returns: an arrow's expression body, or its only `return`. */
function returnedExpression(fn: FunctionNode): TSESTree.Node | undefined {
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return fn.body;
  const returns = fn.body.body.filter((s): s is TSESTree.ReturnStatement => s.type === AST_NODE_TYPES.ReturnStatement);
  return returns.length === 1 ? (returns[0]!.argument ?? undefined) : undefined;
}

function analysed(resolved: ResolvedSql[]): SqlCandidate[] {
  return resolved.map((r) => ({ resolved: r, analysis: analyzeSql(r.fragment) }));
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
    case 'query': {
      const config = objectLiteral(sink.sql, options);
      if (!config) return { ...base, candidates: analysed(resolveSqlText(sink.sql, options)) };
      const text = objectProperty(config, 'text');
      const name = objectProperty(config, 'name');
      return {
        ...base,
        sqlNode: text?.value ?? config,
        candidates: text ? analysed(resolveSqlText(text.value, options)) : [],
        withValues: base.withValues || objectProperty(config, 'values') !== undefined,
        ...(name ? { statementName: name } : {}),
      };
    }
  }
}

/** `fragment.execute(db)` (Kysely): the database the fragment runs on. */
function executedOn(node: TSESTree.Node, model: DriverModel): { value: DriverValue; receiver: TSESTree.Node } | undefined {
  const member = node.parent;
  if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== node || propName(member) !== 'execute') return undefined;
  const call = member.parent;
  const target = call?.type === AST_NODE_TYPES.CallExpression && call.callee === member ? call.arguments[0] : undefined;
  const value = target && target.type !== AST_NODE_TYPES.SpreadElement ? model.valueOf(target) : undefined;
  return value && target ? { value, receiver: target } : undefined;
}
