/**
 * The catalog's transitions, as the tracker applies them: which driver API a call, `new` or tagged template
 * invokes (`callOf`), and the value a transition produces from its receiver (`produce`: `pool.connect()` → a
 * client, `drizzle(pool)` → a Drizzle instance over pg).
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { isFunction, propName, unwrap, type CallLike, type FunctionNode } from '../ast/nodes.js';
import { CALLABLE_PROP_NAMES, CONSTRUCTIBLE_PROP_NAMES, KINDS, mayBeDriverMethod, propOf } from './catalog/index.js';
import type { CallSpec, Produces } from './catalog/types.js';
import { objectProperty } from './creations.js';
import type { Tracker } from './tracker.js';
import type { ImportedValue } from './imports.js';
import type { DriverCall } from './types.js';
import { boundMethod } from './user-functions.js';
import { thisClass } from './this-fields.js';
import { makeValue, returnedExpressions, sameFileFunction, type Val } from './values.js';

const SOLID_ROLES = new Set(['pool', 'client', 'connection', 'transaction', 'builder']);

/**
 * A settled driver value (not a promise, not a user function); `typed` as in `Tracker.track`.
 * @example settled(tracker, receiverNode)?.kind // 'pg.Pool'
 */
export function settled(tracker: Tracker, node: TSESTree.Node, typed = true): Val | undefined {
  const value = tracker.track(node, typed);
  return value && !value.async && !value.callable ? value : undefined;
}

/**
 * A node whose type typed lint does not ask, because a query builder the catalog does not model is its source:
 * - a call of a method a driver value's kind does not have (`db.selectFrom('t')`, where `db` is a Kysely instance:
 *   the catalog models every method that gives a driver value, `db.withSchema('x')` included), its callee, and
 *   calls chained on it (`db.selectFrom('t').where(…)`) and their callees;
 * - a call or member of such a parameter (below): `qb.selectFrom(…)`, `eb.fn`;
 * - a call of a function of this file whose every return is one of these (`this.builder()`), and the callee
 *   `this.builder` of a method of the class;
 * - a parameter of a callback passed to a call that left the catalog (`eb` in `db.selectFrom('t').where((eb) => …)`,
 *   `qb` in `db.with('x', (qb) => …)`).
 * A builder's type is among the costliest a checker computes (Kysely over a 100-table schema: seconds for a file),
 * and it is no driver value. A member read (`db.$client`) is still asked. `typed` false: found without asking
 * the checker anything new (values it already gave still count).
 * @example offCatalogSource(tracker, whereCall /* db.selectFrom('t').where(…) *\/) // true
 */
export function offCatalogSource(tracker: Tracker, node: TSESTree.Node, depth = 0, typed = true): boolean {
  if (depth > 8) return false;
  const own = node.type === 'CallExpression' ? ownFunction(tracker, node) : undefined;
  if (own) return returnsOffCatalog(tracker, own, depth, typed);
  // `this.builder` called: a method of this class, a function and no driver value
  if (node.type === 'MemberExpression' && node.parent.type === 'CallExpression' && node.parent.callee === node && ownFunction(tracker, node.parent)) return true;
  if (node.type === 'CallExpression' || node.type === 'MemberExpression') {
    const receiver = node.type === 'CallExpression' ? memberReceiver(node) : unwrap(node.object);
    if (receiver?.type === 'CallExpression') return offCatalog(tracker, receiver, 0, typed);
    if (receiver?.type === 'Identifier' && offCatalogSource(tracker, receiver, depth, typed)) return true; // `eb.fn`, `qb.selectFrom(…)`
    // `tx.selectFrom(…)` and its callee: a method the kind does not have (a member read, `db.$client`, is still asked)
    const member = node.type === 'CallExpression' ? unwrap(node.callee) : node;
    const called = node.type === 'CallExpression' || (node.parent.type === 'CallExpression' && node.parent.callee === node);
    const value = called && receiver && member.type === 'MemberExpression' ? settled(tracker, receiver, typed) : undefined;
    const name = member.type === 'MemberExpression' ? propName(member) : undefined;
    return value !== undefined && (name === undefined || !hasMember(value, name));
  }
  if (node.type !== 'Identifier') return false;
  const def = tracker.variableOf(node)?.defs[0];
  const fn = def?.type === 'Parameter' ? def.node : undefined;
  const call = fn && isFunction(fn) ? fn.parent : undefined;
  return call?.type === 'CallExpression' && call.arguments.includes(fn as TSESTree.CallExpressionArgument) && offCatalog(tracker, call, 0, typed);
}

