/**
 * The catalog's transitions, as the tracker applies them: which driver API a call, `new` or tagged template
 * invokes (`callOf`), and the value a transition produces from its receiver (`produce`: `pool.connect()` → a
 * client, `drizzle(pool)` → a Drizzle instance over pg).
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { propName, unwrap, type CallLike } from '../ast/nodes.js';
import { CALLABLE_PROP_NAMES, CONSTRUCTIBLE_PROP_NAMES, KINDS, mayBeDriverMethod, propOf } from './catalog/index.js';
import type { CallSpec, Produces } from './catalog/types.js';
import { objectProperty } from './creations.js';
import type { Tracker } from './tracker.js';
import type { ImportedValue } from './imports.js';
import type { DriverCall } from './types.js';
import { boundMethod } from './user-functions.js';
import { makeValue, type Val } from './values.js';

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
