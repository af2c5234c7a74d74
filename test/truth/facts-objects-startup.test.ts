/**
 * truth-table.md rows 30 and 32-40: SQL PREPARE, temporary tables, WITH HOLD cursors, and startup parameters (node-postgres
 * config, postgres.js `connection`). Pinned by issue 7: application_name is accepted at startup (row 37).
 */
import postgres from 'postgres';
import { outcome, withTimeout } from './clients.js';
import { everywhere, factRow, objectScenario, sessionObject, type Observation } from './fact-row.js';
import { truthSuite, type Target, type Truth } from './harness.js';

const TENANT_ROW = '[{"v":"row of tenant_a"}]';

/** Connects with a startup parameter in the pg config and reads `sql`; notes whether PgBouncer logged the rejection. */
async function startup(t: Truth, target: Target, config: Record<string, unknown>, sql: string, parameter: string): Promise<Observation> {
  const mark = target === 'direct' ? 0 : t.logMark(target);
  const result = await outcome(t.connect(target, config).then((client) => client.rows(sql)));
  const logged = target !== 'direct' && t.logSince(target, mark).includes(`unsupported startup parameter: ${parameter}=`);
  return { result, pgbouncerLogged: logged };
}

/** Rejected by both PgBouncer modes with the same error; accepted directly with `direct` rows. */
function rejectedByPgBouncer(parameter: string, direct: string) {
  const rejected = { result: `error: unsupported startup parameter: ${parameter}`, pgbouncerLogged: true };
  return { transaction: rejected, session: rejected, direct: { result: direct, pgbouncerLogged: false } };
}

/** Session objects created by A and used by later statements (rows 30, 32, 34). */
const SESSION_OBJECTS = [
  {
    row: 30,
    id: 'sql-prepare',
    title: 'SQL-level `PREPARE s1 AS ...` / `EXECUTE s1`',
    sql: { create: 'PREPARE s1 AS select 1 as v', use: 'EXECUTE s1', bCreate: 'PREPARE s1 AS select 2 as v' },
    expect: sessionObject({
      aUse: '[{"v":1}]',
      next: '[{"v":1}]',
      already: 'prepared statement "s1" already exists',
      missing: 'prepared statement "s1" does not exist',
    }),
  },
  {
    row: 32,
    id: 'temp-table',
    title: '`CREATE TEMP TABLE tmp_a` (no ON COMMIT), used by later statements',
    sql: {
      create: 'CREATE TEMP TABLE tmp_a AS SELECT 1 AS x',
      use: 'SELECT count(*)::int AS n FROM tmp_a',
      bCreate: 'CREATE TEMP TABLE tmp_a (x int)',
    },
    expect: sessionObject({
      aUse: '[{"n":1}]',
      next: '[{"n":1}]',
      already: 'relation "tmp_a" already exists',
      missing: 'relation "tmp_a" does not exist',
    }),
  },
  {
    row: 34,
    id: 'cursor-with-hold',
    title: '`DECLARE c1 CURSOR WITH HOLD FOR ...` then `FETCH` in later statements',
    sql: {
      create: 'DECLARE c1 CURSOR WITH HOLD FOR SELECT g FROM generate_series(1, 10) g',
      use: 'FETCH 2 FROM c1',
      bCreate: 'DECLARE c1 CURSOR WITH HOLD FOR SELECT 1',
    },
    expect: sessionObject({
      aUse: '[{"g":1},{"g":2}]',
      next: '[{"g":3},{"g":4}]',
      already: 'cursor "c1" already exists',
      missing: 'cursor "c1" does not exist',
    }),
  },
];

