/** node-postgres (`pg`, `pg-pool`): Pool, Client and the clients checked out of a pool. */
import { sqlMethods } from './helpers.js';
import type { CallSpec, DriverKinds } from './types.js';

/**
 * What a client that is never released does to a pg pool (pg-pool defaults; truth-table rows 42-44).
 * @example pgPoolLeak('`pool.connect()`')
 */
export function pgPoolLeak(nextCall: string): string {
  return (
    "A client that is never released stays checked out: with pg's default `connectionTimeoutMillis: 0` " +
    `the next ${nextCall} waits forever once the pool is empty, and a client left inside \`BEGIN\` keeps ` +
    'its server connection, so behind a transaction pooler every other client waits until `query_wait_timeout`.'
  );
}

const query = sqlMethods(['query'], 'query');

const connect: CallSpec = {
  result: { kind: 'pg.PoolClient', async: true },
  callback: { params: [undefined, { kind: 'pg.PoolClient' }, { kind: 'pg.Done' }] },
  acquires: {
    release: { method: 'release' },
    callbackParams: { error: 0, handle: 1, done: 2 },
    consequence: pgPoolLeak('`pool.connect()`'),
    doubleRelease: 'node-postgres throws `Release called on client which has already been released to the pool.`',
  },
};

export const pgKinds: DriverKinds<'pg'> = {
  'pg.module': { driver: 'pg', role: 'module', props: { Pool: 'pg.PoolClass', Client: 'pg.ClientClass', native: 'pg.module' } },
  'pg.PoolClass': { driver: 'pg', role: 'class', construct: { result: { kind: 'pg.Pool', creates: {} } } },
  'pg.ClientClass': { driver: 'pg', role: 'class', construct: { result: { kind: 'pg.Client', creates: {} } } },
  'pg.Pool': {
    driver: 'pg',
    role: 'pool',
    methods: {
      ...query,
      connect,
      end: {},
      on: {
        events: {
          connect: { params: [{ kind: 'pg.PoolClient' }] },
          acquire: { params: [{ kind: 'pg.PoolClient' }] },
          remove: { params: [{ kind: 'pg.PoolClient' }] },
          release: { params: [undefined, { kind: 'pg.PoolClient' }] },
        },
      },
    },
  },
  'pg.Client': { driver: 'pg', role: 'client', methods: { ...query, connect: {}, end: {} } },
  'pg.PoolClient': { driver: 'pg', role: 'connection', methods: { ...query, release: {} } },
  'pg.Done': { driver: 'pg', role: 'release-function', call: {} },
  'pg.CursorClass': { driver: 'pg', role: 'class', construct: { result: { kind: 'pg.Cursor' } } },
  'pg.Cursor': { driver: 'pg', role: 'statement', methods: { read: {}, close: {} } },
};
