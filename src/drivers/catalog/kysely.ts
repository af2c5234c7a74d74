/** Kysely: instances over a dialect, transaction/connection builders and the `sql` tag. */
import { sqlMethods } from './helpers.js';
import type { CallSpec, DriverKinds } from './types.js';

const trx = { kind: 'kysely.Transaction', inTransaction: true } as const;
const builder = (kind: 'kysely.TransactionBuilder' | 'kysely.ControlledTransactionBuilder'): Record<string, CallSpec> => ({
  setIsolationLevel: { result: { kind } },
  setAccessMode: { result: { kind } },
});
/** Methods that give the same kind of instance back (the catalog models every method that gives a driver value). */
const same = (result: { kind: 'kysely.Kysely' | 'kysely.Connection' | 'kysely.Transaction'; inTransaction?: true }): Record<string, CallSpec> =>
  Object.fromEntries(['withSchema', 'withPlugin', 'withoutPlugins', 'withTables'].map((name) => [name, { result }]));
const instance: Record<string, CallSpec> = {
  transaction: { result: { kind: 'kysely.TransactionBuilder' } },
  startTransaction: { result: { kind: 'kysely.ControlledTransactionBuilder' } },
  connection: { result: { kind: 'kysely.ConnectionBuilder' } },
};

export const kyselyKinds: DriverKinds<'kysely'> = {
  'kysely.module': {
    driver: 'kysely',
    role: 'module',
    props: { Kysely: 'kysely.KyselyClass', PostgresDialect: 'kysely.DialectClass', sql: 'kysely.sql' },
  },
  'kysely.KyselyClass': {
    driver: 'kysely',
    role: 'class',
    construct: { result: { kind: 'kysely.Kysely', creates: { urlArgs: [] }, wraps: [{ arg: 0, prop: 'dialect' }] } },
  },
  'kysely.DialectClass': {
    driver: 'kysely',
    role: 'class',
    construct: { result: { kind: 'kysely.Dialect', wraps: [{ arg: 0, prop: 'pool' }] } },
  },
  'kysely.Dialect': { driver: 'kysely', role: 'builder' },
  'kysely.Kysely': { driver: 'kysely', role: 'pool', methods: { ...instance, ...same({ kind: 'kysely.Kysely' }), destroy: {} } },
  'kysely.TransactionBuilder': {
    driver: 'kysely',
    role: 'builder',
    methods: { ...builder('kysely.TransactionBuilder'), execute: { callback: { params: [trx] } } },
  },
  'kysely.ControlledTransactionBuilder': {
    driver: 'kysely',
    role: 'builder',
    methods: { ...builder('kysely.ControlledTransactionBuilder'), execute: { result: { ...trx, async: true } } },
  },
  'kysely.ConnectionBuilder': {
    driver: 'kysely',
    role: 'builder',
    methods: { execute: { callback: { params: [{ kind: 'kysely.Connection' }] } } },
  },
  'kysely.Transaction': {
    driver: 'kysely',
    role: 'transaction',
    inTransaction: true,
    methods: { ...same(trx), commit: {}, rollback: {}, savepoint: {} },
  },
  'kysely.Connection': { driver: 'kysely', role: 'connection', methods: { ...instance, ...same({ kind: 'kysely.Connection' }) } },
  'kysely.sql': {
    driver: 'kysely',
    role: 'sql-tag',
    tag: 'fragment',
    methods: sqlMethods(['raw'], 'text', { role: 'fragment' }),
  },
};
