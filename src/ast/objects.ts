/**
 * Object literals as the file spells them: configs held in constants, properties of constant objects,
 * spreads (`{ ...defaults, max: 5 }`) and objects returned by functions of the file. Shared by the session
 * analysis (query configs, connection configs, hooks) and the pool inventory.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES, ASTUtils } from '@typescript-eslint/utils';
import type { Scope } from '@typescript-eslint/utils/ts-eslint';
import { isFunction, soleValueDefinition, unwrap, type FunctionNode } from './nodes.js';
import { constInitializer } from './sql-text.js';

/** Scope lookup: `context.sourceCode.getScope(node)`. */
export type GetScope = (node: TSESTree.Node) => Scope.Scope;

const MAX_DEPTH = 8;

/** The function a name is bound to in this file: a declaration or a `const` function expression. */
function functionOf(name: TSESTree.Identifier, getScope: GetScope): FunctionNode | undefined {
  const variable = ASTUtils.findVariable(getScope(name), name.name);
  const definition = soleValueDefinition(variable);
  if (definition?.type === 'FunctionName' && isFunction(definition.node)) return definition.node;
  const init = variable ? constInitializer(name, getScope(name)) : undefined;
  return isFunction(init) ? init : undefined;
}

/** The one expression a function returns: an arrow's expression body, or its only `return`. */
function returnedExpression(fn: FunctionNode): TSESTree.Node | undefined {
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return fn.body;
  const returns = fn.body.body.filter((s): s is TSESTree.ReturnStatement => s.type === AST_NODE_TYPES.ReturnStatement);
  return returns.length === 1 ? (returns[0]!.argument ?? undefined) : undefined;
}

/**
 * The value of `object.key` where `object` is a constant object literal of this file.
 * @example constantProperty(<settings.max>, getScope, 0) // the `10` of `const settings = { max: 10 }`
 */
export function constantProperty(node: TSESTree.MemberExpression, getScope: GetScope, depth: number): TSESTree.Node | undefined {
  const key = propertyKey(node);
  if (key === undefined || depth > MAX_DEPTH) return undefined;
  const object = objectLiteralOf(node.object, getScope, depth + 1);
  return object ? findProperty(object, key, getScope)?.value : undefined;
}

/**
 * The object literal an expression stands for: itself, a `const` of this file, a property of one, or
 * what a function of this file returns (`pool.query(byId(1))` with `const byId = (id) => ({ name, text })`).
 * @example objectLiteralOf(<settings.db>, getScope) // the `{ … }` of `const settings = { db: { … } }`
 */
export function objectLiteralOf(node: TSESTree.Node, getScope: GetScope, depth = 0): TSESTree.ObjectExpression | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const target = unwrap(node);
  if (target.type === AST_NODE_TYPES.ObjectExpression) return target;
  if (target.type === AST_NODE_TYPES.Identifier) {
    const init = constInitializer(target, getScope(target));
    return init && !isFunction(init) ? objectLiteralOf(init, getScope, depth + 1) : undefined;
  }
  if (target.type === AST_NODE_TYPES.CallExpression && target.callee.type === AST_NODE_TYPES.Identifier) {
    const fn = functionOf(target.callee, getScope);
    const returned = fn && returnedExpression(fn);
    return returned ? objectLiteralOf(returned, getScope, depth + 1) : undefined;
  }
  if (target.type === AST_NODE_TYPES.MemberExpression) {
    const property = constantProperty(target, getScope, depth);
    return property ? objectLiteralOf(property, getScope, depth + 1) : undefined;
  }
  return undefined;
}

function propertyKey(node: TSESTree.MemberExpression | TSESTree.Property): string | undefined {
  const key = node.type === AST_NODE_TYPES.MemberExpression ? node.property : node.key;
  if (!node.computed && key.type === AST_NODE_TYPES.Identifier) return key.name;
  if (key.type === AST_NODE_TYPES.Literal && (typeof key.value === 'string' || typeof key.value === 'number')) {
    return String(key.value);
  }
  return undefined;
}

/** A property found in an object literal: its value, or `unknown` when a spread of unknown content may hold it. */
export type FoundProperty =
  | { value: TSESTree.Node; property: TSESTree.Property; unknown?: false }
  | { unknown: true; value?: undefined; property?: undefined };

/**
 * The property `key` of an object literal, the last one winning; spreads of `const` object literals of this
 * file are looked into. `undefined` when the object certainly has no such property.
 * @example findProperty(objectOf('{ ...base, max: 5 }'), 'max') // { value: <5>, property }
 */
export function findProperty(
  object: TSESTree.ObjectExpression,
  key: string,
  getScope: GetScope,
  depth = 0,
): FoundProperty | undefined {
  for (let i = object.properties.length - 1; i >= 0; i--) {
    const member = object.properties[i]!;
    if (member.type === AST_NODE_TYPES.SpreadElement) {
      const spread = depth < MAX_DEPTH ? objectLiteralOf(member.argument, getScope, depth + 1) : undefined;
      if (!spread) return { unknown: true };
      const inner = findProperty(spread, key, getScope, depth + 1);
      if (inner) return inner;
      continue;
    }
    if (member.computed && propertyKey(member) === undefined) return { unknown: true };
    if (propertyKey(member) === key) return { value: member.value, property: member };
  }
  return undefined;
}
