/** pg-promise: the init function, databases, tasks/transactions and shared connections. */
import { sqlMethods } from './helpers.js';
import { pgPoolLeak } from './pg.js';
import type { CallSpec, DriverKinds } from './types.js';

const queries = sqlMethods(
  ['query', 'none', 'one', 'many', 'any', 'oneOrNone', 'manyOrNone', 'result', 'multi', 'multiResult', 'each', 'map'],
  'query',
);
const task: CallSpec = { callback: { params: [{ kind: 'pgp.Task' }] } };
const tx: CallSpec = { callback: { params: [{ kind: 'pgp.Task', inTransaction: true }] } };
const tasks = { task, taskIf: task, tx, txIf: tx };

export const pgPromiseKinds: DriverKinds<'pgp'> = {
  'pgp.module': {
    driver: 'pg-promise',
    role: 'function',
    call: { result: { kind: 'pgp.Main' } },
    props: { PreparedStatement: 'pgp.PreparedStatementClass' },
  },
  'pgp.Main': {
    driver: 'pg-promise',
    role: 'function',
    call: { result: { kind: 'pgp.Database', creates: {} } },
    props: { PreparedStatement: 'pgp.PreparedStatementClass' },
  },
  'pgp.Database': {
    driver: 'pg-promise',
    role: 'pool',
    methods: {
      ...queries,
      ...tasks,
      connect: {
        result: { kind: 'pgp.Connection', async: true },
        acquires: { release: { method: 'done' }, consequence: pgPoolLeak('query') },
      },
    },
  },
  'pgp.Task': { driver: 'pg-promise', role: 'connection', methods: { ...queries, ...tasks } },
  'pgp.Connection': { driver: 'pg-promise', role: 'connection', methods: { ...queries, ...tasks, done: {} } },
  'pgp.PreparedStatementClass': {
    driver: 'pg-promise',
    role: 'class',
    construct: { result: { kind: 'pgp.PreparedStatement' } },
  },
  'pgp.PreparedStatement': { driver: 'pg-promise', role: 'statement' },
};
