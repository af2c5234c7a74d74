/**
 * What the values written to a variable or passed to a parameter add up to: the expressions a `let` is assigned
 * (without the variable's own value, so a write from itself is no cycle), and the one value they agree on. Pure
 * functions over the tracker, which answers for each expression.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { isNullish, unwrap } from '../ast/nodes.js';
import type { Val } from './values.js';

type Variable = TSESLint.Scope.Variable;

/** What the functions here ask of the value tracker. */
export interface WriteTracker {
  track(node: TSESTree.Node): Val | undefined;
  variableOf(identifier: TSESTree.Identifier): Variable | undefined;
}

/**
 * What a write can store, without the variable's own value: `c = c.ok ? c : pool` and `c ??= pool`
 * keep `c` or store `pool`, so only `pool` is new (the variable reached from itself would be a cycle).
 */
function alternatives(node: TSESTree.Node, variable: Variable, tracker: WriteTracker): TSESTree.Node[] {
  const inner = unwrap(node);
  if (inner.type === 'Identifier' && tracker.variableOf(inner) === variable) return [];
  if (inner.type === 'ConditionalExpression') {
    return [...alternatives(inner.consequent, variable, tracker), ...alternatives(inner.alternate, variable, tracker)];
  }
  if (inner.type === 'LogicalExpression' && inner.operator !== '&&' && unwrap(inner.left).type === 'Identifier') {
    const left = alternatives(inner.left, variable, tracker);
    if (left.length === 0) return alternatives(inner.right, variable, tracker);
  }
  return [node];
}

/**
 * The expressions a variable declared with `declarator` is given by its writes (`=`, `??=`, `||=`); undefined when
 * a write cannot be followed (`+=`, `++`, a destructuring write, an initialised pattern).
 * @example assignedExpressions(variable, declarator, writes, tracker) // [init, rightOfEachAssignment…]
 */
export function assignedExpressions(
  variable: Variable,
  declarator: TSESTree.VariableDeclarator,
  writes: readonly TSESLint.Scope.Reference[],
  tracker: WriteTracker,
): TSESTree.Node[] | undefined {
  const expressions: TSESTree.Node[] = [];
  for (const write of writes) {
    if (write.init) {
      if (declarator.id.type !== 'Identifier' || !declarator.init) return undefined;
      expressions.push(declarator.init);
      continue;
    }
    const parent = write.identifier.parent;
    const followed =
      parent?.type === 'AssignmentExpression' &&
      parent.left === write.identifier &&
      (parent.operator === '=' || parent.operator === '??=' || parent.operator === '||=');
    if (!followed) return undefined;
    expressions.push(...alternatives(parent.right, variable, tracker));
  }
  return expressions;
}

/**
 * The value all expressions agree on: one kind (null/undefined writes ignored), in a transaction or direct only
 * when every one is.
 * @example agree([node.consequent, node.alternate], tracker) // the pg.Pool both branches give
 */
export function agree(expressions: readonly TSESTree.Node[], tracker: WriteTracker): Val | undefined {
  const values = expressions.filter((e) => !isNullish(unwrap(e))).map((e) => tracker.track(e));
  const first = values[0];
  if (!first || values.some((v) => !v || v.kind !== first.kind || v.async !== first.async)) return undefined;
  if (values.length === 1) return first;
  return {
    ...first,
    inTransaction: values.every((v) => v!.inTransaction),
    direct: values.every((v) => v!.direct),
    ...(values.every((v) => v!.origin === first.origin) ? {} : { origin: undefined }),
  };
}

/**
 * The value every call passes at `index` (a call passing nothing there is left out; a spread is unknown).
 * @example passed(directCalls(fn, tracker), 0, tracker) // the pool each caller of `makeRepo(pool)` passes
 */
export function passed(calls: readonly TSESTree.CallExpression[] | undefined, index: number, tracker: WriteTracker): Val | undefined {
  if (!calls || calls.length === 0) return undefined;
  const args: TSESTree.Node[] = [];
  for (const call of calls) {
    if (call.arguments.slice(0, index + 1).some((arg) => arg.type === 'SpreadElement')) return undefined;
    const arg = call.arguments[index];
    if (arg) args.push(arg);
  }
  return args.length > 0 ? agree(args, tracker) : undefined;
}
