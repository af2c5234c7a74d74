/**
 * Same-file wrappers without the program pass (untyped lint): a function of this file that hands its
 * parameter straight to a driver's SQL argument (`function exec(text) { return pool.query(text) }`, an
 * object of closures `{ query: (text) => pool.query(text) }` bound to a const or returned by a factory
 * of this file) is a sink at its call sites: the caller's argument is the SQL. Found from the file's own
 * sinks, so a call is looked at only when its callee's name is such a wrapper's.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { resolveSqlText, type ResolveOptions } from '../ast/sql-text.js';
import { enclosingFunction, isFunction, propName, unwrap, type CallLike, type FunctionNode } from '../ast/nodes.js';
import type { DriverModel, SqlSink } from '../drivers/index.js';
import { objectProperty } from '../drivers/creations.js';
import { parameterId, parameterIndex, scopeResolver } from '../drivers/user-functions.js';
import { returnedExpressions, sameFileFunction, type CalleeResolver } from '../drivers/values.js';
import { analyzeSqlHazards } from '../sql/index.js';
import { queryUse, type SqlCandidate, type SqlUse } from './uses.js';

/** A wrapper's parameter that is a sink's SQL argument. */
interface ParamSink {
  readonly param: number;
  readonly sink: SqlSink;
}

/** The same-file wrappers of one file. */
export class LocalWrappers {
  readonly #byFunction = new Map<FunctionNode, ParamSink[]>();
  /** The names wrappers are called by: a function's, a const's or an object property's. */
  readonly #names = new Set<string>();
  readonly #resolver: CalleeResolver;

  /** Reads the file's sinks (the driver model memoises them: the session analysis asks again). */
  constructor(
    calls: readonly CallLike[],
    model: DriverModel,
    private readonly sourceCode: Readonly<TSESLint.SourceCode>,
  ) {
    this.#resolver = scopeResolver(sourceCode);
    for (const node of calls) {
      if (node.type !== 'CallExpression') continue;
      const sink = model.sinkOf(node);
      if (!sink || (sink.form !== 'text' && sink.form !== 'query')) continue;
      const sql = unwrap(sink.sql);
      const fn = sql.type === 'Identifier' ? enclosingFunction(node) : undefined;
      if (!fn || sql.type !== 'Identifier') continue;
      const param = parameterIndex(fn, sql, this.#resolver);
      const name = param < 0 ? undefined : nameOf(fn);
      if (name === undefined) continue;
      this.#names.add(name);
      const list = this.#byFunction.get(fn);
      if (list) list.push({ param, sink });
      else this.#byFunction.set(fn, [{ param, sink }]);
    }
  }

  /**
   * The SQL uses of a call of a same-file wrapper (none for other calls).
   * @example wrappers.usesAt(call /* exec('LISTEN x') *\/, options)[0]?.candidates[0]?.analysis.findings
   */
  usesAt(call: TSESTree.CallExpression, options: ResolveOptions): SqlUse[] {
    if (this.#names.size === 0) return [];
    const callee = unwrap(call.callee);
    const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? propName(callee) : undefined;
    if (name === undefined || !this.#names.has(name)) return [];
    const fn = this.#functionOf(callee);
    const sinks = (fn && this.#byFunction.get(fn)) ?? [];
    return sinks.flatMap(({ param, sink }) => {
      const arg = call.arguments[param];
      if (!arg || call.arguments.slice(0, param + 1).some((a) => a.type === 'SpreadElement')) return [];
      const base = {
        node: call,
        receiver: this.#receiverAt(call, sink, fn!),
        value: sink.receiver,
        inTransaction: sink.inTransaction,
        withValues: passesValues(sink),
      };
      const analyse = (node: TSESTree.Node): SqlCandidate[] =>
        resolveSqlText(node, options).map((resolved) => ({ resolved, analysis: analyzeSqlHazards(resolved.fragment) }));
      return [sink.form === 'query' ? queryUse(base, arg, options, analyse) : { ...base, sqlNode: arg, candidates: analyse(arg) }];
    });
  }

  /**
   * The connection a call of the wrapper sends on, for transaction scope: the caller's argument when the
   * wrapper sends on its parameter (`exec(client, text)`), or a variable declared outside the wrapper that
   * every call shares (`function exec(t) { return client.query(t) }`), so that `exec('BEGIN')` opens a
   * transaction for the next `exec(…)` of the caller.
   */
  #receiverAt(call: TSESTree.CallExpression, sink: SqlSink, fn: FunctionNode): TSESTree.Node | undefined {
    const callee = sink.node.type === 'CallExpression' ? unwrap(sink.node.callee) : undefined;
    const receiver = callee?.type === 'MemberExpression' ? unwrap(callee.object) : undefined;
    if (receiver?.type !== 'Identifier') return undefined;
    const def = this.#resolver.variableOf(receiver)?.defs[0];
    if (def?.type === 'Parameter' && def.node === fn) {
      const index = fn.params.findIndex((_, i) => parameterId(fn, i) === def.name);
      const arg = index < 0 || call.arguments.slice(0, index + 1).some((a) => a.type === 'SpreadElement') ? undefined : call.arguments[index];
      return arg;
    }
    const declared = def?.node;
    return declared && (declared.range[1] <= fn.range[0] || declared.range[0] >= fn.range[1]) ? receiver : undefined;
  }

  /** The same-file function a callee runs: a function, or a closure of an object literal of this file. */
  #functionOf(callee: TSESTree.Node): FunctionNode | undefined {
    if (callee.type === 'Identifier') return sameFileFunction(callee, this.#resolver);
    if (callee.type !== 'MemberExpression') return undefined;
    const name = propName(callee);
    const object = unwrap(callee.object);
    if (name === undefined || object.type !== 'Identifier') return undefined;
    const init = this.#resolver.constInit(object);
    const value = init && unwrap(init);
    // `const db = createDb(pool)`: the object literal the factory returns.
    const factory = value?.type === 'CallExpression' ? sameFileFunction(value.callee, this.#resolver) : undefined;
    const returned = factory ? returnedExpressions(factory, this.sourceCode.visitorKeys) : undefined;
    const literal = returned ? (returned.expressions.length === 1 && !returned.bare ? returned.expressions[0] : undefined) : value;
    const member = literal && objectProperty(literal, name, this.#resolver.constInit);
    return member && isFunction(member) ? member : undefined;
  }
}

/** The name a function is called by: its own, its const's, or its object property's. */
function nameOf(fn: FunctionNode): string | undefined {
  if (fn.type === 'FunctionDeclaration') return fn.id?.name;
  const parent = fn.parent;
  if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
  if (parent?.type === 'Property' && parent.value === fn) return propName(parent);
  return undefined;
}

/** The wrapper's driver call passes something after the SQL: bound values, possibly. */
function passesValues(sink: SqlSink): boolean {
  if (sink.node.type !== 'CallExpression') return false;
  const next = sink.node.arguments[sink.node.arguments.indexOf(sink.sql as TSESTree.CallExpressionArgument) + 1];
  return next !== undefined && !isFunction(next);
}
