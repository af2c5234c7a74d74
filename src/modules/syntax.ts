/**
 * Syntax helpers of the module pass: which export of another module a callee names, and the parse of a
 * project module (scope analysis, parents; no tokens, no comments, no types).
 */
import * as tsParser from '@typescript-eslint/parser';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { propName, unwrap } from '../ast/nodes.js';
import { importedExport, requireSource } from '../drivers/imports.js';
import type { CalleeResolver } from '../drivers/values.js';
import type { ModuleFile } from './files.js';

/** A callee that names an export of another module. */
export interface ImportedCallee {
  readonly source: string;
  readonly name: string;
  /** `db.query(…)` with `db` imported: the property called. */
  readonly prop?: string;
}

/**
 * The export of another module a callee names: `query(…)` with `query` imported (or destructured from a
 * `require`), `db.query(…)` (`prop`), `ns.query(…)` of `import * as ns` or `const ns = require(…)`.
 * @example importedCallee(call.callee, resolver) // { source: './db', name: 'query' }
 */
export function importedCallee(callee: TSESTree.Node, resolver: CalleeResolver): ImportedCallee | undefined {
  const target = unwrap(callee);
  if (target.type === 'Identifier') return importedName(target, resolver);
  if (target.type !== 'MemberExpression') return undefined;
  const object = unwrap(target.object);
  const prop = propName(target);
  if (object.type !== 'Identifier' || prop === undefined) return undefined;
  const found = importedName(object, resolver);
  if (!found) return undefined;
  return found.name === '*' ? { source: found.source, name: prop } : found.prop === undefined ? { ...found, prop } : undefined;
}

function importedName(id: TSESTree.Identifier, resolver: CalleeResolver): ImportedCallee | undefined {
  const def = resolver.variableOf(id)?.defs[0];
  if (def?.type === 'ImportBinding' && def.parent.type === 'ImportDeclaration') {
    if (def.parent.importKind === 'type') return undefined;
    return { source: def.parent.source.value, name: importedExport(def.node) };
  }
  if (def?.type !== 'Variable') return undefined;
  const init = def.node.init && unwrap(def.node.init);
  // `require('./db')` (also through `createRequire`), not a local function named require.
  const source = init?.type === 'CallExpression' ? requireSource(init, (i) => resolver.variableOf(i), (i) => resolver.constInit(i)) : undefined;
  if (source === undefined) return undefined;
  if (def.node.id === def.name) return { source, name: '*' };
  // `const { query } = require('./db')`
  const pattern = def.node.id;
  if (pattern.type !== 'ObjectPattern') return undefined;
  for (const property of pattern.properties) {
    if (property.type === 'Property' && unwrap(property.value) === def.name) {
      const key = propName(property);
      return key === undefined ? undefined : { source, name: key };
    }
  }
  return undefined;
}

/**
 * Parses a module for its summary: scope analysis, no tokens, no comments, no types.
 * @example parseModule(moduleFile('/app/src/db.ts')!).ast.body.length
 */
export function parseModule(file: ModuleFile): Readonly<TSESLint.SourceCode> {
  const result = tsParser.parseForESLint(file.text, {
    filePath: file.path,
    sourceType: 'module',
    ecmaVersion: 'latest',
    range: true,
    loc: true,
    tokens: false,
    comment: false,
    jsx: /\.[jt]sx$/.test(file.path),
  } as tsParser.ParserOptions);
  const { ast, scopeManager, visitorKeys } = result;
  setParents(ast, visitorKeys as Readonly<Record<string, readonly string[]>>);
  const getScope = (node: TSESTree.Node): TSESLint.Scope.Scope => {
    for (let current: TSESTree.Node | undefined = node; current; current = current.parent) {
      const scope = scopeManager?.acquire(current, current.type !== 'Program');
      if (scope) return (scope.type === 'function-expression-name' ? scope.childScopes[0]! : scope) as TSESLint.Scope.Scope;
    }
    return scopeManager!.globalScope as TSESLint.Scope.Scope;
  };
  // The part of ESLint's SourceCode the driver model reads (a module summary needs no tokens).
  return { ast, text: file.text, visitorKeys, getScope, parserServices: {} } as unknown as Readonly<TSESLint.SourceCode>;
}

function setParents(root: TSESTree.Node, keys: Readonly<Record<string, readonly string[]>>): void {
  const stack: TSESTree.Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    for (const key of keys[node.type] ?? []) {
      const child = (node as unknown as Record<string, unknown>)[key];
      for (const item of Array.isArray(child) ? child : [child]) {
        if (item && typeof item === 'object' && typeof (item as { type?: unknown }).type === 'string') {
          (item as { parent?: TSESTree.Node }).parent = node;
          stack.push(item as TSESTree.Node);
        }
      }
    }
  }
}
