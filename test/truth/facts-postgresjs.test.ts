/**
 * truth-table.md rows 26-29: postgres.js with `prepare: true` (its default) and `prepare: false`, under
 * concurrent load (bounded: every query has a timeout) and with one query cached on one server connection and
 * repeated on another. The mix of failures under load varies from run to run: transaction mode must not be
 * all ok, session mode and direct must be.
 */
import assert from 'node:assert/strict';
import postgres from 'postgres';
import { generatedName, NEVER_SETTLED, tally } from './bulk.js';
import { errorText, withTimeout } from './clients.js';
import { everywhere, factRow, transactionVersusOthers, type Observation } from './fact-row.js';
import { truthSuite, type Target, type Truth } from './harness.js';

const INSTANCES = 2;
const ROUNDS = 2;
const CONCURRENCY = 30;
const QUERY_TIMEOUT_MS = 2000;
const TOTAL = INSTANCES * ROUNDS * CONCURRENCY;

type Sql = ReturnType<typeof postgres>;

/** A postgres.js instance through `target`, ended (destroyed) after the scenario. */
function open(t: Truth, target: Target, options: { max: number; prepare: boolean }): Sql {
  const { host, port, user, database } = t.endpoint(target);
  const sql = postgres({ host, port, user, database, ...options, connect_timeout: 5, onnotice: () => undefined });
  t.onClose(() => withTimeout(sql.end({ timeout: 0 }), 3000, 'sql.end').catch(() => undefined));
  return sql;
}

/** Whether postgres.js silently re-prepared a statement for this query (it sets `retried` on the query). */
const retried = (query: object) => Boolean((query as { retried?: unknown }).retried);

async function bulk(t: Truth, target: Target, prepare: boolean): Promise<Observation> {
  const instances = Array.from({ length: INSTANCES }, () => open(t, target, { max: 4, prepare }));
  let silentRetries = 0;
  const run = async (i: number) => {
    const sql = instances[i % INSTANCES] as Sql;
    const k = (i % 3) + 1;
    const query =
      k === 1 ? sql`select ${i}::int as v, 1 as k` : k === 2 ? sql`select ${i}::int as v, 2 as k` : sql`select ${i}::int as v, 3 as k`;
    const rows = await query;
    if (retried(query)) silentRetries++;
    return { rows: [...rows], k };
  };
  const counts = await tally(ROUNDS, INSTANCES * CONCURRENCY, QUERY_TIMEOUT_MS, run, (i, { rows, k }) => {
    if (rows.length === 0) return 'WRONG: empty result';
    return rows.length === 1 && rows[0]?.v === i && rows[0]?.k === k ? true : "WRONG: another query's row";
  });
  return { counts, silentRetries };
}

/** One query cached on the only connection; repeated while that server connection is busy. */
async function cachedElsewhere(t: Truth, target: Target, prepare: boolean): Promise<Observation> {
  const sql = open(t, target, { max: 1, prepare });
  const value = async (n: number) => {
    const query = sql`select ${n}::int as v`;
    const [row] = await withTimeout(Promise.resolve(query), 8000, `select ${n}`);
    return { v: String(row?.v), retried: retried(query) };
  };
  const first = (await value(1)).v;
  const inBeginWhileBusy = await t.withBusy(target, async () => {
    try {
      const rows = await withTimeout(Promise.resolve(sql.begin((tx) => tx`select ${2}::int as v`)), 8000, 'sql.begin');
      return String(rows[0]?.v);
    } catch (error) {
      return `error: ${generatedName(errorText(error))}`;
    }
  });
  const third = (await value(3)).v;
  const autocommit = await t.withBusy(target, () => value(4));
  return { first, inBeginWhileBusy, third, autocommitWhileBusy: autocommit.v, silentRetry: autocommit.retried };
}

truthSuite('truth facts: postgres.js prepare true/false (rows 26-29)', (truth) => {
  const load = `${INSTANCES} client instances × ${ROUNDS} rounds × ${CONCURRENCY} concurrent parameterized queries (3 statement texts)`;
  factRow(truth, {
    row: 26,
    id: 'postgresjs-bulk-prepare-true',
    title: `postgres.js \`prepare: true\` (max: 4): ${load}`,
    verdicts: ['WRONG+HANGS+BREAKS', 'WORKS', 'WORKS'],
    run: (t, target) => bulk(t, target, true),
    expect: transactionVersusOthers(
      (observed) => {
        const counts = observed.counts as Record<string, number>;
        const failures = Object.keys(counts).filter((label) => label !== 'ok');
        assert.ok(failures.length > 0, `expected some of ${TOTAL} not ok, got ${JSON.stringify(counts)}`);
        const known = [NEVER_SETTLED, 'WRONG: empty result', "WRONG: another query's row", 'prepared statement "<generated>" does not exist'];
        for (const label of failures) assert.ok(known.includes(label), `unexpected outcome "${label}"`);
      },
      { counts: { ok: TOTAL }, silentRetries: 0 },
    ),
    timeout: 30_000,
  });

  factRow(truth, {
    row: 27,
    id: 'postgresjs-tx-prepare-true',
    title: 'postgres.js `prepare: true` (max: 1): a cached query repeated on another server connection, in `sql.begin` and in autocommit',
    verdicts: ['BREAKS', 'WORKS', 'WORKS'],
    run: (t, target) => cachedElsewhere(t, target, true),
    expect: transactionVersusOthers(
      {
        first: '1',
        inBeginWhileBusy: 'error: prepared statement "<generated>" does not exist',
        third: '3',
        autocommitWhileBusy: '4',
        silentRetry: true,
      },
      { first: '1', inBeginWhileBusy: '2', third: '3', autocommitWhileBusy: '4', silentRetry: false },
    ),
  });

  factRow(truth, {
    row: 28,
    id: 'postgresjs-bulk-prepare-false',
    title: `postgres.js \`prepare: false\` (max: 4): ${load}`,
    verdicts: ['WORKS', 'WORKS', 'WORKS'],
    run: (t, target) => bulk(t, target, false),
    expect: everywhere({ counts: { ok: TOTAL }, silentRetries: 0 }),
    timeout: 30_000,
  });

  factRow(truth, {
    row: 29,
    id: 'postgresjs-tx-prepare-false',
    title: 'postgres.js `prepare: false` (max: 1): a query repeated on another server connection, in `sql.begin` and in autocommit',
    verdicts: ['WORKS', 'WORKS', 'WORKS'],
    run: (t, target) => cachedElsewhere(t, target, false),
    expect: everywhere({ first: '1', inBeginWhileBusy: '2', third: '3', autocommitWhileBusy: '4', silentRetry: false }),
  });
});
