/**
 * truth-table.md rows 1-14: session settings (SET, SET LOCAL, set_config, RESET, DISCARD ALL) through
 * PgBouncer transaction mode, session mode and directly. Pinned by issue 7: a SET of a tracked parameter
 * (TimeZone, row 5) does not leak; SET LOCAL outside a transaction has no effect (row 8).
 */
import type pg from 'pg';
import { ROW_PUBLIC, ROW_TENANT, withTimeout, type TruthClient } from './clients.js';
import { everywhere, factRow, transactionVersusOthers, type Expectation, type Observation } from './fact-row.js';
import { truthSuite, type Target, type Truth } from './harness.js';

const SEARCH_PATH_READ = 'select v as value, pg_backend_pid() as pid from t';
const setting = (name: string) => `select current_setting('${name}', true) as value, pg_backend_pid() as pid`;

async function read(client: TruthClient, sql: string): Promise<{ value: string | null; pid: number }> {
  const [row] = await client.rows<{ value: string | null; pid: number }>(sql);
  return { value: row?.value ?? null, pid: Number(row?.pid) };
}

/**
 * A sets state; A reads it; B (a new client) reads; then, while a third client keeps the server connection
 * B just used busy, A reads again. Routing booleans make the table's "(same/another server connection)" explicit.
 */
async function setThenRead(
  truth: Truth,
  target: Target,
  set: readonly string[],
  sql: string,
  bConfig: pg.ClientConfig = {},
): Promise<Observation> {
  const a = await truth.connect(target);
  for (const statement of set) await a.rows(statement);
  const aSet = await read(a, sql);
  const b = await truth.connect(target, bConfig);
  const bRead = await read(b, sql);
  const busy = await truth.withBusy(target, async (busyPid) => ({ busyPid, a: await read(a, sql) }));
  return {
    aAfterSet: aSet.value,
    b: bRead.value,
    bOnServerOfA: bRead.pid === aSet.pid,
    busyOnServerOfA: busy.busyPid === aSet.pid,
    aWhileBusy: busy.a.value,
    aWhileBusyOnSameServer: busy.a.pid === aSet.pid,
  };
}

/** Expected observation of {@link setThenRead}: through transaction mode B shares A's server, A moves. */
function seen(pooled: boolean, values: { aAfterSet: string | null; b: string | null; aWhileBusy: string | null }): Observation {
  return {
    aAfterSet: values.aAfterSet,
    b: values.b,
    bOnServerOfA: pooled,
    busyOnServerOfA: pooled,
    aWhileBusy: values.aWhileBusy,
    aWhileBusyOnSameServer: !pooled,
  };
}

/** A parameter PgBouncer tracks: A keeps `set` on any server connection; B reads `bPooled` through transaction mode, `bOthers` elsewhere. */
function tracked(set: string, bPooled: string, bOthers: string) {
  return transactionVersusOthers(
    seen(true, { aAfterSet: set, b: bPooled, aWhileBusy: set }),
    seen(false, { aAfterSet: set, b: bOthers, aWhileBusy: set }),
  );
}

/** LEAKS+LOST in transaction mode, WORKS elsewhere, for a value `set` over a default `unset`. */
function leaksAndLost(set: string | null, unset: string | null) {
  return transactionVersusOthers(
    seen(true, { aAfterSet: set, b: set, aWhileBusy: unset }),
    seen(false, { aAfterSet: set, b: unset, aWhileBusy: set }),
  );
}

/** A row where A sets something, B reads, and A reads again while its server connection is busy. */
interface SetThenReadRow {
  row: number;
  id: string;
  title: string;
  /** Verdict through transaction mode (session mode and direct: WORKS). */
  verdict: string;
  set: readonly string[];
  read: string;
  expect: Record<Target, Expectation>;
  bConfig?: pg.ClientConfig;
}

const SEARCH_PATH = ['SET search_path TO tenant_a'];
const APP_NAME = ["SET application_name = 'client_a'"];

