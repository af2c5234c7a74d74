/**
 * Declaration files of driver packages for in-memory typed tests (`memoryProgram`), shaped like the
 * real ones where it matters: `@types/pg` classes, knex's and postgres.js's `export =` functions, MikroORM's
 * `export { Knex, knex } from 'knex'` (v5/v6) and `export * from '@mikro-orm/knex'`, drizzle-orm's
 * `PgDatabase<TQueryResult>` with `NodePgDatabase` / `PostgresJsDatabase` over it, and the query-result
 * HKTs that tell which driver a `PgDatabase` runs on.
 */
import { lintWithProbe, describeValue, type ProbeOptions } from './probe.js';
import { getDriverModel } from '../../src/drivers/index.js';
import { memoryProgram } from '../memory-program.js';
import type { TSESTree } from '@typescript-eslint/utils';
import type ts from 'typescript';

const pkg = (name: string, types = 'index.d.ts') => JSON.stringify({ name, types });

export const DRIVER_PACKAGES: Readonly<Record<string, string>> = {
  '/app/node_modules/pg/package.json': pkg('pg'),
  '/app/node_modules/pg/index.d.ts': [
    'export declare class Pool { constructor(config?: { connectionString?: string; max?: number }); query(text: string | { name?: string; text: string }): Promise<unknown>; connect(): Promise<PoolClient>; end(): Promise<void>; }',
    'export declare class Client { constructor(config?: { connectionString?: string }); query(text: string): Promise<unknown>; connect(): Promise<void>; end(): Promise<void>; }',
    'export interface PoolClient extends Client { release(): void; }',
  ].join('\n'),
  '/app/node_modules/postgres/package.json': pkg('postgres', 'types/index.d.ts'),
  '/app/node_modules/postgres/types/index.d.ts': [
    'declare function postgres(url?: string, options?: { prepare?: boolean; max?: number }): postgres.Sql;',
    'declare namespace postgres { interface Sql { unsafe(query: string): Promise<unknown>; end(): Promise<void>; } }',
    'export = postgres;',
  ].join('\n'),
  '/app/node_modules/knex/package.json': pkg('knex', 'types/index.d.ts'),
  '/app/node_modules/knex/types/index.d.ts': [
    'interface Knex { raw(sql: string): Promise<unknown>; transaction(): Promise<Knex.Transaction>; destroy(): Promise<void>; }',
    'declare namespace Knex { interface Transaction extends Knex { commit(): Promise<void>; } }',
    'declare function knex(config: object | string): Knex;',
    'declare namespace knex { export { knex, knex as default, Knex }; }',
    'export = knex;',
  ].join('\n'),
  '/app/node_modules/@mikro-orm/knex/package.json': pkg('@mikro-orm/knex'),
  '/app/node_modules/@mikro-orm/knex/index.d.ts': "export declare class SqlEntityManager { flush(): Promise<void>; }\nexport { Knex, knex } from 'knex';",
  '/app/node_modules/@mikro-orm/postgresql/package.json': pkg('@mikro-orm/postgresql'),
  '/app/node_modules/@mikro-orm/postgresql/index.d.ts': "export * from '@mikro-orm/knex';\nexport declare class PostgreSqlDriver {}",
  '/app/node_modules/drizzle-orm/package.json': pkg('drizzle-orm'),
  '/app/node_modules/drizzle-orm/index.d.ts': "export * from './sql/sql.js';",
  '/app/node_modules/drizzle-orm/sql/sql.d.ts': 'export interface SQL { readonly sql: true }\nexport declare function sql(strings: readonly string[], ...values: unknown[]): SQL;',
  '/app/node_modules/drizzle-orm/pg-core/index.d.ts': "export * from './db.js';\nexport * from './session.js';",
  '/app/node_modules/drizzle-orm/pg-core/db.d.ts': [
    "import type { PgQueryResultHKT, PgTransaction } from './session.js';",
    'export interface PreparedQuery { execute(): Promise<unknown>; }',
    'export interface SelectQuery { where(condition: unknown): SelectQuery; prepare(name?: string): PreparedQuery; }',
    'export interface SelectBuilder { from(table: unknown): SelectQuery; }',
    'export declare class PgDatabase<TQueryResult extends PgQueryResultHKT, TFullSchema = Record<string, never>> {',
    '  select(): SelectBuilder; execute(query: unknown): Promise<unknown>;',
    '  transaction<T>(run: (tx: PgTransaction<TQueryResult, TFullSchema>) => Promise<T>): Promise<T>;',
    '}',
  ].join('\n'),
  '/app/node_modules/drizzle-orm/pg-core/session.d.ts': [
    "import { PgDatabase } from './db.js';",
    "export interface PgQueryResultHKT { readonly $brand: 'PgQueryResultHKT'; }",
    'export declare class PgTransaction<TQueryResult extends PgQueryResultHKT, TFullSchema = Record<string, never>> extends PgDatabase<TQueryResult, TFullSchema> { rollback(): never; }',
  ].join('\n'),
  '/app/node_modules/drizzle-orm/node-postgres/index.d.ts': "export * from './driver.js';\nexport * from './session.js';",
  '/app/node_modules/drizzle-orm/node-postgres/session.d.ts':
    "import { PgTransaction, type PgQueryResultHKT } from '../pg-core/session.js';\nexport interface NodePgQueryResultHKT extends PgQueryResultHKT { readonly type: 'node-postgres'; }\n" +
    'export declare class NodePgTransaction<TSchema = Record<string, never>> extends PgTransaction<NodePgQueryResultHKT, TSchema> {}',
  '/app/node_modules/drizzle-orm/node-postgres/driver.d.ts': [
    "import type { Client, Pool } from 'pg';",
    "import { PgDatabase } from '../pg-core/db.js';",
    "import type { NodePgQueryResultHKT } from './session.js';",
    'export declare class NodePgDatabase<TSchema = Record<string, never>> extends PgDatabase<NodePgQueryResultHKT, TSchema> {}',
    'export declare function drizzle<TSchema = Record<string, never>>(client: Pool | Client | string): NodePgDatabase<TSchema> & { $client: Pool };',
  ].join('\n'),
  '/app/node_modules/drizzle-orm/postgres-js/index.d.ts': "export * from './driver.js';\nexport * from './session.js';",
  '/app/node_modules/drizzle-orm/postgres-js/session.d.ts':
    "import type { PgQueryResultHKT } from '../pg-core/session.js';\nexport interface PostgresJsQueryResultHKT extends PgQueryResultHKT { readonly type: 'postgres-js'; }",
  '/app/node_modules/drizzle-orm/postgres-js/driver.d.ts': [
    "import { PgDatabase } from '../pg-core/db.js';",
    "import type { PostgresJsQueryResultHKT } from './session.js';",
    'export declare class PostgresJsDatabase<TSchema = Record<string, never>> extends PgDatabase<PostgresJsQueryResultHKT, TSchema> {}',
    'export declare function drizzle<TSchema = Record<string, never>>(client: unknown): PostgresJsDatabase<TSchema>;',
  ].join('\n'),
};

