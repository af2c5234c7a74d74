/**
 * truth-table.md rows 21-25 and 31: protocol-level named statements (node-postgres, pg-promise), unnamed
 * parameterized queries, and SQL-level DEALLOCATE (row 30, SQL PREPARE, is with the other session objects).
 */
import pgPromise from 'pg-promise';
import { allOk, someFail, tally } from './bulk.js';
import { outcome, withTimeout, type TruthClient } from './clients.js';
import { everywhere, factRow, transactionVersusOthers } from './fact-row.js';
import { truthSuite } from './harness.js';

const q1 = (value: number) => ({ name: 'q1', text: 'select $1::int as v', values: [value] });
const ALREADY = (name: string) => `prepared statement "${name}" already exists`;
const MISSING = (name: string) => `prepared statement "${name}" does not exist`;
const ROUNDS = 3;
const CONCURRENCY = 20;
const valueIs = (i: number, rows: Array<{ v: number }> | undefined) => (rows?.[0]?.v === i ? true : `WRONG: got ${JSON.stringify(rows)}`);

truthSuite('truth facts: named statements, DEALLOCATE (rows 21-25, 31)', (truth) => {
  factRow(truth, {
    row: 21,
    id: 'pg-named-statement',
    title: "node-postgres named statement `{name: 'q1', text: 'select $1::int'}`, two clients",
    verdicts: ['BREAKS', 'WORKS', 'WORKS'],
    run: async (t, target) => {
      const c1 = await t.connect(target);
      const c1First = await outcome(c1.rows(q1(1)));
      const c2 = await t.connect(target);
      const c2First = await outcome(c2.rows(q1(1)));
      const c1SecondWhileBusy = await t.withBusy(target, () => outcome(c1.rows(q1(2))));
      return { c1First, c2First, c1SecondWhileBusy };
    },
    expect: transactionVersusOthers(
      { c1First: '[{"v":1}]', c2First: `error: ${ALREADY('q1')}`, c1SecondWhileBusy: `error: ${MISSING('q1')}` },
      { c1First: '[{"v":1}]', c2First: '[{"v":1}]', c1SecondWhileBusy: '[{"v":2}]' },
    ),
  });

  const named = `node-postgres named statement via \`pool.query\` (pg.Pool max 4), ${ROUNDS} rounds × ${CONCURRENCY} concurrent`;
  factRow(truth, {
    row: 22,
    id: 'pg-named-statement-pool',
    title: named,
    verdicts: ['BREAKS', 'WORKS', 'WORKS'],
    run: async (t, target) => {
      const pool = t.pool(target, { max: 4 });
      const counts = await tally(ROUNDS, CONCURRENCY, 6000, (i) => pool.query<{ v: number }>(q1(i)), (i, r) => valueIs(i, r.rows));
      return { counts };
    },
    expect: transactionVersusOthers(
      (observed) => someFail(observed, [ALREADY('q1'), MISSING('q1')], [ALREADY('q1')]),
      (observed) => allOk(observed, ROUNDS * CONCURRENCY),
    ),
  });

  factRow(truth, {
    row: 23,
    id: 'pg-named-statement-different-text',
    title: 'node-postgres: two clients use the same statement name for different SQL',
    verdicts: ['WRONG', 'WORKS', 'WORKS'],
    run: async (t, target) => {
      const getV = (text: string, value: number) => ({ name: 'get_v', text, values: [value] });
      const c1 = await t.connect(target);
      const value = async (client: TruthClient, text: string, n: number) => Number(await client.value(getV(text, n)));
      const c1First = await value(c1, 'select $1::int + 1 as v', 1);
      return t.withBusy(target, async () => {
        const c2 = await t.connect(target);
        const c2OnAnotherServer = await value(c2, 'select $1::int * 100 as v', 1);
        return { c1First, c2OnAnotherServer, c1Again: await value(c1, 'select $1::int + 1 as v', 5) };
      });
    },
    expect: transactionVersusOthers(
      { c1First: 2, c2OnAnotherServer: 100, c1Again: 500 },
      { c1First: 2, c2OnAnotherServer: 100, c1Again: 6 },
    ),
  });

  factRow(truth, {
    row: 24,
    id: 'pg-promise-named',
    title: `pg-promise named query \`db.one({name, text, values})\` (pool max 4), ${ROUNDS} rounds × ${CONCURRENCY} concurrent`,
    verdicts: ['BREAKS', 'WORKS', 'WORKS'],
    run: async (t, target) => {
      // A reset may terminate a connection pg-promise still holds: ignore that error, as the harness's pools do.
      const pgp = pgPromise({ noWarnings: true, connect: (e) => void e.client.on('error', () => undefined) });
      const db = pgp({ ...t.endpoint(target), max: 4 });
      // Like the harness's own pools: errors of connections a reset terminates are not the scenario's result.
      db.$pool.on('error', () => undefined);
      t.onClose(async () => {
        await withTimeout(db.$pool.end(), 3000, 'pg-promise pool end').catch(() => undefined);
        pgp.end();
      });
      const findV = (i: number) => db.one<{ v: number }>({ name: 'find_v', text: 'select $1::int as v', values: [i] });
      const counts = await tally(ROUNDS, CONCURRENCY, 6000, findV, (i, row) => valueIs(i, [row]));
      return { counts };
    },
    expect: transactionVersusOthers(
      (observed) => someFail(observed, [ALREADY('find_v'), MISSING('find_v')], [ALREADY('find_v')]),
      (observed) => allOk(observed, ROUNDS * CONCURRENCY),
    ),
  });

  factRow(truth, {
    row: 25,
    id: 'pg-unnamed',
    title: `node-postgres unnamed parameterized \`pool.query('select $1::int', [i])\` (pool max 4), ${ROUNDS} rounds × ${CONCURRENCY} concurrent`,
    verdicts: ['WORKS', 'WORKS', 'WORKS'],
    run: async (t, target) => {
      const pool = t.pool(target, { max: 4 });
      const query = (i: number) => pool.query<{ v: number }>('select $1::int as v', [i]);
      return { counts: await tally(ROUNDS, CONCURRENCY, 6000, query, (i, r) => valueIs(i, r.rows)) };
    },
    expect: everywhere((observed) => allOk(observed, ROUNDS * CONCURRENCY)),
  });

  factRow(truth, {
    row: 31,
    id: 'sql-deallocate',
    title: '`DEALLOCATE s2` by the client that prepared it, while its server is busy',
    verdicts: ['BREAKS', 'WORKS', 'WORKS'],
    run: async (t, target) => {
      const a = await t.connect(target);
      await a.rows('PREPARE s2 AS select 1 as v');
      const deallocate = await t.withBusy(target, () => outcome(withTimeout(a.rows('DEALLOCATE s2'), 8000, 'DEALLOCATE')));
      return { deallocate };
    },
    expect: transactionVersusOthers({ deallocate: `error: ${MISSING('s2')}` }, { deallocate: '[]' }),
  });
});