const SET_THEN_READ: readonly SetThenReadRow[] = [
  {
    row: 1,
    id: 'set-search-path',
    title: '`SET search_path TO tenant_a` (autocommit)',
    verdict: 'LEAKS+LOST',
    set: SEARCH_PATH,
    read: SEARCH_PATH_READ,
    expect: leaksAndLost(ROW_TENANT, ROW_PUBLIC),
  },
  {
    row: 2,
    id: 'set-statement-timeout',
    title: "`SET statement_timeout = '4321ms'`",
    verdict: 'LEAKS+LOST',
    set: ["SET statement_timeout = '4321ms'"],
    read: setting('statement_timeout'),
    expect: leaksAndLost('4321ms', '0'),
  },
  {
    row: 3,
    id: 'set-application-name',
    title: "`SET application_name = 'client_a'`; B has no application_name of its own",
    verdict: 'LEAKS',
    set: APP_NAME,
    read: setting('application_name'),
    expect: tracked('client_a', 'client_a', ''),
  },
  {
    row: 4,
    id: 'set-application-name-b-has-own',
    title: "`SET application_name = 'client_a'`; B connected with its own application_name 'client_b'",
    verdict: 'WORKS',
    set: APP_NAME,
    read: setting('application_name'),
    expect: tracked('client_a', 'client_b', 'client_b'),
    bConfig: { application_name: 'client_b' },
  },
  {
    row: 5,
    id: 'set-timezone',
    title: "`SET TIME ZONE 'Asia/Tokyo'`: a parameter PgBouncer tracks does not leak (pinned by issue 7)",
    verdict: 'WORKS',
    set: ["SET TIME ZONE 'Asia/Tokyo'"],
    read: setting('TimeZone'),
    expect: tracked('Asia/Tokyo', 'Etc/UTC', 'Etc/UTC'),
  },
  {
    row: 6,
    id: 'set-in-tx',
    title: '`SET search_path` (not LOCAL) inside BEGIN..COMMIT',
    verdict: 'LEAKS+LOST',
    set: ['BEGIN', ...SEARCH_PATH, 'COMMIT'],
    read: SEARCH_PATH_READ,
    expect: leaksAndLost(ROW_TENANT, ROW_PUBLIC),
  },
  {
    row: 10,
    id: 'set-config-false',
    title: "`set_config('app.tenant_id', 'a', false)` (session; RLS-style tenant variable)",
    verdict: 'LEAKS+LOST',
    set: ["select set_config('app.tenant_id', 'a', false)"],
    read: setting('app.tenant_id'),
    expect: leaksAndLost('a', null),
  },
];

