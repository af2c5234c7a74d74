/** Drizzle ORM over node-postgres or postgres.js: databases, transactions and the `sql` tag. */
import { sqlMethods } from './helpers.js';
import type { CallSpec, DriverKinds, Produces, TypeSpec } from './types.js';

const database = (via: 'pg' | 'postgres'): Produces => ({
  kind: 'drizzle.Database',
  creates: {},
  wraps: [{ arg: 0 }, { arg: 0, prop: 'client' }],
  via,
});
const methods: Record<string, CallSpec> = {
  ...sqlMethods(['execute'], 'token'),
  transaction: { callback: { params: [{ kind: 'drizzle.Transaction', inTransaction: true }] } },
};

export const drizzleKinds: DriverKinds<'drizzle'> = {
  'drizzle.module': { driver: 'drizzle', role: 'module', props: { sql: 'drizzle.sql' } },
  'drizzle.nodePostgresModule': { driver: 'drizzle', role: 'module', props: { drizzle: 'drizzle.nodePostgresFactory' } },
  'drizzle.postgresJsModule': { driver: 'drizzle', role: 'module', props: { drizzle: 'drizzle.postgresJsFactory' } },
  'drizzle.nodePostgresFactory': { driver: 'drizzle', role: 'function', call: { result: database('pg') } },
  'drizzle.postgresJsFactory': { driver: 'drizzle', role: 'function', call: { result: database('postgres') } },
  'drizzle.Database': { driver: 'drizzle', role: 'pool', methods },
  'drizzle.Transaction': {
    driver: 'drizzle',
    role: 'transaction',
    inTransaction: true,
    methods: { ...methods, rollback: {} },
  },
  'drizzle.sql': {
    driver: 'drizzle',
    role: 'sql-tag',
    tag: 'fragment',
    methods: sqlMethods(['raw'], 'text', { role: 'fragment' }),
  },
};

/**
 * The query-result HKT a `PgDatabase` / `PgTransaction` is instantiated with names the driver underneath
 * (`NodePgDatabase<S>` is `PgDatabase<NodePgQueryResultHKT, S>`, a type alias before drizzle-orm 0.33).
 */
const QUERY_RESULT_HKT = { NodePgQueryResultHKT: 'pg', PostgresJsQueryResultHKT: 'postgres' } as const;

/** drizzle-orm's type names (`TYPE_NAMES['drizzle-orm']`), with the driver underneath where the type tells it. */
export const drizzleTypeNames: Readonly<Record<string, TypeSpec>> = {
  NodePgDatabase: { kind: 'drizzle.Database', via: 'pg' },
  PostgresJsDatabase: { kind: 'drizzle.Database', via: 'postgres' },
  PgDatabase: { kind: 'drizzle.Database', viaByTypeArgument: QUERY_RESULT_HKT },
  PgTransaction: { kind: 'drizzle.Transaction', viaByTypeArgument: QUERY_RESULT_HKT },
  NodePgTransaction: { kind: 'drizzle.Transaction', via: 'pg' },
  PostgresJsTransaction: { kind: 'drizzle.Transaction', via: 'postgres' },
};
