/**
 * What a function's parameter holds, untyped or before the checker is asked: what every caller of the file passes
 * (`makeRepo(pool)`), what a driver gives its callback (`pool.connect((err, client) => …)`, `pool.on('connect',
 * (client) => …)`, `.then((client) => …)`), or what a same-file helper passes to the callback it is given
 * (`withClient(pool, async (client) => …)`).
 */
import { propName, stringValue, unwrap, type FunctionNode } from '../ast/nodes.js';
import type { Tracker } from './tracker.js';
import { produce } from './transitions.js';
import { directCalls, helperOf, parameterCalls, parameterId } from './user-functions.js';
import { callbackCall, lastCallback, sameFileFunction, type Val } from './values.js';
import { passed } from './writes.js';

/**
 * The value parameter `index` of `fn` holds, or undefined (the tracker memoises it per parameter).
 * @example parameterValue(tracker, connectCallback, 1)?.kind // 'pg.PoolClient'
 */
export function parameterValue(tracker: Tracker, fn: FunctionNode, index: number): Val | undefined {
  const call = callbackCall(fn, tracker);
  // `function makeRepo(db) { … }` called as `makeRepo(pool)`: what every caller of the file passes.
  if (!call) return passed(directCalls(fn, tracker), index, tracker);
  const callee = unwrap(call.callee);
  if (callee.type === 'MemberExpression' && propName(callee) === 'then' && call.arguments[0] === fn && index === 0) {
    const promise = tracker.track(callee.object);
    if (promise?.async) return { ...promise, async: false };
  }
  const driverCall = tracker.callOf(call);
  if (!driverCall) {
    // `withClient(pool, async (client) => …)`: what the helper passes when it calls its callback parameter.
    const found = helperOf(fn, call, (node) => sameFileFunction(node, tracker));
    const param = found && parameterId(found.helper, found.index);
    return param ? passed(parameterCalls(param, tracker), index, tracker) : undefined;
  }
  const target = driverCall.target as Val;
  const event = stringValue(call.arguments[0]);
  const eventSpec = event !== undefined && driverCall.spec.events ? driverCall.spec.events[event] : undefined;
  const callback =
    eventSpec && call.arguments[1] === fn ? eventSpec : lastCallback(call, tracker) === fn ? driverCall.spec.callback : undefined;
  const produces = callback?.params[index];
  return produces ? produce(tracker, target, produces, undefined) : undefined;
}
