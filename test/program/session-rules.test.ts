/**
 * The session rules at the call sites of wrappers (typed lint): `query(text)`, `exec(text)` (a wrapper
 * of the wrapper), `limited(text)` (appends text), `send(config)`, `inTransaction(text)` (BEGIN … COMMIT),
 * `run(client, text)` (the caller's connection), `direct(text)` (unpooled), an object of helpers, a
 * repository base class and wrappers over postgres.js, pg-promise and knex, all in other modules of
 * fixtures/program/app. Without types the same code reports nothing: the helpers are unknown then.
 */
import noListen from '../../rules/no-listen.js';
import noNamedPreparedStatements from '../../rules/no-named-prepared-statements.js';
import noSessionAdvisoryLock from '../../rules/no-session-advisory-lock.js';
import noSessionSet from '../../rules/no-session-set.js';
import noSessionState from '../../rules/no-session-state.js';
import { runTypedAndUntyped, typedInvalid as bad, typedValid as good } from './typed-tester.js';

const TOPIC = 'wrappers';

const DRIVERS = "import { unsafe, inBegin, none, inTx, raw, byId } from './drivers.js';\n";
const REPOSITORY = "import { Repository, AuditRepository } from './repository.js';\n";

/** One report on one line, with its exact span and suggestions. */
const report = (
  messageId: string,
  line: number,
  column: number,
  endColumn: number,
  suggestions: ReadonlyArray<{ messageId: string; output: string }> = [],
) => ({
  messageId,
  line,
  column,
  endLine: line,
  endColumn,
  suggestions,
});

const setCases = {
  valid: [
    good('the wrapper adds the SET itself: reported in db.ts, not at the call', 'await setPath(process.env.TENANT ?? "app");'),
    good('SET LOCAL inside the wrapper\'s BEGIN … COMMIT', "await inTransaction('SET LOCAL search_path TO app');"),
    good('a direct (unpooled) connection keeps session state', "await direct('SET search_path TO app');"),
    good('UPDATE … SET through the wrapper', "await query('UPDATE users SET name = $1 WHERE id = $2', ['a', 1]);"),
    good('ON CONFLICT … DO UPDATE SET through the wrapper of the wrapper', "await exec('INSERT INTO t (id) VALUES (1) ON CONFLICT (id) DO UPDATE SET id = 2');"),
    good('a log message with SQL words', "console.log('SET search_path TO app');"),
    good('a same-named function of this file that sends nothing', "function q(text: string) { return text.length; }\nq('SET search_path TO app');"),
    good('a method of an interface: no body to summarise', "declare const repo: { query(text: string): Promise<void> };\nawait repo.query('SET search_path TO app');"),
    good('SET LOCAL after BEGIN on the client passed to run()', `const client = await pool.connect();
try {
  await client.query('BEGIN');
  await run(client, 'SET LOCAL search_path TO app');
  await client.query('COMMIT');
} finally {
  client.release();
}`),
    good('a value in a driver tag of a wrapper is a bound parameter', DRIVERS + "await byId('SET search_path TO app');"),
    good('SET LOCAL in postgres.js sql.begin inside the wrapper', DRIVERS + "await inBegin('SET LOCAL search_path TO app');"),
  ],
  invalid: [
    bad('query(): SET with a value concatenated at the call', "await query('SET search_path TO ' + process.env.TENANT);", [
      report('broken', 3, 13, 55),
    ]),
    bad('exec(): a wrapper of the wrapper, exact span despite its comment prefix', "await exec('SET search_path TO app');", [
      report('broken', 3, 13, 35),
    ]),
    bad('limited(): the wrapper appends LIMIT', "await limited(\"SELECT set_config('search_path', 'app', false)\");", [report('broken', 3, 23, 62)]),
    bad('db.query(): an arrow function property of an object', "await db.query('RESET ALL');", [report('broken', 3, 17, 26)]),
    bad(
      'inTransaction(): SET inside the wrapper\'s transaction still leaks; SET LOCAL is suggested',
      "await inTransaction('SET search_path TO app');",
      [
        report('broken', 3, 22, 44, [
          { messageId: 'suggestEdit', output: "import { query, exec, limited, send, setPath, inTransaction, run, direct, db, pool } from './db.js';\nimport { getClient, getTenantClient, withClient, releaseClient, releaseIfOk, sharedClient } from './clients.js';\nawait inTransaction('SET LOCAL search_path TO app');" },
        ]),
      ],
    ),
    bad('run(): SET LOCAL after COMMIT on the client passed in has no effect', `const client = await pool.connect();
try {
  await client.query('BEGIN');
  await client.query('COMMIT');
  await run(client, 'SET LOCAL search_path TO app');
} finally {
  client.release();
}`, [report('noEffectOutsideTransaction', 7, 22, 50)]),
    bad('a subclass of the repository base class, template with a value', REPOSITORY + `class Users extends Repository {
  setTenant(tenant: string) {
    return this.run(\`SET search_path TO \${tenant}\`);
  }
}`, [report('broken', 6, 21, 51)]),
    bad('postgres.js: sql.unsafe inside the wrapper', DRIVERS + "await unsafe('SET search_path TO app');", [report('broken', 4, 15, 37)]),
    bad('pg-promise: db.none inside the wrapper', DRIVERS + "await none('SET ROLE admin');", [report('broken', 4, 13, 27)]),
    bad('knex: raw inside the wrapper, ?? is an identifier', DRIVERS + "await raw('SET search_path TO ??');", [report('broken', 4, 11, 34)]),
    bad('rds-proxy: SET TIME ZONE through the wrapper pins', "await exec(\"SET TIME ZONE 'UTC'\");", [report('pinned', 3, 13, 32)], {
      settings: { pooler: { profile: 'rds-proxy' } },
    }),
  ],
};

