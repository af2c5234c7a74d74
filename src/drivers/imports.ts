/** What an import (ESM or `require`) of a module gives: driver modules and user specifiers. */
import path from 'node:path';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { stringValue, unwrap } from '../ast/nodes.js';
import { moduleSpecOf } from './catalog/index.js';
import type { DriverId, ValueKind } from './kinds.js';
import type { Declaration } from './declared.js';
import { specifierNames, type DriverSpecifier } from './settings.js';

/** Where the importing file is, for relative specifiers. */
export interface ImportContext {
  readonly filename: string;
  readonly cwd: string;
  readonly specifiers: readonly DriverSpecifier[];
  /**
   * Typed lint: what importing `name` from a module that is no driver module gives when the module
   * re-exports a driver's export (`export { Pool } from 'pg'`, `export * from 'pg'`), found by the
   * declaration the export points to (`createTypedLookup`'s `reexported`).
   */
  readonly reexported?: (source: string, name: ImportName) => ImportedModule | undefined;
  /**
   * `reexported` costs work (a project module's parse and summary, untyped): the tracker asks it only where a
   * driver value can matter, as it asks the checker.
   */
  readonly costly?: boolean;
  /** Untyped lint: a class or function a project module exports, as its annotations declare it (`db: Database`). */
  readonly declaration?: (source: string, name: string) => Declaration | undefined;
  /** Untyped lint: whether a bare specifier names a project module (a tsconfig `paths` alias, `src/modules`). */
  readonly resolves?: (source: string) => boolean;
}

/**
 * An import or export specifier's name.
 * @example nameOf(specifier.imported) // 'pool'
 */
export function nameOf(node: TSESTree.Identifier | TSESTree.StringLiteral): string {
  return node.type === 'Identifier' ? node.name : node.value;
}

/**
 * The export an import specifier binds: its name, `'default'` or `'*'` (the module namespace).
 * @example importedExport(specifier /* { pool as db } *\/) // 'pool'
 */
export function importedExport(node: TSESTree.ImportClause | TSESTree.TSImportEqualsDeclaration): string {
  return node.type === 'ImportSpecifier' ? nameOf(node.imported) : node.type === 'ImportDefaultSpecifier' ? 'default' : '*';
}

/** A driver module's value, and the export of it to read (none: the module itself). */
export interface ImportedModule {
  readonly module: ImportedValue;
  readonly prop?: string;
}

/** The value an import gives before tracking: a kind, maybe a user function returning one. */
export interface ImportedValue {
  readonly kind: ValueKind;
  readonly inTransaction?: boolean;
  /** A user function (settings): calling it returns or resolves to the value. */
  readonly call?: 'returns' | 'resolves';
  /** From a direct (unpooled) connection string. */
  readonly direct?: boolean;
  /** For a wrapper (drizzle), the driver underneath when known. */
  readonly via?: DriverId;
}

/** `'*'` = the module object (namespace import, `require()`), `'default'` = the default export. */
export type ImportName = string;

/**
 * The value of importing `name` from `source` (`'*'` for the whole module), or undefined.
 * Named imports of a driver module are the module kind's properties (resolved by the tracker);
 * this returns the module kind plus the name to read.
 * @example importedModule('pg', 'Pool', ctx) // { module: { kind: 'pg.module' }, prop: 'Pool' }
 */
export function importedModule(
  source: string,
  name: ImportName,
  ctx: ImportContext,
  costly = true,
): ImportedModule | undefined {
  const spec = moduleSpecOf(source);
  if (spec) {
    // A module that only re-exports a driver gives nothing for its namespace; a generated Prisma client does.
    const listed = !spec.onlyNames || spec.onlyNames.includes(name) || (name === '*' && !spec.reexportsOnly);
    if (!listed) return undefined;
    const whole = (name === '*' || name === 'default') && !spec.reexportsOnly;
    return whole ? { module: { kind: spec.kind } } : { module: { kind: spec.kind }, prop: name };
  }
  const user = userSpecifierFor(source, name, ctx);
  return user ? { module: user } : costly || !ctx.costly ? ctx.reexported?.(source, name) : undefined;
}