truthSuite('truth facts: session objects, startup parameters (rows 30, 32-40)', (truth) => {
  for (const object of SESSION_OBJECTS) {
    factRow(truth, {
      ...object,
      verdicts: ['BREAKS+LEAKS', 'WORKS', 'WORKS'],
      run: (t, target) => objectScenario(t, target, object.sql),
    });
  }

  factRow(truth, {
    row: 33,
    id: 'temp-table-on-commit-drop',
    title: '`CREATE TEMP TABLE ... ON COMMIT DROP` inside BEGIN..COMMIT',
    verdicts: ['WORKS', 'WORKS', 'WORKS'],
    run: async (t, target) => {
      const a = await t.connect(target);
      const count = 'SELECT count(*)::int AS n FROM tmp_b';
      await a.rows('BEGIN');
      await a.rows('CREATE TEMP TABLE tmp_b (x int) ON COMMIT DROP');
      await a.rows('INSERT INTO tmp_b VALUES (1), (2)');
      const inside = await outcome(a.rows(count));
      const bMeanwhile = await outcome((await t.connect(target)).rows(count));
      await a.rows('COMMIT');
      return { inside, bMeanwhile, aAfterCommit: await outcome(a.rows(count)) };
    },
    expect: everywhere({
      inside: '[{"n":2}]',
      bMeanwhile: 'error: relation "tmp_b" does not exist',
      aAfterCommit: 'error: relation "tmp_b" does not exist',
    }),
  });

  const startupRows = [
    [35, 'startup-statement-timeout', 'statement_timeout: 5000', { statement_timeout: 5000 }, 'statement_timeout', '[{"statement_timeout":"5s"}]'],
    [36, 'startup-options', "options: '-c search_path=tenant_a'", { options: '-c search_path=tenant_a' }, 'options', TENANT_ROW],
    [
      38,
      'startup-idle-tx-timeout',
      'idle_in_transaction_session_timeout: 10000',
      { idle_in_transaction_session_timeout: 10000 },
      'idle_in_transaction_session_timeout',
      '[{"idle_in_transaction_session_timeout":"10s"}]',
    ],
    [39, 'startup-lock-timeout', 'lock_timeout: 3000', { lock_timeout: 3000 }, 'lock_timeout', '[{"lock_timeout":"3s"}]'],
  ] as const;
  for (const [row, id, shown, config, parameter, direct] of startupRows) {
    const read = parameter === 'options' ? 'select v from t' : `show ${parameter}`;
    factRow(truth, {
      row,
      id,
      title: `pg config \`${shown}\` (startup parameter)`,
      verdicts: ['BREAKS', 'BREAKS', 'WORKS'],
      run: (t, target) => startup(t, target, config, read, parameter),
      expect: rejectedByPgBouncer(parameter, direct),
    });
  }

  factRow(truth, {
    row: 37,
    id: 'startup-application-name',
    title: "pg config `application_name: 'truth-app'` is accepted at startup (pinned by issue 7)",
    verdicts: ['WORKS', 'WORKS', 'WORKS'],
    run: (t, target) => startup(t, target, { application_name: 'truth-app' }, 'show application_name', 'application_name'),
    expect: everywhere({ result: '[{"application_name":"truth-app"}]', pgbouncerLogged: false }),
  });

  factRow(truth, {
    row: 40,
    id: 'startup-postgresjs-connection',
    title: "postgres.js `connection: { search_path: 'tenant_a' }`",
    verdicts: ['BREAKS', 'BREAKS', 'WORKS'],
    run: async (t, target) => {
      const { host, port, user, database } = t.endpoint(target);
      const sql = postgres({ host, port, user, database, max: 1, connection: { search_path: 'tenant_a' }, connect_timeout: 5 });
      t.onClose(() => withTimeout(sql.end({ timeout: 0 }), 3000, 'sql.end').catch(() => undefined));
      const mark = target === 'direct' ? 0 : t.logMark(target);
      const result = await outcome(withTimeout(Promise.resolve(sql`select v from t`).then((rows) => [...rows]), 8000, 'first query'));
      const logged = target !== 'direct' && t.logSince(target, mark).includes('unsupported startup parameter: search_path=');
      return { result, pgbouncerLogged: logged };
    },
    expect: rejectedByPgBouncer('search_path', TENANT_ROW),
  });
});
