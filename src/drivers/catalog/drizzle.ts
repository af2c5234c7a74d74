/** Drizzle ORM over node-postgres or postgres.js: databases, transactions and the `sql` tag. */
import { sqlMethods } from './helpers.js';
import type { CallSpec, DriverKinds, Produces } from './types.js';

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