function offCatalog(tracker: Tracker, call: TSESTree.CallExpression, depth: number, typed: boolean): boolean {
  if (depth > 32) return false;
  const own = ownFunction(tracker, call);
  if (own) return returnsOffCatalog(tracker, own, depth + 1, typed);
  const receiver = memberReceiver(call);
  if (!receiver) return false;
  const value = settled(tracker, receiver, typed);
  if (!value) return receiver.type === 'CallExpression' ? offCatalog(tracker, receiver, depth + 1, typed) : receiver.type === 'Identifier' && offCatalogSource(tracker, receiver, 0, typed);
  const name = propName(unwrap(call.callee) as TSESTree.MemberExpression);
  return name === undefined || !hasMember(value, name);
}

/** A function of this file a call calls: `build()`, or a method of the class `this.build()` is in. */
function ownFunction(tracker: Tracker, call: TSESTree.CallExpression): FunctionNode | undefined {
  const callee = unwrap(call.callee);
  if (callee.type !== 'MemberExpression' || callee.object.type !== 'ThisExpression') return sameFileFunction(callee, tracker);
  const owner = thisClass(callee.object);
  const name = propName(callee);
  const method = owner?.body.body.find((m) => m.type === 'MethodDefinition' && m.kind === 'method' && m.static === owner.isStatic && propName(m) === name);
  return method?.type === 'MethodDefinition' && isFunction(method.value) ? method.value : undefined;
}

/** Every value a function returns is off the catalog (`builder() { return this.db.selectFrom('t') }`). */
function returnsOffCatalog(tracker: Tracker, fn: FunctionNode, depth: number, typed: boolean): boolean {
  const { expressions, bare } = returnedExpressions(fn, tracker.env.sourceCode.visitorKeys);
  return !bare && expressions.length > 0 && expressions.every((expression) => offCatalogSource(tracker, unwrap(expression), depth + 1, typed));
}

/** Whether a driver value's kind has a method or property `name` (the catalog's). */
function hasMember(value: Val, name: string): boolean {
  const { methods, props } = KINDS[value.kind];
  return (methods !== undefined && Object.hasOwn(methods, name)) || (props !== undefined && Object.hasOwn(props, name));
}

/** `x` of a call `x.m(…)`, unwrapped. */
function memberReceiver(call: TSESTree.CallExpression): TSESTree.Node | undefined {
  const callee = unwrap(call.callee);
  return callee.type === 'MemberExpression' ? unwrap(callee.object) : undefined;
}

/**
 * The value of property `name` of a settled driver value (the catalog's `props`), or undefined.
 * @example propValue(tracker, pgModule, 'Pool')?.kind // 'pg.PoolClass'
 */
export function propValue(tracker: Tracker, value: Val, name: string): Val | undefined {
  if (value.async || value.callable) return undefined;
  const produces = propOf(value.kind, name);
  if (produces) return produce(tracker, value, produces, undefined);
  const role = KINDS[value.kind].role;
  // `import * as pg from 'pg'; pg.default` and `(await import('pg')).default`
  return name === 'default' && (role === 'module' || role === 'function' || role === 'class') ? value : undefined;
}

/**
 * The instance `new X()` makes when `node` is a driver class (what an annotation `pool: Pool` declares), or undefined.
 * @example instanceOf(tracker, PoolIdentifier) // { kind: 'pg.Pool' }
 */
export function instanceOf(tracker: Tracker, node: TSESTree.Node): ImportedValue | undefined {
  const value = settled(tracker, node);
  const produces = value && KINDS[value.kind].construct?.result;
  return produces && { kind: produces.kind, ...(produces.via ? { via: produces.via } : {}) };
}

