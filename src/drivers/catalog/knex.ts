/** knex: the instance (callable query builder), transactions and its client's raw connections. */
import { sqlMethods } from './helpers.js';
import type { CallSpec, DriverKinds } from './types.js';

const CONNECTION_LEAK =
  "A connection that is never given back stays out of knex's pool: once all `pool.max` connections are out, " +
  'every query waits `acquireConnectionTimeout` (60 s by default) and fails, and one left inside a ' +
  'transaction keeps its server connection behind a transaction pooler.';

const trx = { kind: 'knex.Transaction', inTransaction: true } as const;
const transaction: CallSpec = { result: { ...trx, async: true }, callback: { params: [trx] } };
const raw = sqlMethods(['raw'], 'text');

export const knexKinds: DriverKinds<'knex'> = {
  'knex.module': {
    driver: 'knex',
    role: 'function',
    call: { result: { kind: 'knex.Knex', creates: {} } },
    props: { knex: 'knex.module' },
  },
  'knex.Knex': {
    driver: 'knex',
    role: 'pool',
    props: { schema: 'knex.Schema', client: 'knex.Client' },
    methods: { ...raw, transaction, destroy: {} },
  },
  'knex.Transaction': {
    driver: 'knex',
    role: 'transaction',
    inTransaction: true,
    props: { schema: 'knex.Schema', client: 'knex.Client' },
    methods: { ...raw, transaction, savepoint: { callback: { params: [trx] } }, commit: {}, rollback: {} },
  },
  'knex.Schema': { driver: 'knex', role: 'builder', methods: raw },
  'knex.Client': {
    driver: 'knex',
    role: 'pool',
    methods: {
      acquireConnection: {
        result: { kind: 'knex.Connection', async: true },
        acquires: { release: { ownerMethod: 'releaseConnection' }, consequence: CONNECTION_LEAK },
      },
      releaseConnection: {},
    },
  },
  'knex.Connection': { driver: 'knex', role: 'connection', methods: sqlMethods(['query'], 'query') },
};