/** A monorepo's internal packages, mapped by `paths` as a workspace's tsconfig does. */
export const WORKSPACE_PATHS: ts.CompilerOptions = {
  paths: { '@acme/*': ['/app/packages/*/index.ts'] },
};

/** A typed program over `files` (under /app) with the driver packages (and `packages`), and lint options for one of its files. */
export function memoryLint(
  files: Record<string, string>,
  packages: Record<string, string> = {},
): { program: ts.Program; options: (file: string) => ProbeOptions } {
  const program = memoryProgram(files, { ...DRIVER_PACKAGES, ...packages }, WORKSPACE_PATHS);
  return {
    program,
    options: (file) => ({ filename: file, cwd: '/app', parserOptions: { programs: [program] } }),
  };
}

/** The probed values and creation kinds of one file of an in-memory typed program. */
export function probeTyped(
  files: Record<string, string>,
  file: string,
  packages: Record<string, string> = {},
): { values: string[]; creations: string[] } {
  const { options } = memoryLint(files, packages);
  const values: string[] = [];
  let creations: string[] = [];
  const errors = lintWithProbe(files[file]!, options(file), (context) => {
    const model = getDriverModel(context);
    return {
      'CallExpression[callee.name="probe"]'(node: TSESTree.CallExpression) {
        values.push(describeValue(node.arguments[0] && model.valueOf(node.arguments[0])));
      },
      'Program:exit'() {
        creations = model.creations.map((creation) => creation.kind);
      },
    };
  });
  if (errors.length > 0) throw new Error(errors.join('\n'));
  return { values, creations };
}
