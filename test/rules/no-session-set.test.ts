/**
 * pooler/no-session-set: session settings (SET, RESET, set_config(…, false)), transaction-scoped settings
 * outside a transaction, and connection hooks, over the ten drivers and several pooler profiles. Positions and
 * suggestion outputs were checked by hand against the source text of each case.
 */
import { describe } from 'node:test';
import rule from '../../rules/no-session-set.js';
import {
  at,
  describeDocExamples,
  describeVerdictTable,
  invalidCase as bad,
  pgTransaction,
  poolerSettings,
  ruleTester,
  validCase as good,
  withDriver,
} from './session-cases.js';

const tested = rule as never;
const RDS = poolerSettings('rds-proxy');
const PGBOUNCER = poolerSettings('pgbouncer');
const LOCAL: readonly [string, string] = ["'SET search_path", "'SET LOCAL search_path"];


ruleTester.run('no-session-set', tested, {
  valid: [
    good('pg: SET LOCAL after BEGIN on a checked-out client', pgTransaction("    await client.query('SET LOCAL search_path TO tenant_a');")),
    good('pg: set_config(…, true), SET TRANSACTION and SET CONSTRAINTS after BEGIN', pgTransaction(`    await client.query("SELECT set_config('app.tenant_id', $1, true)", [id]);
    await client.query('SET TRANSACTION ISOLATION LEVEL SERIALIZABLE');
    await client.query('SET CONSTRAINTS ALL DEFERRED');`)),
    good('pg: SET LOCAL in one multi-statement string (implicit transaction)', withDriver('pg', "await pool.query('SET LOCAL search_path TO tenant_a; SELECT v FROM t');")),
    good('pg: BEGIN … COMMIT in one string', withDriver('pg', "await pool.query('BEGIN; SET LOCAL statement_timeout = 5000; SELECT v FROM t; COMMIT');")),
    good('pg: log message with SQL words', withDriver('pg', "console.log('SET search_path TO tenant_a');")),
    good('pg: a string that never reaches a sink', withDriver('pg', "const hint = 'SET search_path TO tenant_a';\nexport { hint };")),
    good('pg: UPDATE … SET', withDriver('pg', "await pool.query('UPDATE accounts SET balance = 0 WHERE id = $1', [1]);")),
    good('pg: ON CONFLICT … DO UPDATE SET', withDriver('pg', "await pool.query('INSERT INTO t (id, v) VALUES (1, 2) ON CONFLICT (id) DO UPDATE SET v = excluded.v');")),
    good('pg: ALTER ROLE … SET and ALTER DATABASE … SET', withDriver('pg', "await pool.query('ALTER ROLE app SET search_path = tenant_a');\nawait pool.query('ALTER DATABASE app SET statement_timeout = 5000');")),
    good('pg: SQL words in a string literal and in a comment', withDriver('pg', "await pool.query(\"SELECT 'SET search_path TO tenant_a' AS hint\");\nawait pool.query('SELECT 1 -- SET search_path TO tenant_a');")),
    good('pg: NOTIFY and pg_notify', withDriver('pg', "await pool.query(\"NOTIFY jobs, 'SET search_path'\");\nawait pool.query(\"SELECT pg_notify('jobs', 'set_config')\");")),
    good('pg: reading a setting', withDriver('pg', "await pool.query('SELECT current_setting($1)', ['search_path']);")),
    good('pg: tracked parameters are restored per client (default profile)', withDriver('pg', "await pool.query('SET TIME ZONE UTC');\nawait pool.query(\"SET DateStyle TO 'ISO, DMY'\");\nawait pool.query(\"SET NAMES 'UTF8'\");\nawait pool.query('SET standard_conforming_strings = on');")),
    good('pgbouncer: SET TIME ZONE and set_config(timezone, …, false)', withDriver('pg', "await pool.query(\"SELECT set_config('timezone', 'UTC', false)\");\nawait pool.query('SET TIME ZONE UTC');"), PGBOUNCER),
    good('pgbouncer 1.20 tracks IntervalStyle', withDriver('pg', "await pool.query(\"SET IntervalStyle = 'iso_8601'\");"), poolerSettings('pgbouncer', { version: '1.20' })),
    good('pgbouncer with trackExtraParameters: search_path', withDriver('pg', "await pool.query('SET search_path TO tenant_a');"), poolerSettings('pgbouncer', { trackExtraParameters: ['search_path'] })),
    good('pg: a tracked parameter in a connect hook', withDriver('pg', "pool.on('connect', (client) => { client.query('SET TIME ZONE UTC'); });")),
    good('rds-proxy: SET LOCAL inside a transaction', pgTransaction("    await client.query('SET LOCAL search_path TO tenant_a');"), RDS),
    good('session profile: session SET is fine', withDriver('pg', "await pool.query('SET search_path TO tenant_a');"), poolerSettings('session')),
    good('pgdog replays SETs', withDriver('pg', "await pool.query('SET statement_timeout = 5000');"), poolerSettings('pgdog')),
    good('pg: direct connection string (DIRECT_URL)', "import pg from 'pg';\nconst direct = new pg.Pool({ connectionString: process.env.DIRECT_URL });\nawait direct.query('SET search_path TO tenant_a');"),
    good('pg: direct connection string (…_UNPOOLED)', "import { Pool } from 'pg';\nconst pool = new Pool({ connectionString: process.env.DATABASE_URL_UNPOOLED });\nawait pool.query('SET search_path TO tenant_a');"),
    good('pg: a pool.on error handler with SQL words', withDriver('pg', "pool.on('error', (err) => console.error('SET search_path failed', err));")),
    good('not a driver: app.query and a local class named Pool', "class Pool { query(text) { return text; } }\nconst pool = new Pool();\npool.query('SET search_path TO tenant_a');\napp.query('SET search_path TO tenant_a');"),
    // Real code (midday): a Drizzle database whose type comes from another module; the file alone does not say whose `db`.
    good(
      'drizzle: SET LOCAL on the tx of db.transaction, db of an unknown type',
      "import { sql } from 'drizzle-orm';\nexport async function find(db: Database) {\n  return db.transaction(async (tx) => {\n    await tx.execute(sql`SET LOCAL pg_trgm.word_similarity_threshold = 0.3`);\n  });\n}",
    ),
    good(
      "kysely: SET LOCAL on the trx of db.transaction().execute, db of an unknown type",
      "import { sql } from 'kysely';\nexport async function run(db: Db) {\n  await db.transaction().execute(async (trx) => {\n    await sql`SET LOCAL statement_timeout = 1000`.execute(trx);\n  });\n}",
    ),
    // Real code (atproto): Kysely's Migrator runs each migration in a transaction on PostgreSQL.
    good(
      'kysely: SET LOCAL in a migration up(db: Kysely)',
      "import { type Kysely, sql } from 'kysely';\nexport async function up(db: Kysely<any>): Promise<void> {\n  await sql`SET LOCAL lock_timeout = '5s'`.execute(db);\n}",
    ),
    good('postgres.js: SET LOCAL in sql.begin', withDriver('postgres', 'await sql.begin((tx) => tx`SET LOCAL search_path TO tenant_a`);')),
    good('postgres.js: BEGIN … SET LOCAL … COMMIT on a reserved connection', withDriver('postgres', 'const reserved = await sql.reserve();\nawait reserved`BEGIN`;\nawait reserved`SET LOCAL search_path TO tenant_a`;\nawait reserved`COMMIT`;\nreserved.release();')),
    good('pg-promise: set_config(…, true) in db.tx', withDriver('pg-promise', "await db.tx((t) => t.one(\"SELECT set_config('app.tenant_id', $1, true)\", ['a']));")),
    good('pg-promise: BEGIN … SET LOCAL … COMMIT on db.connect()', withDriver('pg-promise', `async function run() {
  const sco = await db.connect();
  try {
    await sco.none('BEGIN');
    await sco.none('SET LOCAL search_path TO tenant_a');
    await sco.none('COMMIT');
  } finally {
    sco.done();
  }
}`)),
    good('knex: SET LOCAL in a transaction callback; no searchPath', withDriver('knex', "await db.transaction(async (trx) => { await trx.raw('SET LOCAL search_path TO ??', ['tenant_a']); });")),
    good(
      'kysely and drizzle: set_config(…, true) in a fragment of a larger statement lasts that statement',
      withDriver(
        'kysely',
        "await db.with('t', (qb) => qb.selectNoFrom(sql`set_config('pg_trgm.word_similarity_threshold', '0.5', true)`.as('x'))).selectFrom(['t', 'person']).selectAll('person').execute();\n" +
          "await db.selectFrom('person').where(sql`set_config('app.x', '1', true) IS NOT NULL`).execute();",
      ),
    ),
    good('kysely: SET LOCAL in a transaction, and in startTransaction()', withDriver('kysely', 'await db.transaction().execute(async (trx) => { await sql`SET LOCAL search_path TO tenant_a`.execute(trx); });\nconst trx = await db.startTransaction().execute();\nawait sql`SET LOCAL search_path TO tenant_a`.execute(trx);\nawait trx.commit().execute();')),
    good('drizzle: set_config(…, true) in db.transaction', withDriver('drizzle', "await db.transaction(async (tx) => { await tx.execute(sql`SELECT set_config('app.tenant_id', ${id}, true)`); });")),
    good('prisma: set_config(…, true) in $transaction', withDriver('prisma', "await prisma.$transaction(async (tx) => { await tx.$executeRaw`SELECT set_config('app.tenant_id', ${id}, true)`; });")),
    good('sequelize: SET LOCAL with the transaction option', withDriver('sequelize', "await sequelize.transaction(async (t) => { await sequelize.query('SET LOCAL search_path TO tenant_a', { transaction: t }); });")),
    good('typeorm: SET LOCAL in dataSource.transaction', withDriver('typeorm', "await dataSource.transaction(async (manager) => { await manager.query('SET LOCAL search_path TO tenant_a'); });")),
    good('slonik: set_config(…, true) in pool.transaction', withDriver('slonik', "await pool.transaction(async (tx) => { await tx.query(sql.unsafe`SELECT set_config('app.tenant_id', ${id}, true)`); });")),
  ],
  invalid: [
    bad('pg: SET search_path', withDriver('pg', "await pool.query('SET search_path TO tenant_a');"), [at('broken', 3, 19, 46)]),
    bad('pg: set_config(…, false)', withDriver('pg', "await pool.query(\"SELECT set_config('app.tenant_id', $1, false)\", [id]);"), [at('broken', 3, 26, 64)]),
    bad('pg: set_config with a non-literal third argument', withDriver('pg', "await pool.query(\"SELECT set_config('app.tenant_id', $1, $2)\", [id, local]);"), [at('broken', 3, 26, 61)]),
    bad('pg: RESET and RESET ALL', withDriver('pg', "await pool.query('RESET search_path');\nawait pool.query('RESET ALL');"), [at('broken', 3, 19, 36), at('broken', 4, 19, 28)]),
    bad('pg: SET ROLE, SET SESSION AUTHORIZATION, SET SCHEMA', withDriver('pg', "await pool.query('SET ROLE reporting');\nawait pool.query(\"SET SESSION AUTHORIZATION 'reporting'\");\nawait pool.query(\"SET SCHEMA 'tenant_a'\");"), [at('broken', 3, 19, 37), at('broken', 4, 19, 56), at('broken', 5, 19, 40)]),
    bad('pg: SET SESSION', withDriver('pg', "await pool.query('SET SESSION statement_timeout = 5000');"), [at('broken', 3, 19, 55)]),
    bad('pg: application_name leaks to clients without their own (truth#3)', withDriver('pg', "await pool.query(\"SET application_name = 'worker'\");"), [at('broken', 3, 19, 50)]),
    bad('pg: IntervalStyle is not tracked before PgBouncer 1.20', withDriver('pg', "await pool.query(\"SET IntervalStyle = 'iso_8601'\");"), [at('broken', 3, 19, 49)], PGBOUNCER),
    bad('pg: a const and a conditional reaching the sink', withDriver('pg', "const text = 'SET search_path TO tenant_a';\nawait pool.query(text);\nawait pool.query(cond ? 'SET search_path TO a' : 'SELECT 1');"), [at('broken', 4, 18, 22), at('broken', 5, 26, 46)]),
    bad('pg: set_config in a CTE and a WHERE clause, SET in a DO block', withDriver('pg', "await pool.query(\"WITH x AS (SELECT set_config('app.a', '1', false)) SELECT * FROM x\");\nawait pool.query(\"SELECT v FROM t WHERE set_config('app.a', '1', false) IS NOT NULL\");\nawait pool.query('DO $$ BEGIN SET search_path TO a; END $$');"), [at('broken', 3, 37, 68), at('broken', 4, 41, 72), at('broken', 5, 31, 51)]),
    bad('pg: SET inside BEGIN … COMMIT is still a session SET (truth#6)', pgTransaction("    await client.query('SET search_path TO tenant_a');"), [at('broken', 7, 25, 52, LOCAL)]),
    bad('pg: set_config(…, false) inside BEGIN … COMMIT', pgTransaction("    await client.query(\"SELECT set_config('app.tenant_id', $1, false)\", [id]);"), [at('broken', 7, 32, 70, ['false)', 'true)'])]),
    bad('pg: SET in one BEGIN … COMMIT string', withDriver('pg', "await pool.query('BEGIN; SET search_path TO tenant_a; SELECT v FROM t; COMMIT');"), [at('broken', 3, 26, 53, ["BEGIN; SET", 'BEGIN; SET LOCAL'])]),
    bad('pg: SET LOCAL outside a transaction', withDriver('pg', "await pool.query('SET LOCAL search_path TO tenant_a');"), [at('noEffectOutsideTransaction', 3, 19, 52)]),
    bad('pg: set_config(…, true) outside a transaction', withDriver('pg', "await pool.query(\"SELECT set_config('app.tenant_id', $1, true)\", [id]);"), [at('noEffectOutsideTransaction', 3, 26, 63)]),
    bad('pg: SET LOCAL with bound values is no implicit transaction', withDriver('pg', "await pool.query('SET LOCAL search_path TO tenant_a; SELECT v FROM t WHERE id = $1', [1]);"), [at('noEffectOutsideTransaction', 3, 19, 52)]),
    bad('pg: SET LOCAL after COMMIT, and on the pool while a client is in BEGIN', pgTransaction("    await pool.query('SET LOCAL search_path TO tenant_a');"), [at('noEffectOutsideTransaction', 7, 23, 56)]),
    bad('pg: pool.on(connect) hook', withDriver('pg', "pool.on('connect', (client) => { client.query('SET statement_timeout = 5000'); });"), [at('broken', 3, 48, 76)]),
    bad('pg: onConnect option', "import pg from 'pg';\nconst pool = new pg.Pool({ onConnect: async (client) => { await client.query('SET search_path TO tenant_a'); } });", [at('broken', 2, 79, 106)]),
    bad('rds-proxy: tracked parameters pin', withDriver('pg', "await pool.query('SET TIME ZONE UTC');\nawait pool.query(\"SET NAMES 'UTF8'\");"), [at('pinned', 3, 19, 36), at('pinned', 4, 19, 35)], RDS),
    bad('rds-proxy: SET search_path pins', withDriver('pg', "await pool.query('SET search_path TO tenant_a');"), [at('pinned', 3, 19, 46)], RDS),
    bad('rds-proxy: a tracked parameter in a connect hook pins', withDriver('pg', "pool.on('connect', (client) => { client.query('SET TIME ZONE UTC'); });"), [at('pinned', 3, 48, 65)], RDS),
    bad('postgres.js: tagged SET and unsafe RESET', withDriver('postgres', "await sql`SET search_path TO tenant_a`;\nawait sql.unsafe('RESET ALL');"), [at('broken', 3, 11, 38), at('broken', 4, 19, 28)]),
    bad('postgres.js: SET in sql.begin', withDriver('postgres', 'await sql.begin(async (tx) => { await tx`SET search_path TO tenant_a`; });'), [at('broken', 3, 42, 69, ['`SET', '`SET LOCAL'])]),
    bad(
      'drizzle: SET LOCAL on a db of an unknown type, outside db.transaction',
      "import { sql } from 'drizzle-orm';\nexport async function find(db: Database) {\n  await db.execute(sql`SET LOCAL statement_timeout = 1000`);\n}",
      [at('noEffectOutsideTransaction', 3, 24, 58)],
    ),
    bad(
      'kysely: SET LOCAL in a function that is not a migration',
      "import { type Kysely, sql } from 'kysely';\nexport async function tune(db: Kysely<any>): Promise<void> {\n  await sql`SET LOCAL lock_timeout = '5s'`.execute(db);\n}",
      [at('noEffectOutsideTransaction', 3, 13, 42)],
    ),
    bad('postgres.js: SET LOCAL outside sql.begin', withDriver('postgres', 'await sql`SET LOCAL search_path TO tenant_a`;'), [at('noEffectOutsideTransaction', 3, 11, 44)]),
    bad('pg-promise: SET ROLE', withDriver('pg-promise', "await db.none('SET ROLE reporting');"), [at('broken', 3, 16, 34)]),
    bad('pg-promise: set_config(…, false) in db.tx', withDriver('pg-promise', "await db.tx((t) => t.one(\"SELECT set_config('app.tenant_id', $1, false)\", ['a']));"), [at('broken', 3, 34, 72, ['false)', 'true)'])]),
    bad('pg-promise: schema init option', "import pgPromise from 'pg-promise';\nconst pgp = pgPromise({ schema: 'tenant_a' });\nconst db = pgp(process.env.DATABASE_URL);", [at('broken', 2, 25, 31)]),
    bad('pg-promise: connect init option', "import pgPromise from 'pg-promise';\nconst pgp = pgPromise({ connect(e) { e.client.query('SET search_path TO tenant_a'); } });", [at('broken', 2, 54, 81)]),
    bad('knex: searchPath option', "import knex from 'knex';\nconst db = knex({ client: 'pg', searchPath: ['tenant_a', 'public'] });", [at('broken', 2, 33, 43)]),
    bad('knex: pool.afterCreate', "import knex from 'knex';\nconst db = knex({ client: 'pg', pool: { afterCreate(conn, done) { conn.query('SET search_path TO tenant_a', done); } } });", [at('broken', 2, 79, 106)]),
    bad('knex: raw SET SCHEMA with a binding', withDriver('knex', "await db.raw('SET SCHEMA ?', ['tenant_a']);"), [at('broken', 3, 14, 28)]),
    bad('knex: SET in a transaction callback', withDriver('knex', "await db.transaction(async (trx) => { await trx.raw('SET search_path TO tenant_a'); });"), [at('broken', 3, 54, 81, LOCAL)]),
    bad('kysely: sql`SET`.execute(db)', withDriver('kysely', 'await sql`SET search_path TO tenant_a`.execute(db);'), [at('broken', 3, 11, 38)]),
    bad('kysely: SET in a transaction', withDriver('kysely', 'await db.transaction().execute(async (trx) => { await sql`SET statement_timeout = 1000`.execute(trx); });'), [at('broken', 3, 59, 87, ['`SET', '`SET LOCAL'])]),
    bad('drizzle: SET SESSION CHARACTERISTICS and sql.raw', withDriver('drizzle', "await db.execute(sql`SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL SERIALIZABLE`);\nawait db.execute(sql.raw('SET work_mem = 65536'));"), [at('broken', 3, 22, 93), at('broken', 4, 27, 47)]),
    bad('drizzle: set_config(…, false) with a hole in db.transaction', withDriver('drizzle', "await db.transaction(async (tx) => { await tx.execute(sql`SELECT set_config('app.tenant_id', ${id}, false)`); });"), [at('broken', 3, 66, 107, ['false)`', 'true)`'])]),
    bad('prisma: $executeRaw and $executeRawUnsafe', withDriver('prisma', "await prisma.$executeRaw`SET search_path TO tenant_a`;\nawait prisma.$executeRawUnsafe('SET lock_timeout = 3000');"), [at('broken', 3, 26, 53), at('broken', 4, 33, 56)]),
    bad('prisma: SET in $transaction', withDriver('prisma', 'await prisma.$transaction(async (tx) => { await tx.$executeRaw`SET search_path TO tenant_a`; });'), [at('broken', 3, 64, 91, ['`SET', '`SET LOCAL'])]),
    bad(
      'kysely and drizzle: set_config(…, true) as a statement of its own outside a transaction',
      withDriver('kysely', "await sql`SELECT set_config('app.x', '1', true)`.execute(db);\nawait db.selectNoFrom(sql`set_config('app.y', '1', false)`.as('x')).execute();"),
      [at('noEffectOutsideTransaction', 3, 18, 48), at('broken', 4, 27, 58)],
    ),
    bad('drizzle: set_config(…, true) sent by db.execute outside a transaction', withDriver('drizzle', "await db.execute(sql`SELECT set_config('app.x', '1', true)`);"), [at('noEffectOutsideTransaction', 3, 29, 59)]),
    bad('prisma: set_config(…, true) outside a transaction', withDriver('prisma', "await prisma.$queryRaw`SELECT set_config('app.tenant_id', ${id}, true)`;"), [at('noEffectOutsideTransaction', 3, 31, 71)]),
    bad('sequelize: query and query with the transaction option', withDriver('sequelize', "await sequelize.query('SET search_path TO tenant_a');\nawait sequelize.transaction(async (t) => { await sequelize.query('SET statement_timeout = 1000', { transaction: t }); });"), [at('broken', 3, 24, 51), at('broken', 4, 67, 95, ["'SET statement", "'SET LOCAL statement"])]),
    bad('sequelize: afterConnect hooks', "import { Sequelize } from 'sequelize';\nconst sequelize = new Sequelize(process.env.DATABASE_URL, { hooks: { afterConnect(connection) { return connection.query('SET search_path TO tenant_a'); } } });\nsequelize.addHook('afterConnect', (connection) => connection.query('SET lock_timeout = 1000'));", [at('broken', 2, 122, 149), at('broken', 3, 69, 92)]),
    bad('typeorm: dataSource.query and manager.query', withDriver('typeorm', "await dataSource.query('SET search_path TO tenant_a');\nawait dataSource.manager.query('RESET search_path');"), [at('broken', 3, 25, 52), at('broken', 4, 33, 50)]),
    bad('typeorm: SET in dataSource.transaction', withDriver('typeorm', "await dataSource.transaction(async (manager) => { await manager.query('SET search_path TO tenant_a'); });"), [at('broken', 3, 72, 99, LOCAL)]),
    bad('typeorm: SET after queryRunner.startTransaction()', withDriver('typeorm', `async function run() {
  const runner = dataSource.createQueryRunner();
  await runner.startTransaction();
  await runner.query('SET search_path TO tenant_a');
  await runner.commitTransaction();
  await runner.release();
}`), [at('broken', 6, 23, 50, LOCAL)]),
    bad('slonik: SET through sql.unsafe', withDriver('slonik', 'await pool.query(sql.unsafe`SET search_path TO tenant_a`);'), [at('broken', 3, 29, 56)]),
    bad('slonik: SET in pool.transaction', withDriver('slonik', 'await pool.transaction(async (tx) => { await tx.query(sql.unsafe`SET search_path TO tenant_a`); });'), [at('broken', 3, 66, 93, ['`SET', '`SET LOCAL'])]),
  ],
});

