/**
 * Typed lint: drivers re-exported by other modules. `import { Pool } from '@acme/db'` where the
 * workspace package `@acme/db` says `export { Pool } from 'pg'` or `export * from 'pg'`, MikroORM's
 * `export { knex } from 'knex'`: the checker follows the export to the declaration it points to, and a
 * declaration in a driver package (`pg`, `knex`, `drizzle-orm/node-postgres`, …) gives what importing
 * it from the driver module itself gives. The specifier alone says nothing: a package's own `Pool` is
 * no driver.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type * as ts from 'typescript';
import { loadTypeScript } from '../program/typescript.js';
import { moduleSpecOf } from './catalog/index.js';
import type { ModuleSpec } from './catalog/types.js';
import type { ImportedModule, ImportName } from './imports.js';
import { packageOf } from './reach.js';

/**
 * What importing `name` from `source` gives when the module re-exports a driver's export, or undefined.
 * @example reexportsOf(sourceCode, map, checker, reaches)('@acme/db', 'Pool') // { module: { kind: 'pg.module' }, prop: 'Pool' }
 */
export function reexportsOf(
  sourceCode: Readonly<TSESLint.SourceCode>,
  map: { get(node: TSESTree.Node): ts.Node | undefined },
  checker: ts.TypeChecker,
  reaches: (specifier: ts.StringLiteral) => boolean,
): (source: string, name: ImportName) => ImportedModule | undefined {
  const tsApi = loadTypeScript();
  const memo = new Map<string, ImportedModule | null>();
  return (source, name) => {
    if (!tsApi || name === '*') return undefined;
    const key = `${source}\0${name}`;
    const known = memo.get(key);
    if (known !== undefined) return known ?? undefined;
    let found: ImportedModule | undefined;
    try {
      const declaration = sourceCode.ast.body.find(
        (statement): statement is TSESTree.ImportDeclaration => statement.type === 'ImportDeclaration' && statement.source.value === source,
      );
      const literal = declaration && (map.get(declaration.source) as ts.StringLiteral | undefined);
      // A module whose imports reach no driver re-exports none (`src/drivers/reach.ts`): no checker question.
      const moduleSymbol = literal && reaches(literal) ? checker.getSymbolAtLocation(literal) : undefined;
      const exported = moduleSymbol && checker.tryGetMemberInModuleExports(name, moduleSymbol);
      const target = exported && (exported.flags & tsApi.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported);
      found = target && driverExport(target, checker, tsApi);
    } catch {
      found = undefined; // a module the checker cannot resolve: not a driver
    }
    memo.set(key, found ?? null);
    return found;
  };
}

/** A symbol declared in a driver module: that module's value and the export to read (none: the module itself). */
function driverExport(target: ts.Symbol, checker: ts.TypeChecker, tsApi: typeof ts): ImportedModule | undefined {
  for (const declaration of target.getDeclarations() ?? []) {
    const file = declaration.getSourceFile();
    const spec = driverModuleOf(file.fileName);
    if (!spec) continue;
    const name = target.getName();
    const fileSymbol = checker.getSymbolAtLocation(file);
    const exportEquals = fileSymbol?.exports?.get(tsApi.InternalSymbolName.ExportEquals);
    const resolved = exportEquals && (exportEquals.flags & tsApi.SymbolFlags.Alias ? checker.getAliasedSymbol(exportEquals) : exportEquals);
    if (name === 'default' || resolved === target) return { module: { kind: spec.kind } };
    if (spec.onlyNames && !spec.onlyNames.includes(name)) return undefined;
    return { module: { kind: spec.kind }, prop: name };
  }
  return undefined;
}

/**
 * The driver module a declaration file belongs to: its package, or the package's subpath module
 * (`drizzle-orm/node-postgres/driver.d.ts` → `drizzle-orm/node-postgres`). Never a re-exporting module.
 * @example driverModuleOf('/app/node_modules/@types/pg/index.d.ts') // { kind: 'pg.module' }
 */
export function driverModuleOf(fileName: string): ModuleSpec | undefined {
  const file = fileName.replaceAll('\\', '/');
  const pkg = packageOf(file);
  if (pkg === undefined) return undefined;
  const at = file.lastIndexOf('/node_modules/') + '/node_modules/'.length;
  const inPackage = file.slice(at).split('/').slice(pkg.includes('/') || file.slice(at).startsWith('@types/') ? 2 : 1);
  const candidates = inPackage.length > 1 ? [`${pkg}/${inPackage[0]}`, pkg] : [pkg];
  for (const candidate of candidates) {
    const spec = moduleSpecOf(candidate);
    if (spec) return spec.reexportsOnly ? undefined : spec;
  }
  return undefined;
}
