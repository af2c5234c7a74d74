/** Building tracked values, and the syntax the tracker reads through: patterns and same-file functions. */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { isFunction, propName, soleValueDefinition, unwrap, walk, type FunctionNode, type VisitorKeys } from '../ast/nodes.js';
import { KINDS } from './catalog/index.js';
import type { ImportedValue } from './imports.js';
import type { ValueKind } from './kinds.js';
import type { DriverValue } from './types.js';

/** A tracked value: a driver value, a promise of one (`async`), or a user function returning one. */
export interface Val extends DriverValue {
  async?: boolean;
  callable?: 'returns' | 'resolves';
}

/**
 * A value of `kind` (driver and transaction-ness from the catalog) with the given flags.
 * @example makeValue('pg.Pool', { origin: newPool, direct: true })
 */
export function makeValue(kind: ValueKind, base: Partial<Val> = {}): Val {
  const spec = KINDS[kind];
  return {
    driver: spec.driver,
    kind,
    inTransaction: base.inTransaction === true || spec.inTransaction === true,
    direct: base.direct === true,
    ...(base.origin ? { origin: base.origin } : {}),
    ...(base.via ? { via: base.via } : {}),
    ...(base.async ? { async: true } : {}),
    ...(base.callable ? { callable: base.callable } : {}),
  };
}

/**
 * A value as another module sees it (an export, a declared type): undefined for a promise; `call` when calling
 * it gives the value (a user function).
 * @example asImported(poolValue) // { kind: 'pg.Pool', inTransaction: false, direct: false }
 */
export function asImported(value: Val | undefined, call = value?.callable): ImportedValue | undefined {
  if (!value || value.async) return undefined;
  return {
    kind: value.kind,
    inTransaction: value.inTransaction,
    direct: value.direct,
    ...(call ? { call } : {}),
    ...(value.via ? { via: value.via } : {}),
  };
}

/** A settled value as another module sees it: undefined for a promise or a user function. */
export function exportedValue(value: Val | undefined): ImportedValue | undefined {
  return value?.callable ? undefined : asImported(value);
}

/**
 * The tracked value of another module's value (an import, a declared type).
 * @example fromImported({ kind: 'pg.Pool' }).driver // 'pg'
 */
export function fromImported(value: ImportedValue): Val {
  return makeValue(value.kind, { inTransaction: value.inTransaction === true, callable: value.call, direct: value.direct === true, via: value.via });
}

/**
 * The property keys from a destructuring pattern's root to `variable`'s identifier, or undefined.
 * @example patternPath(pattern('{ pool: { Pool } }'), PoolVariable) // ['pool', 'Pool']
 */
export function patternPath(pattern: TSESTree.Node, variable: TSESLint.Scope.Variable): string[] | undefined {
  switch (pattern.type) {
    case 'Identifier':
      return variable.identifiers.includes(pattern) ? [] : undefined;
    case 'AssignmentPattern':
      return patternPath(pattern.left, variable);
    case 'ObjectPattern':
      for (const property of pattern.properties) {
        if (property.type !== 'Property') continue;
        const key = propName(property);
        const rest = key === undefined ? undefined : patternPath(property.value, variable);
        if (rest) return [key!, ...rest];
      }
      return undefined;
    default:
      return undefined;
  }
}

/** What the tracker offers for resolving a callee. */
export interface CalleeResolver {
  variableOf(identifier: TSESTree.Identifier): TSESLint.Scope.Variable | undefined;
  constInit(identifier: TSESTree.Identifier): TSESTree.Node | undefined;
}

/**
 * The same-file function a callee names: a function declaration or a const bound to a function.
 * @example sameFileFunction(call.callee, tracker) // FunctionDeclaration `createPool`
 */
export function sameFileFunction(callee: TSESTree.Node, resolver: CalleeResolver): FunctionNode | undefined {
  const target = unwrap(callee);
  if (target.type !== 'Identifier') return undefined;
  const variable = resolver.variableOf(target);
  const def = soleValueDefinition(variable);
  if (def?.type === 'FunctionName' && isFunction(def.node)) return def.node;
  const init = resolver.constInit(target);
  return init && isFunction(init) ? init : undefined;
}

/**
 * The callback a call passes last: an inline function, or a same-file function it names
 * (`pool.connect(onClient)` with `function onClient(err, client, done)` or a const arrow in scope).
 * @example lastCallback(call, tracker) // the FunctionDeclaration `onClient`
 */
export function lastCallback(call: TSESTree.CallExpression, resolver: CalleeResolver): FunctionNode | undefined {
  for (let i = call.arguments.length - 1; i >= 0; i--) {
    const arg = call.arguments[i]!;
    if (isFunction(arg)) return arg;
    const named = arg.type === 'Identifier' ? sameFileFunction(arg, resolver) : undefined;
    if (named) return named;
  }
  return undefined;
}

/**
 * The call a function is the callback of: the call it is written in, or the one call of the file
 * that passes it by name (`pool.connect(onClient)`); undefined when there is no such single call.
 * @example callbackCall(onClientDeclaration, tracker) // `pool.connect(onClient)`
 */
export function callbackCall(fn: FunctionNode, resolver: CalleeResolver): TSESTree.CallExpression | undefined {
  const parent = fn.parent;
  if (parent?.type === 'CallExpression') return parent.arguments.includes(fn as TSESTree.Expression) ? parent : undefined;
  const id =
    fn.type === 'FunctionDeclaration'
      ? fn.id
      : parent?.type === 'VariableDeclarator' && parent.init === fn && parent.id.type === 'Identifier'
        ? parent.id
        : undefined;
  const variable = id ? resolver.variableOf(id) : undefined;
  const calls = (variable?.references ?? []).flatMap((ref) => {
    const call = ref.identifier.parent;
    return call?.type === 'CallExpression' && call.arguments.includes(ref.identifier as TSESTree.Identifier) ? [call] : [];
  });
  return calls.length === 1 ? calls[0] : undefined;
}

/**
 * The expressions a function returns (an arrow's expression body, or every `return` argument not
 * in a nested function); `bare` when some `return;` has none.
 * @example returnedExpressions(fn, keys) // { expressions: [NewExpression], bare: false }
 */
export function returnedExpressions(fn: FunctionNode, keys: VisitorKeys): { expressions: TSESTree.Node[]; bare: boolean } {
  const expressions: TSESTree.Node[] = [];
  let bare = false;
  if (fn.body.type !== 'BlockStatement') expressions.push(fn.body);
  else {
    walk(fn.body, keys, (node) => {
      if (isFunction(node) || node.type === 'ClassBody') return false;
      if (node.type !== 'ReturnStatement') return undefined;
      if (node.argument) expressions.push(node.argument);
      else bare = true;
      return undefined;
    });
  }
  return { expressions, bare };
}
