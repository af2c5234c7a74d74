/**
 * truth-table.md rows 15-20: advisory locks and LISTEN/NOTIFY. Pinned by issue 7: NOTIFY / pg_notify work
 * through the pooler (row 20); pg_try_advisory_lock from another client on the same server connection
 * succeeds, so mutual exclusion is void (row 16).
 */
import type { TruthClient } from './clients.js';
import { everywhere, factRow, transactionVersusOthers, type Observation } from './fact-row.js';
import { truthSuite, type Target, type Truth } from './harness.js';

const KEY = 7007;
const LOCK = `select pg_advisory_lock(${KEY})::text as value, pg_backend_pid() as pid`;
const UNLOCK = `select pg_advisory_unlock(${KEY})::text as value, pg_backend_pid() as pid`;
const TRY = `select pg_try_advisory_lock(${KEY})::text as value, pg_backend_pid() as pid`;
const DROPPED_NOTIFICATION = "got packet 'A' from server when not linked";

async function call(client: TruthClient, sql: string): Promise<{ value: string; pid: number }> {
  const [row] = await client.rows<{ value: string; pid: number }>(sql);
  return { value: String(row?.value), pid: Number(row?.pid) };
}

/** Waits up to `ms` for `count` notifications on `client`; returns what arrived. */
async function notificationsWithin(client: TruthClient, count: number, ms: number): Promise<string[]> {
  const deadline = Date.now() + ms;
  while (client.notifications.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  return [...client.notifications];
}

/** Backends holding advisory lock KEY, and whether the holder is an idle server connection of the pool. */
async function holders(t: Truth, target: Target): Promise<{ held: number; heldByIdlePooledServer: boolean }> {
  const rows = await t.control.rows<{ pid: number }>(
    `select pid from pg_locks where locktype = 'advisory' and objid = ${KEY} and objsubid = 1 and granted`,
  );
  const idle = (await t.servers(target)).filter((s) => s.state === 'idle' || s.state === 'used').map((s) => s.pid);
  return { held: rows.length, heldByIdlePooledServer: rows.length === 1 && idle.includes(Number(rows[0]?.pid)) };
}

truthSuite('truth facts: advisory locks, LISTEN/NOTIFY (rows 15-20)', (truth) => {
  factRow(truth, {
    row: 15,
    id: 'advisory-lock-unlock',
    title: '`pg_advisory_lock(k)`, later `pg_advisory_unlock(k)` by the same client',
    verdicts: ['LEAKS', 'WORKS', 'WORKS'],
    run: async (t, target) => {
      const quiet = await t.connect(target);
      const quietLock = await call(quiet, LOCK);
      const quietUnlock = await call(quiet, UNLOCK);
      await t.reset();
      const a = await t.connect(target);
      const lock = await call(a, LOCK);
      const busy = await t.withBusy(target, async (busyPid) => ({ busyPid, unlock: await call(a, UNLOCK) }));
      const after = await holders(t, target);
      const fresh = await t.connect('direct');
      const freshTry = await call(fresh, TRY);
      return {
        quietUnlock: quietUnlock.value,
        quietSameServer: quietUnlock.pid === quietLock.pid,
        busyOnServerOfLock: busy.busyPid === lock.pid,
        unlock: busy.unlock.value,
        unlockOnSameServer: busy.unlock.pid === lock.pid,
        notices: a.notices,
        ...after,
        freshDirectTry: freshTry.value,
      };
    },
    expect: transactionVersusOthers(
      {
        quietUnlock: 'true',
        quietSameServer: true,
        busyOnServerOfLock: true,
        unlock: 'false',
        unlockOnSameServer: false,
        notices: ["WARNING: you don't own a lock of type ExclusiveLock"],
        held: 1,
        heldByIdlePooledServer: true,
        freshDirectTry: 'false',
      },
      {
        quietUnlock: 'true',
        quietSameServer: true,
        busyOnServerOfLock: false,
        unlock: 'true',
        unlockOnSameServer: true,
        notices: [],
        held: 0,
        heldByIdlePooledServer: false,
        freshDirectTry: 'true',
      },
    ),
  });

  factRow(truth, {
    row: 16,
    id: 'advisory-try-lock',
    title: '`pg_try_advisory_lock(k)` by B while A holds `pg_advisory_lock(k)`: re-entrant on a shared server (pinned by issue 7)',
    verdicts: ['WRONG', 'WORKS', 'WORKS'],
    run: async (t, target) => {
      const a = await t.connect(target);
      const lock = await call(a, LOCK);
      const b = await t.connect(target);
      const rightAfter = await call(b, TRY);
      const whileBusy = await t.withBusy(target, () => call(b, TRY));
      return {
        bRightAfter: rightAfter.value,
        bRightAfterOnLockServer: rightAfter.pid === lock.pid,
        bWhileBusy: whileBusy.value,
        bWhileBusyOnLockServer: whileBusy.pid === lock.pid,
      };
    },
    expect: transactionVersusOthers(
      { bRightAfter: 'true', bRightAfterOnLockServer: true, bWhileBusy: 'false', bWhileBusyOnLockServer: false },
      { bRightAfter: 'false', bRightAfterOnLockServer: false, bWhileBusy: 'false', bWhileBusyOnLockServer: false },
    ),
  });

  factRow(truth, {
    row: 17,
    id: 'advisory-xact-lock',
    title: '`pg_advisory_xact_lock(k)` inside BEGIN..COMMIT',
    verdicts: ['WORKS', 'WORKS', 'WORKS'],
    run: async (t, target) => {
      const a = await t.connect(target);
      const b = await t.connect(target);
      const tryXact = `select pg_try_advisory_xact_lock(${KEY})::text`;
      await a.rows('BEGIN');
      const aLock = await a.value(`select pg_advisory_xact_lock(${KEY})::text`);
      const bDuring = await b.value(tryXact);
      await a.rows('COMMIT');
      return { aLock, bDuring, bAfterCommit: await b.value(tryXact) };
    },
    expect: everywhere({ aLock: '', bDuring: 'false', bAfterCommit: 'true' }),
  });

  /** LISTEN through `target`; `notify` sends the notification; the listener then runs a query. */
  async function listenThenNotify(t: Truth, target: Target, notify: (t: Truth) => Promise<TruthClient>): Promise<Observation> {
    const mark = target === 'direct' ? 0 : t.logMark(target);
    const listener = await t.connect(target);
    await listener.rows('LISTEN truth_ch');
    const notifier = await notify(t);
    const poll = await listener.value("select 'poll'");
    const listenerGot = await notificationsWithin(listener, 1, 1000);
    return {
      poll,
      listenerGot,
      notifierGot: notifier.notifications,
      droppedByPgBouncer: target !== 'direct' && t.logSince(target, mark).includes(DROPPED_NOTIFICATION),
    };
  }

  factRow(truth, {
    row: 18,
    id: 'listen-pooled-notify-direct',
    title: 'LISTEN through the target; NOTIFY from a direct connection',
    verdicts: ['LOST', 'WORKS', 'WORKS'],
    run: (t, target) =>
      listenThenNotify(t, target, async (t) => {
        const direct = await t.connect('direct');
        await direct.rows("NOTIFY truth_ch, 'from direct'");
        await new Promise((r) => setTimeout(r, 200));
        return direct;
      }),
    expect: transactionVersusOthers(
      { poll: 'poll', listenerGot: [], notifierGot: [], droppedByPgBouncer: true },
      { poll: 'poll', listenerGot: ['truth_ch:from direct'], notifierGot: [], droppedByPgBouncer: false },
    ),
  });

  factRow(truth, {
    row: 19,
    id: 'listen-pooled-notify-pooled',
    title: 'LISTEN through the target; NOTIFY from another client of the same target',
    verdicts: ['WRONG', 'WORKS', 'WORKS'],
    run: (t, target) =>
      listenThenNotify(t, target, async (t) => {
        const other = await t.connect(target);
        await other.rows("NOTIFY truth_ch, 'from another pooled client'");
        await notificationsWithin(other, 1, 300);
        return other;
      }),
    expect: transactionVersusOthers(
      { poll: 'poll', listenerGot: [], notifierGot: ['truth_ch:from another pooled client'], droppedByPgBouncer: false },
      { poll: 'poll', listenerGot: ['truth_ch:from another pooled client'], notifierGot: [], droppedByPgBouncer: false },
    ),
  });

  factRow(truth, {
    row: 20,
    id: 'notify-pooled-listen-direct',
    title: '`NOTIFY` / `pg_notify()` / NOTIFY in BEGIN..COMMIT through the target, listener direct (pinned by issue 7)',
    verdicts: ['WORKS', 'WORKS', 'WORKS'],
    run: async (t, target) => {
      const listener = await t.connect('direct');
      await listener.rows('LISTEN truth_out');
      const c = await t.connect(target);
      await c.rows("NOTIFY truth_out, 'NOTIFY'");
      await c.rows("select pg_notify('truth_out', 'pg_notify()')");
      await c.rows('BEGIN');
      await c.rows("NOTIFY truth_out, 'NOTIFY in transaction'");
      await c.rows('COMMIT');
      return { directListenerGot: await notificationsWithin(listener, 3, 3000) };
    },
    expect: everywhere({
      directListenerGot: ['truth_out:NOTIFY', 'truth_out:pg_notify()', 'truth_out:NOTIFY in transaction'],
    }),
  });
});