/** A pg case: on a checked-out client, `queries` (JS expressions of SQL text, lines 6 on), then a `SET LOCAL`. */
function setLocalAfter(...queries: string[]): string {
  const sent = queries.map((query) => `    await client.query(${query});\n`).join('');
  return withDriver('pg', `async function run(nested) {
  const client = await pool.connect();
  try {
${sent}    await client.query('SET LOCAL search_path TO tenant_a');
  } finally {
    client.release();
  }
}`);
}

describe('no-session-set: nested callbacks, batch transactions, hooks', () => {
  ruleTester.run('no-session-set', tested, {
    valid: [
      good('pg: set_config(…, true) on the same client inside Promise.all after BEGIN', withDriver('pg', `async function run(ids) {
  const client = await pool.connect();
  await client.query('BEGIN');
  await Promise.all(ids.map((id) => client.query("SELECT set_config('app.id', $1, true)", [id])));
  await client.query('COMMIT');
  client.release();
}`)),
      good('pg: either candidate of a conditional opens the transaction (SAVEPOINT when nested, else BEGIN)', setLocalAfter("nested ? 'SAVEPOINT s' : 'BEGIN'")),
      good('pg: a SAVEPOINT shows a transaction is open (begun by a helper)', setLocalAfter("'SAVEPOINT s'")),
      good('pg: a candidate that only releases a savepoint leaves the transaction open', setLocalAfter("'BEGIN'", "nested ? 'RELEASE SAVEPOINT s' : 'COMMIT'")),
      good('prisma: set_config(…, TRUE) in a batch $transaction', withDriver('prisma', "const [, rows] = await prisma.$transaction([prisma.$executeRaw`SELECT set_config('app.tenant_id', ${id}, TRUE)`, prisma.$queryRaw`SELECT * FROM t`]);")),
    ],
    invalid: [
      bad('pg: SET on the client of a named pool.connect callback', withDriver('pg', `function onClient(err, client, done) {
  if (err) return;
  client.query('SET search_path TO tenant_a', () => done());
}
pool.connect(onClient);`), [at('broken', 5, 17, 44)]),
      bad('pg: savepoints inside a transaction the text itself ends', setLocalAfter("'BEGIN; SAVEPOINT a; RELEASE SAVEPOINT a; COMMIT'"), [at('noEffectOutsideTransaction', 7, 25, 58)]),
      bad('pg: every candidate of a conditional closes the transaction', setLocalAfter("'BEGIN'", "nested ? 'COMMIT' : 'ROLLBACK'"), [at('noEffectOutsideTransaction', 8, 25, 58)]),
      bad('pg: SET LOCAL in a connect hook', withDriver('pg', "pool.on('connect', (client) => { client.query('SET LOCAL search_path TO a'); });"), [at('noEffectOutsideTransaction', 3, 48, 74)]),
      // Hooks written as functions of the same file and registered by name.
      bad('pg: a named pool.on(connect) hook', withDriver('pg', "function onConnect(client) {\n  client.query('SET search_path TO a');\n}\npool.on('connect', onConnect);"), [at('broken', 4, 17, 37)]),
      bad('pg: a const arrow as the onConnect option', "import pg from 'pg';\nconst init = async (client) => { await client.query('SET search_path TO a'); };\nexport const pool = new pg.Pool({ onConnect: init });", [at('broken', 2, 54, 74)]),
      bad('knex: a named afterCreate in shorthand', "import knex from 'knex';\nfunction afterCreate(conn, done) {\n  conn.query('SET search_path TO a', done);\n}\nexport const db = knex({ client: 'pg', pool: { afterCreate } });", [at('broken', 3, 15, 35)]),
    ],
  });
});

describeVerdictTable('no-session-set', [
  { header: '`SET search_path`', hazard: 'session-set', detail: { guc: 'search_path' } },
  { header: '`SET TIME ZONE`', hazard: 'session-set', detail: { guc: 'timezone' } },
  { header: '`SET application_name`', hazard: 'session-set', detail: { guc: 'application_name' } },
  { header: '`SET IntervalStyle`', hazard: 'session-set', detail: { guc: 'intervalstyle' } },
  { header: '`SET LOCAL`', hazard: 'transaction-set' },
  { header: 'connection hook', hazard: 'session-hook', detail: { guc: 'search_path' } },
]);

describeDocExamples('no-session-set', rule);