/**
 * The value a catalog transition produces from `from` (a receiver, module or call target).
 * @example produce(tracker, pool, connectSpec.result!, call) // { kind: 'pg.PoolClient', async: true, … }
 */
export function produce(tracker: Tracker, from: Val | undefined, produces: Produces, node?: TSESTree.CallExpression | TSESTree.NewExpression): Val {
  if (node && produces.creates) {
    const parts = tracker.creationParts(node, produces.creates);
    const created = makeValue(produces.kind, {
      inTransaction: produces.inTransaction === true,
      origin: node,
      direct: parts.direct,
      via: produces.via,
      async: produces.async,
    });
    return wrap(tracker, created, produces, node);
  }
  const value = makeValue(produces.kind, {
    inTransaction: produces.inTransaction === true || from?.inTransaction === true,
    direct: from?.direct,
    origin: from?.origin,
    via: produces.via ?? from?.via,
    async: produces.async,
  });
  return node ? wrap(tracker, value, produces, node) : value;
}

/** `drizzle(pool)`, `new PostgresDialect({ pool })`: origin, directness and driver of the wrapped value. */
function wrap(tracker: Tracker, value: Val, produces: Produces, node: TSESTree.CallExpression | TSESTree.NewExpression): Val {
  for (const path of produces.wraps ?? []) {
    const arg = node.arguments[path.arg];
    const target = arg && (path.prop ? objectProperty(arg, path.prop, tracker.constInit) : arg);
    const wrapped = target && tracker.track(target);
    if (!wrapped || wrapped.async || !SOLID_ROLES.has(KINDS[wrapped.kind].role)) continue;
    return {
      ...value,
      direct: value.direct || wrapped.direct,
      ...(wrapped.origin ? { origin: wrapped.origin } : {}),
      via: produces.via ?? wrapped.via ?? wrapped.driver,
    };
  }
  return value;
}

/**
 * The driver API a call, `new` or tagged template invokes (not memoised: `Tracker.callOf` is). The checker is
 * asked only where its answer can make this a driver call (see `Tracker.track`).
 */
export function computeCall(tracker: Tracker, node: CallLike): DriverCall | undefined {
  const done = (target: Val | undefined, method: string | undefined, spec: CallSpec | undefined) =>
    target && spec ? { node, target, method, spec } : undefined;
  const typed = tracker.typedLookup;
  const calleeName = (callee: TSESTree.Node) => (callee.type === 'MemberExpression' ? propName(callee) : undefined);
  if (node.type === 'NewExpression') {
    const name = calleeName(node.callee);
    const target = settled(tracker, node.callee, name !== undefined ? CONSTRUCTIBLE_PROP_NAMES.has(name) : typed ? typed.findsConstructible : !tracker.gated);
    return done(target, undefined, target && KINDS[target.kind].construct);
  }
  if (node.type === 'TaggedTemplateExpression') {
    const target = settled(tracker, node.tag);
    return done(target, undefined, target && KINDS[target.kind].tag ? {} : undefined);
  }
  const callee = unwrap(node.callee);
  if (callee.type === 'MemberExpression') {
    const name = propName(callee);
    const receiver = name === undefined ? undefined : settled(tracker, callee.object, mayBeDriverMethod(name, node.arguments));
    const methods = receiver && KINDS[receiver.kind].methods;
    if (methods && Object.hasOwn(methods, name!)) return done(receiver, name, methods[name!]);
  }
  const bound = boundMethod(callee, tracker.constInit);
  if (bound) {
    const receiver = settled(tracker, bound.receiver, mayBeDriverMethod(bound.method, node.arguments));
    const methods = receiver && KINDS[receiver.kind].methods;
    if (methods && Object.hasOwn(methods, bound.method)) return done(receiver, bound.method, methods[bound.method]);
  }
  const name = calleeName(callee);
  const target = settled(tracker, callee, name !== undefined ? CALLABLE_PROP_NAMES.has(name) : typed ? typed.findsCallable : !tracker.gated);
  return done(target, undefined, target && KINDS[target.kind].call);
}