truthSuite('truth facts: session state (rows 1-14)', (truth) => {
  for (const spec of SET_THEN_READ) {
    const { row, id, title, verdict, set, read, expect, bConfig } = spec;
    factRow(truth, { row, id, title, expect, verdicts: [verdict, 'WORKS', 'WORKS'], run: (t, target) => setThenRead(t, target, set, read, bConfig) });
  }

  /** A: BEGIN + a transaction-local setting; A and B read inside; COMMIT; A and B read again. */
  async function insideTransaction(t: Truth, target: Target, local: string, sql: string): Promise<Observation> {
    const a = await t.connect(target);
    const b = await t.connect(target);
    await a.rows('BEGIN');
    await a.rows(local);
    const aIn = await read(a, sql);
    const bIn = await read(b, sql);
    await a.rows('COMMIT');
    const aAfter = await read(a, sql);
    const bAfter = await read(b, sql);
    return { aIn: aIn.value, bIn: bIn.value, aAfter: aAfter.value, bAfter: bAfter.value, bAfterOnServerOfA: bAfter.pid === aIn.pid };
  }

  /** Expectations of {@link insideTransaction}: in effect inside A's transaction only. */
  const scoped = (aIn: string, unset: string | null, afterCommit: string | null, bAfterElsewhere: string | null) =>
    transactionVersusOthers(
      { aIn, bIn: unset, aAfter: afterCommit, bAfter: afterCommit, bAfterOnServerOfA: true },
      { aIn, bIn: unset, aAfter: afterCommit, bAfter: bAfterElsewhere, bAfterOnServerOfA: false },
    );

  factRow(truth, {
    row: 7,
    id: 'set-local-in-tx',
    title: '`SET LOCAL search_path` inside BEGIN..COMMIT',
    verdicts: ['WORKS', 'WORKS', 'WORKS'],
    run: (t, target) => insideTransaction(t, target, 'SET LOCAL search_path TO tenant_a', SEARCH_PATH_READ),
    expect: scoped(ROW_TENANT, ROW_PUBLIC, ROW_PUBLIC, ROW_PUBLIC),
  });

  factRow(truth, {
    row: 8,
    id: 'set-local-outside-tx',
    title: '`SET LOCAL search_path` outside a transaction has no effect (pinned by issue 7)',
    verdicts: ['NO EFFECT', 'NO EFFECT', 'NO EFFECT'],
    run: async (t, target) => {
      const a = await t.connect(target);
      await a.rows('SET LOCAL search_path TO tenant_a');
      const aAfter = await read(a, SEARCH_PATH_READ);
      const b = await read(await t.connect(target), SEARCH_PATH_READ);
      return { notices: a.notices, a: aAfter.value, b: b.value };
    },
    expect: everywhere({ notices: ['WARNING: SET LOCAL can only be used in transaction blocks'], a: ROW_PUBLIC, b: ROW_PUBLIC }),
  });

  factRow(truth, {
    row: 9,
    id: 'set-local-one-query-string',
    title: '`SET LOCAL search_path TO tenant_a; SELECT v FROM t` as one simple-protocol query string',
    verdicts: ['WORKS', 'WORKS', 'WORKS'],
    run: async (t, target) => {
      const a = await t.connect(target);
      const results = (await withTimeout(a.raw.query('SET LOCAL search_path TO tenant_a; SELECT v FROM t'), 8000, 'query string')) as unknown;
      const last = Array.isArray(results) ? (results.at(-1) as pg.QueryResult<{ v: string }>) : undefined;
      const aAfter = await read(a, SEARCH_PATH_READ);
      const b = await read(await t.connect(target), SEARCH_PATH_READ);
      return { inString: last?.rows[0]?.v, notices: a.notices, aAfter: aAfter.value, b: b.value };
    },
    expect: everywhere({ inString: ROW_TENANT, notices: [], aAfter: ROW_PUBLIC, b: ROW_PUBLIC }),
  });

  factRow(truth, {
    row: 11,
    id: 'set-config-true-outside-tx',
    title: "`set_config('app.tenant_id', 'a', true)` outside a transaction",
    verdicts: ['NO EFFECT', 'NO EFFECT', 'NO EFFECT'],
    run: async (t, target) => {
      const a = await t.connect(target);
      await a.rows("select set_config('app.tenant_id', 'a', true)");
      const aAfter = await read(a, setting('app.tenant_id'));
      const b = await read(await t.connect(target), setting('app.tenant_id'));
      return { notices: a.notices, a: aAfter.value, b: b.value, bOnServerOfA: b.pid === aAfter.pid };
    },
    expect: transactionVersusOthers(
      { notices: [], a: '', b: '', bOnServerOfA: true },
      { notices: [], a: '', b: null, bOnServerOfA: false },
    ),
  });

  factRow(truth, {
    row: 12,
    id: 'set-config-true-in-tx',
    title: "`set_config('app.tenant_id', 'a', true)` inside BEGIN..COMMIT",
    verdicts: ['WORKS', 'WORKS', 'WORKS'],
    run: (t, target) => insideTransaction(t, target, "select set_config('app.tenant_id', 'a', true)", setting('app.tenant_id')),
    expect: scoped('a', null, '', null),
  });

  /**
   * Cleanup by `RESET`/`DISCARD ALL`: once with no other traffic, once while a third client keeps A's server
   * connection busy. Reports the distinct values every server connection (and A) then reads.
   */
  async function cleanup(t: Truth, target: Target, statement: string): Promise<Observation> {
    const everyValue = async (a: TruthClient) => {
      const values = [(await read(a, SEARCH_PATH_READ)).value];
      for (const row of await t.everyServer<{ value: string }>(target, SEARCH_PATH_READ)) values.push(row.value);
      return [...new Set(values)].sort();
    };
    const quiet = await t.connect(target);
    await quiet.rows('SET search_path TO tenant_a');
    await quiet.rows(statement);
    const withoutTraffic = await everyValue(quiet);
    await t.reset();
    const a = await t.connect(target);
    await a.rows('SET search_path TO tenant_a');
    const aSet = await read(a, SEARCH_PATH_READ);
    const busyOnServerOfA = await t.withBusy(target, async (busyPid) => {
      await a.rows(statement);
      return busyPid === aSet.pid;
    });
    return { withoutTraffic, busyOnServerOfA, whileBusy: await everyValue(a) };
  }

  for (const [row, id, statement] of [
    [13, 'reset', 'RESET search_path'],
    [14, 'discard-all', 'DISCARD ALL'],
  ] as const) {
    factRow(truth, {
      row,
      id,
      title: `\`SET search_path\` then \`${statement}\` as cleanup`,
      verdicts: ['LEAKS', 'WORKS', 'WORKS'],
      run: (t, target) => cleanup(t, target, statement),
      expect: transactionVersusOthers(
        { withoutTraffic: [ROW_PUBLIC], busyOnServerOfA: true, whileBusy: [ROW_PUBLIC, ROW_TENANT] },
        { withoutTraffic: [ROW_PUBLIC], busyOnServerOfA: false, whileBusy: [ROW_PUBLIC] },
      ),
    });
  }
});
