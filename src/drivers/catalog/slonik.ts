/** slonik: pools (callback-scoped connections and transactions) and the `sql` tags. */
import { sqlMethods } from './helpers.js';
import type { CallSpec, DriverKinds } from './types.js';

const queries = sqlMethods(
  [
    'query',
    'one',
    'oneFirst',
    'many',
    'manyFirst',
    'any',
    'anyFirst',
    'maybeOne',
    'maybeOneFirst',
    'exists',
    'stream',
    'copyFromBinary',
  ],
  'token',
);
const transaction: CallSpec = { callback: { params: [{ kind: 'slonik.Transaction', inTransaction: true }] } };

export const slonikKinds: DriverKinds<'slonik'> = {
  'slonik.module': {
    driver: 'slonik',
    role: 'module',
    props: { createPool: 'slonik.createPool', sql: 'slonik.sql', createSqlTag: 'slonik.createSqlTag' },
  },
  // createPool is synchronous in old versions and async in current ones; `await` works on both.
  'slonik.createPool': { driver: 'slonik', role: 'function', call: { result: { kind: 'slonik.Pool', creates: {} } } },
  'slonik.createSqlTag': { driver: 'slonik', role: 'function', call: { result: { kind: 'slonik.sql' } } },
  'slonik.Pool': {
    driver: 'slonik',
    role: 'pool',
    methods: {
      ...queries,
      transaction,
      // The connection is released when the handler's promise settles: not an acquisition.
      connect: { callback: { params: [{ kind: 'slonik.Connection' }] } },
      end: {},
    },
  },
  'slonik.Connection': { driver: 'slonik', role: 'connection', methods: { ...queries, transaction } },
  'slonik.Transaction': {
    driver: 'slonik',
    role: 'transaction',
    inTransaction: true,
    methods: { ...queries, transaction },
  },
  'slonik.sql': {
    driver: 'slonik',
    role: 'sql-tag',
    tag: 'fragment',
    props: { unsafe: 'slonik.sql', fragment: 'slonik.sql' },
    methods: { typeAlias: { result: { kind: 'slonik.sql' } }, type: { result: { kind: 'slonik.sql' } } },
  },
};
