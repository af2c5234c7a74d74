/** postgres.js (`postgres`): the `sql` function/tag, transactions and reserved connections. */
import { sqlMethods } from './helpers.js';
import type { CallSpec, DriverKinds } from './types.js';

const RESERVED_LEAK =
  'A reserved connection that is never released is out of the pool for good: once all `max` connections ' +
  'are reserved every query waits forever (postgres.js has no acquire timeout), and one left inside a ' +
  'transaction keeps its server connection behind a transaction pooler.';

const tx = { kind: 'postgres.TransactionSql', inTransaction: true } as const;
const queries: Record<string, CallSpec> = { ...sqlMethods(['unsafe'], 'text'), file: {} };

export const postgresKinds: DriverKinds<'postgres'> = {
  'postgres.module': { driver: 'postgres', role: 'function', call: { result: { kind: 'postgres.Sql', creates: {} } } },
  'postgres.Sql': {
    driver: 'postgres',
    role: 'pool',
    tag: 'execute',
    methods: {
      ...queries,
      begin: { callback: { params: [tx] } },
      reserve: {
        result: { kind: 'postgres.Reserved', async: true },
        acquires: { release: { method: 'release' }, consequence: RESERVED_LEAK },
      },
      listen: {},
      notify: {},
      end: {},
    },
  },
  'postgres.TransactionSql': {
    driver: 'postgres',
    role: 'transaction',
    tag: 'execute',
    inTransaction: true,
    methods: { ...queries, savepoint: { callback: { params: [tx] } }, prepare: {} },
  },
  'postgres.Reserved': {
    driver: 'postgres',
    role: 'connection',
    tag: 'execute',
    methods: { ...queries, begin: { callback: { params: [tx] } }, release: {} },
  },
};
