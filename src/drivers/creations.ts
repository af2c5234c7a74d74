/** The config object, connection string and directness of a pool/client/instance creation. */
import type { TSESTree } from '@typescript-eslint/utils';
import { isFunction, propName, unwrap } from '../ast/nodes.js';
import type { CreationSpec } from './catalog/types.js';
import { isDirectUrl, URL_PROPERTIES, type ConstInit } from './direct-url.js';

/** What a creation's arguments say. */
export interface CreationParts {
  config?: TSESTree.ObjectExpression;
  url?: TSESTree.Node;
  direct: boolean;
}

/** What reading a creation's arguments needs from the tracker. */
export interface CreationEnv {
  readonly constInit: ConstInit;
  readonly directUrlPattern: RegExp;
  /** Whether an argument is itself a driver value (`drizzle(pool)`): not a URL then. */
  readonly isDriverValue: (node: TSESTree.Node) => boolean;
}

/**
 * The config object (first object-literal argument, or a const bound to one), the connection
 * string (a URL argument, else a URL property of the config) and whether it is direct.
 * @example creationParts(newPoolNode, {}, env) // { config, url: process.env.DIRECT_URL, direct: true }
 */
export function creationParts(
  node: TSESTree.CallExpression | TSESTree.NewExpression,
  spec: CreationSpec,
  env: CreationEnv,
): CreationParts {
  const args = node.arguments;
  let config: TSESTree.ObjectExpression | undefined;
  for (const arg of args) {
    config = objectLiteral(arg, env.constInit);
    if (config) break;
  }
  let url: TSESTree.Node | undefined;
  if (spec.urlMaxArgs === undefined || args.length <= spec.urlMaxArgs) {
    for (const index of spec.urlArgs ?? [0]) {
      const arg = args[index];
      if (!arg || arg.type === 'SpreadElement' || isFunction(arg) || objectLiteral(arg, env.constInit)) continue;
      if (env.isDriverValue(arg)) continue;
      url = arg;
      break;
    }
  }
  url ??= config && urlProperty(config, env.constInit);
  return { ...(config ? { config } : {}), ...(url ? { url } : {}), direct: isDirectUrl(url, env.directUrlPattern, env.constInit) };
}

/**
 * The object literal a node is, or that the const it names is bound to.
 * @example objectLiteral(identifier('config'), constInit) // the `{ … }` of `const config = { … }`
 */
export function objectLiteral(node: TSESTree.Node, constInit: ConstInit): TSESTree.ObjectExpression | undefined {
  const current = unwrap(node);
  if (current.type === 'ObjectExpression') return current;
  if (current.type !== 'Identifier') return undefined;
  const init = constInit(current);
  const value = init && unwrap(init);
  return value?.type === 'ObjectExpression' ? value : undefined;
}

/**
 * The value of property `name` of an object literal (or a const bound to one); the last one wins.
 * @example objectProperty(parse('{ pool: p }'), 'pool', constInit) // Identifier p
 */
export function objectProperty(node: TSESTree.Node, name: string, constInit: ConstInit): TSESTree.Node | undefined {
  const object = objectLiteral(node, constInit);
  let found: TSESTree.Node | undefined;
  for (const property of object?.properties ?? []) {
    if (property.type === 'Property' && property.kind === 'init' && propName(property) === name) found = property.value;
  }
  return found;
}

/** `connectionString`, `url`, `datasourceUrl`, `connection` (a string, or an object with one), `datasources.*.url`. */
function urlProperty(config: TSESTree.ObjectExpression, constInit: ConstInit, depth = 0): TSESTree.Node | undefined {
  for (const name of URL_PROPERTIES) {
    const value = objectProperty(config, name, constInit);
    if (!value) continue;
    const nested = objectLiteral(value, constInit);
    if (!nested) return value;
    if (depth < 2) {
      const inner = urlProperty(nested, constInit, depth + 1);
      if (inner) return inner;
    }
  }
  const sources = objectProperty(config, 'datasources', constInit);
  const sourcesObject = sources && objectLiteral(sources, constInit);
  for (const property of sourcesObject?.properties ?? []) {
    const source = property.type === 'Property' ? objectLiteral(property.value, constInit) : undefined;
    const value = source && objectProperty(source, 'url', constInit);
    if (value) return value;
  }
  return undefined;
}
