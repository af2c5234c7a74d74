/**
 * truth-table.md rows 41-44: `pool.on('connect')` session hooks, pg.Pool exhaustion (the hang cut short by a
 * timeout) and clients left inside BEGIN starving the transaction-mode pool (query_wait_timeout = 5 s).
 */
import assert from 'node:assert/strict';
import type pg from 'pg';
import { ROW_PUBLIC, ROW_TENANT, settleWithin, withTimeout, type Settled } from './clients.js';
import { everywhere, factRow, transactionVersusOthers, type Observation } from './fact-row.js';
import { truthSuite, type Target, type Truth } from './harness.js';

const READ = 'select v, pg_backend_pid() as pid from t';

async function poolRead(pool: pg.Pool): Promise<{ v: string; pid: number }> {
  const result = await withTimeout(pool.query<{ v: string; pid: number }>(READ), 8000, 'pool read');
  const row = result.rows[0];
  return { v: String(row?.v), pid: Number(row?.pid) };
}

/** Checks out `count` clients of `pool` that are never released during the scenario (released at cleanup). */
async function checkedOut(t: Truth, pool: pg.Pool, count: number): Promise<pg.PoolClient[]> {
  const clients: pg.PoolClient[] = [];
  for (let n = 0; n < count; n++) {
    const client = await withTimeout(pool.connect(), 8000, 'pool.connect');
    client.on('error', () => undefined);
    await client.query('select 1');
    clients.push(client);
  }
  const release = (client: pg.PoolClient) => {
    try {
      client.release(true);
    } catch {
      // already released by the scenario
    }
  };
  t.onClose(async () => clients.forEach(release));
  return clients;
}

const label = (settled: Settled<unknown>) => (settled.state === 'error' ? `error: ${settled.message}` : settled.state);

truthSuite('truth facts: pools, session hooks, starvation (rows 41-44)', (truth) => {
  factRow(truth, {
    row: 41,
    id: 'pool-on-connect-set',
    title: "`pool.on('connect', c => c.query('SET search_path TO tenant_a'))` on pg.Pool P; another pg.Pool Q without it",
    verdicts: ['LEAKS+LOST', 'WORKS', 'WORKS'],
    run: async (t, target) => {
      const p = t.pool(target, { max: 1 });
      p.on('connect', (client) => void client.query('SET search_path TO tenant_a').catch(() => undefined));
      const q = t.pool(target, { max: 1 });
      const pRead = await poolRead(p);
      const qRead = await poolRead(q);
      const pWhileBusy = await t.withBusy(target, () => poolRead(p));
      return {
        p: pRead.v,
        q: qRead.v,
        qOnServerOfP: qRead.pid === pRead.pid,
        pWhileBusy: pWhileBusy.v,
        pWhileBusyOnSameServer: pWhileBusy.pid === pRead.pid,
      };
    },
    expect: transactionVersusOthers(
      { p: ROW_TENANT, q: ROW_TENANT, qOnServerOfP: true, pWhileBusy: ROW_PUBLIC, pWhileBusyOnSameServer: false },
      { p: ROW_TENANT, q: ROW_PUBLIC, qOnServerOfP: false, pWhileBusy: ROW_TENANT, pWhileBusyOnSameServer: true },
    ),
  });

  factRow(truth, {
    row: 42,
    id: 'pool-connect-not-released-timeout',
    title: 'pg.Pool max 2, `connectionTimeoutMillis: 1000`: two `pool.connect()` never released, third `pool.connect()`',
    verdicts: ['BREAKS', 'BREAKS', 'BREAKS'],
    run: async (t, target) => {
      const pool = t.pool(target, { max: 2, connectionTimeoutMillis: 1000 });
      await checkedOut(t, pool, 2);
      const third = settleWithin(pool.connect(), 5000);
      const separate = await (await t.connect(target)).value('select 1');
      const settled = await third;
      if (settled.state === 'ok') settled.value.release();
      return { third: label(settled), afterAboutOneSecond: settled.ms >= 900 && settled.ms < 2500, separate };
    },
    expect: everywhere({ third: 'error: timeout exceeded when trying to connect', afterAboutOneSecond: true, separate: '1' }),
  });

  factRow(truth, {
    row: 43,
    id: 'pool-connect-not-released-no-timeout',
    title: 'pg.Pool max 2, default `connectionTimeoutMillis` (0): two clients never released, third `pool.connect()`',
    verdicts: ['HANGS', 'HANGS', 'HANGS'],
    run: async (t, target) => {
      const pool = t.pool(target, { max: 2 });
      const [first] = await checkedOut(t, pool, 2);
      const third = pool.connect();
      const cutShort = await settleWithin(third, 1500);
      first?.release();
      const onceReleased = await settleWithin(third, 3000);
      if (onceReleased.state === 'ok') onceReleased.value.release();
      return { after1500ms: label(cutShort), onceOneIsReleased: label(onceReleased) };
    },
    expect: everywhere({ after1500ms: 'pending', onceOneIsReleased: 'ok' }),
  });

  factRow(truth, {
    row: 44,
    id: 'idle-in-tx-starves-pool',
    title: 'two clients left inside BEGIN; a third, unrelated client runs `select 1` (query_wait_timeout = 5 s)',
    verdicts: ['BREAKS', 'WORKS', 'WORKS'],
    run: async (t: Truth, target: Target): Promise<Observation> => {
      for (let n = 0; n < 2; n++) await (await t.connect(target)).rows('BEGIN');
      const third = await t.connect(target);
      const settled = await settleWithin(third.rows('select 1 as one'), 9000);
      return { third: label(settled), waitedSeconds: Math.round(settled.ms / 1000) };
    },
    expect: transactionVersusOthers(
      (observed) => {
        assert.equal(observed.third, 'error: query_wait_timeout');
        assert.ok([5, 6].includes(observed.waitedSeconds as number), `waited ${String(observed.waitedSeconds)} s, expected about 5`);
      },
      { third: 'ok', waitedSeconds: 0 },
    ),
  });
});
