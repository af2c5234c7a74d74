/**
 * The number a configuration expression stands for, as far as the file tells: literals, `const` bindings and
 * object properties of this file, and environment lookups with a default (`Number(process.env.X ?? 10)` → 10).
 * What cannot be known stays unknown: never a guess.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { constInitializer } from '../ast/sql-text.js';
import { unwrap } from '../ast/nodes.js';
import { constantProperty, type GetScope } from '../ast/objects.js';

/** Where a number came from: written here, through a constant, or the default of an environment lookup. */
export type NumberOrigin = 'literal' | 'constant' | 'env-default';

/** A resolved number. */
export interface ResolvedNumber {
  value: number;
  origin: NumberOrigin;
}

const MAX_DEPTH = 8;
const PARSE_FUNCTIONS = new Set(['Number', 'parseInt', 'parseFloat']);

/**
 * `process.env.X`, `process.env['X']`: an environment lookup, which has no value of its own.
 * @example isEnvLookup(<process.env.PG_MAX>) // true
 */
export function isEnvLookup(node: TSESTree.Node): boolean {
  const target = unwrap(node);
  if (target.type !== AST_NODE_TYPES.MemberExpression) return false;
  const object = unwrap(target.object);
  return (
    object.type === AST_NODE_TYPES.MemberExpression &&
    !object.computed &&
    object.object.type === AST_NODE_TYPES.Identifier &&
    object.object.name === 'process' &&
    object.property.type === AST_NODE_TYPES.Identifier &&
    object.property.name === 'env'
  );
}

/** An environment lookup, possibly converted: `process.env.X`, `Number(process.env.X)`, `+process.env.X`. */
function isConvertedEnvLookup(node: TSESTree.Node): boolean {
  const target = unwrap(node);
  if (isEnvLookup(target)) return true;
  if (target.type === AST_NODE_TYPES.UnaryExpression && target.operator === '+') return isConvertedEnvLookup(target.argument);
  const parsed = parseCallArgument(target);
  return parsed !== undefined && isConvertedEnvLookup(parsed);
}

/** The argument of `Number(x)`, `parseInt(x, 10)`, `Number.parseInt(x)`, `parseFloat(x)`. */
function parseCallArgument(node: TSESTree.Node): TSESTree.Node | undefined {
  if (node.type !== AST_NODE_TYPES.CallExpression || node.arguments.length === 0) return undefined;
  const callee = node.callee;
  const name =
    callee.type === AST_NODE_TYPES.Identifier
      ? callee.name
      : callee.type === AST_NODE_TYPES.MemberExpression &&
          !callee.computed &&
          callee.object.type === AST_NODE_TYPES.Identifier &&
          callee.object.name === 'Number' &&
          callee.property.type === AST_NODE_TYPES.Identifier
        ? callee.property.name
        : undefined;
  if (name === undefined || !PARSE_FUNCTIONS.has(name)) return undefined;
  const first = node.arguments[0];
  return first && first.type !== AST_NODE_TYPES.SpreadElement ? first : undefined;
}

function fromText(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^\d+(\.\d+)?$/.test(trimmed)) return undefined;
  return Number(trimmed);
}

function worse(origin: NumberOrigin, via: NumberOrigin): NumberOrigin {
  if (origin === 'env-default' || via === 'env-default') return 'env-default';
  return origin === 'constant' || via === 'constant' ? 'constant' : 'literal';
}

function resolve(node: TSESTree.Node, getScope: GetScope, depth: number): ResolvedNumber | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const target = unwrap(node);
  switch (target.type) {
    case AST_NODE_TYPES.Literal: {
      if (typeof target.value === 'number') return { value: target.value, origin: 'literal' };
      const value = typeof target.value === 'string' ? fromText(target.value) : undefined;
      return value === undefined ? undefined : { value, origin: 'literal' };
    }
    case AST_NODE_TYPES.TemplateLiteral: {
      const value = target.expressions.length === 0 ? fromText(target.quasis[0]?.value.cooked ?? '') : undefined;
      return value === undefined ? undefined : { value, origin: 'literal' };
    }
    case AST_NODE_TYPES.Identifier: {
      const init = constInitializer(target, getScope(target));
      const inner = init ? resolve(init, getScope, depth + 1) : undefined;
      return inner && { value: inner.value, origin: worse(inner.origin, 'constant') };
    }
    case AST_NODE_TYPES.MemberExpression: {
      const property = constantProperty(target, getScope, depth);
      const inner = property ? resolve(property, getScope, depth + 1) : undefined;
      return inner && { value: inner.value, origin: worse(inner.origin, 'constant') };
    }
    case AST_NODE_TYPES.UnaryExpression:
      return target.operator === '+' ? resolve(target.argument, getScope, depth + 1) : undefined;
    case AST_NODE_TYPES.LogicalExpression: {
      // `process.env.X ?? 10`, `Number(process.env.X) || 10`: the default is what ships.
      if (target.operator === '&&' || !isConvertedEnvLookup(target.left)) return undefined;
      const fallback = resolve(target.right, getScope, depth + 1);
      return fallback && { value: fallback.value, origin: 'env-default' };
    }
    case AST_NODE_TYPES.CallExpression: {
      const argument = parseCallArgument(target);
      return argument ? resolve(argument, getScope, depth + 1) : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * The number an expression stands for, or `undefined` when the file does not tell.
 * @example resolveNumber(<Number(process.env.PG_MAX ?? 10)>, getScope) // { value: 10, origin: 'env-default' }
 * @example resolveNumber(<parseInt(process.env.X || '25', 10)>, getScope) // { value: 25, origin: 'env-default' }
 * @example resolveNumber(<process.env.X>, getScope) // undefined
 */
export function resolveNumber(node: TSESTree.Node, getScope: GetScope): ResolvedNumber | undefined {
  const resolved = resolve(node, getScope, 0);
  return resolved && Number.isFinite(resolved.value) ? resolved : undefined;
}
