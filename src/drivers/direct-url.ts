/**
 * Whether a connection-string expression names a direct (unpooled) connection: `process.env.DIRECT_URL`,
 * `process.env['DATABASE_URL_UNPOOLED']`, `env.POSTGRES_URL_NON_POOLING`, a const bound to one, a
 * template or `??` containing one, or a config object whose URL property is one.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { propName, stringValue, unwrap } from '../ast/nodes.js';

/** Resolves an identifier to the initialiser of the const it names (or undefined). */
export type ConstInit = (identifier: TSESTree.Identifier) => TSESTree.Node | undefined;

/** Config properties that hold the connection string, across drivers. */
export const URL_PROPERTIES: readonly string[] = ['connectionString', 'url', 'datasourceUrl', 'connection'];

const MAX_DEPTH = 6;

/**
 * Whether `node` evaluates to a connection string whose name matches `pattern`.
 * @example isDirectUrl(parse('process.env.DIRECT_URL'), /DIRECT/i, constInit) // true
 */
export function isDirectUrl(node: TSESTree.Node | undefined, pattern: RegExp, constInit: ConstInit, depth = 0): boolean {
  if (!node || depth > MAX_DEPTH) return false;
  const next = (child: TSESTree.Node | undefined) => isDirectUrl(child, pattern, constInit, depth + 1);
  const current = unwrap(node);
  switch (current.type) {
    case 'MemberExpression': {
      const name = propName(current);
      return name !== undefined && pattern.test(name);
    }
    case 'Identifier':
      return pattern.test(current.name) || next(constInit(current));
    case 'TemplateLiteral':
      return current.expressions.some(next);
    case 'LogicalExpression':
    case 'BinaryExpression':
      return next(current.left) || next(current.right);
    case 'ConditionalExpression':
      return next(current.consequent) || next(current.alternate);
    case 'CallExpression':
      // getEnv('DIRECT_URL'), config.get('DATABASE_URL_UNPOOLED'), String(process.env.DIRECT_URL)
      return current.arguments.some((arg) => {
        const text = stringValue(arg);
        return text !== undefined ? pattern.test(text) : next(arg);
      });
    case 'ObjectExpression':
      return current.properties.some(
        (property) =>
          property.type === 'Property' && URL_PROPERTIES.includes(propName(property) ?? '') && next(property.value),
      );
    default:
      return false;
  }
}