runTypedAndUntyped('no-session-set', TOPIC, noSessionSet, setCases);

const listenCases = {
  valid: [
    good('NOTIFY through the wrapper', "await query(\"NOTIFY jobs, 'x'\");"),
    good('pg_notify through the wrapper', "await query('SELECT pg_notify($1, $2)', ['jobs', 'x']);"),
    good('HTTP server.listen', "declare const server: { listen(port: number): void };\nserver.listen(3000);"),
  ],
  invalid: [
    bad('exec(): LISTEN', "await exec('LISTEN jobs');", [report('broken', 3, 13, 24)]),
    bad('db.query(): LISTEN', "await db.query('LISTEN cache');", [report('broken', 3, 17, 29)]),
    bad('a repository subclass method that passes its parameter on', REPOSITORY + "await new AuditRepository().record('LISTEN audit');", [
      report('broken', 4, 37, 49),
    ]),
  ],
};

runTypedAndUntyped('no-listen', TOPIC, noListen, listenCases);

const lockCases = {
  valid: [
    good('xact lock inside the wrapper\'s transaction', "await inTransaction('SELECT pg_advisory_xact_lock(1)');"),
    good('xact lock in pg-promise db.tx inside the wrapper', DRIVERS + "await inTx('SELECT pg_advisory_xact_lock(1)');"),
    good('a column named pg_advisory_lock_count', "await query('SELECT pg_advisory_lock_count FROM stats');"),
  ],
  invalid: [
    bad('limited(): session lock', "await limited('SELECT pg_advisory_lock(1)');", [report('broken', 3, 23, 42)]),
    bad('query(): xact lock outside a transaction', "await query('SELECT pg_advisory_xact_lock(1)');", [
      report('noEffectOutsideTransaction', 3, 21, 45),
    ]),
    bad('the base class method from a subclass, with values', REPOSITORY + `class Jobs extends Repository {
  lock(key: number) {
    return this.run('SELECT pg_advisory_lock($1)', [key]);
  }
}`, [report('broken', 6, 29, 49)]),
  ],
};

runTypedAndUntyped('no-session-advisory-lock', TOPIC, noSessionAdvisoryLock, lockCases);

const namedCases = {
  valid: [good('an unnamed query config', "await send({ text: 'SELECT 1', values: [] });")],
  invalid: [
    bad('send(): a query config with name passed to the wrapper', "await send({ name: 'user-by-id', text: 'SELECT 1' });", [
      report('broken', 3, 14, 32, [
        {
          messageId: 'suggestEdit',
          output: "import { query, exec, limited, send, setPath, inTransaction, run, direct, db, pool } from './db.js';\nimport { getClient, getTenantClient, withClient, releaseClient, releaseIfOk, sharedClient } from './clients.js';\nawait send({ text: 'SELECT 1' });",
        },
      ]),
    ]),
    bad('query(): PREPARE through the wrapper', "await query('PREPARE by_id (int) AS SELECT 1');", [report('broken', 3, 14, 45)]),
  ],
};

runTypedAndUntyped('no-named-prepared-statements', TOPIC, noNamedPreparedStatements, namedCases);

const stateCases = {
  valid: [good('ON COMMIT DROP inside the wrapper\'s transaction', "await inTransaction('CREATE TEMP TABLE t (id int) ON COMMIT DROP');")],
  invalid: [
    bad('query(): temp table', "await query('CREATE TEMP TABLE scratch (id int)');", [report('broken', 3, 14, 48)]),
    bad('exec(): DISCARD ALL', "await exec('DISCARD ALL');", [report('broken', 3, 13, 24)]),
  ],
};

runTypedAndUntyped('no-session-state', TOPIC, noSessionState, stateCases);