function userSpecifierFor(source: string, name: ImportName, ctx: ImportContext): ImportedValue | undefined {
  for (const specifier of ctx.specifiers) {
    if (!specifierNames(specifier).includes(name)) continue;
    const matches =
      specifier.from === 'package'
        ? source === specifier.package
        : isRelative(source) && sameModule(path.resolve(path.dirname(ctx.filename), source), path.resolve(ctx.cwd, specifier.path ?? ''));
    if (!matches) continue;
    return {
      kind: specifier.kind,
      ...(specifier.inTransaction ? { inTransaction: true } : {}),
      ...(specifier.call ? { call: specifier.call } : {}),
    };
  }
  return undefined;
}

/**
 * Whether a specifier can name a project module: relative, or a bare one that is no driver package, which a
 * tsconfig `paths` alias may map to a project file (the module pass resolves it, `src/modules/files.ts`).
 * @example mayBeProjectSource('@app/db') // true; mayBeProjectSource('pg') // false
 */
export function mayBeProjectSource(source: string): boolean {
  return isRelative(source) || (!source.startsWith('node:') && !path.isAbsolute(source) && moduleSpecOf(source) === undefined);
}

/**
 * Whether a specifier names a project module for the importing file: relative, or a bare one that `ctx.resolves`
 * finds in the project (a tsconfig alias).
 * @example projectSource('@app/db', ctx) // true where the tsconfig maps `@app/*` to `src/*`
 */
export function projectSource(source: string, ctx: ImportContext): boolean {
  return isRelative(source) || (mayBeProjectSource(source) && ctx.resolves?.(source) === true);
}

function isRelative(source: string): boolean {
  return source.startsWith('./') || source.startsWith('../');
}

const EXTENSION = /\.(?:[cm]?[jt]s|[jt]sx)$/;

/**
 * Whether two file paths name the same module, ignoring extensions and `/index`.
 * @example sameModule('/a/src/db.js', '/a/src/db.ts') // true
 */
export function sameModule(a: string, b: string): boolean {
  const norm = (file: string) => file.replaceAll('\\', '/').replace(EXTENSION, '').replace(/\/index$/, '');
  return norm(a) === norm(b);
}

/**
 * The module a namespace names: `db` of `import * as db from './db'` or of `const db = require('./db')`.
 * @example namespaceSource(identifier('db'), tracker) // './db'
 */
export function namespaceSource(
  id: TSESTree.Identifier,
  resolver: { variableOf(id: TSESTree.Identifier): TSESLint.Scope.Variable | undefined; constInit(id: TSESTree.Identifier): TSESTree.Node | undefined },
): string | undefined {
  const def = resolver.variableOf(id)?.defs[0];
  if (def?.type === 'ImportBinding' && def.node.type === 'ImportNamespaceSpecifier') return def.node.parent.source.value;
  const init = def?.type === 'Variable' && def.node.id === def.name ? resolver.constInit(id) : undefined;
  return init?.type === 'CallExpression' ? requireSource(init, (i) => resolver.variableOf(i), (i) => resolver.constInit(i)) : undefined;
}

/**
 * The module of `require('pg')` (also a `require` made by `createRequire`), not of a local function named
 * require; `variableOf` and `constInit` come from the tracker.
 * @example requireSource(call /* require('pg') *\/, variableOf, constInit) // 'pg'
 */
export function requireSource(
  node: TSESTree.CallExpression,
  variableOf: (identifier: TSESTree.Identifier) => TSESLint.Scope.Variable | undefined,
  constInit: (identifier: TSESTree.Identifier) => TSESTree.Node | undefined,
): string | undefined {
  const callee = unwrap(node.callee);
  if (callee.type !== 'Identifier' || callee.name !== 'require' || node.arguments.length !== 1) return undefined;
  const source = stringValue(node.arguments[0]);
  if (source === undefined) return undefined;
  const variable = variableOf(callee);
  if (!variable || variable.defs.length === 0) return source;
  const init = constInit(callee);
  const made = init && unwrap(init);
  return made?.type === 'CallExpression' && unwrap(made.callee).type === 'Identifier' &&
    (unwrap(made.callee) as TSESTree.Identifier).name === 'createRequire'
    ? source
    : undefined;
}
