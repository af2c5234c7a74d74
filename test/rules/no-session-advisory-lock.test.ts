/**
 * pooler/no-session-advisory-lock: session-level advisory locks anywhere in a statement, and transaction-level
 * locks taken outside a transaction, over the ten drivers and several pooler profiles. Positions and suggestion
 * outputs were checked by hand against the source text of each case.
 */
import { describe } from 'node:test';
import rule from '../../rules/no-session-advisory-lock.js';
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
const XACT: readonly [string, string] = ['pg_advisory_lock(', 'pg_advisory_xact_lock('];


ruleTester.run('no-session-advisory-lock', tested, {
  valid: [
    good('pg: pg_advisory_xact_lock after BEGIN on a checked-out client', pgTransaction("    await client.query('SELECT pg_advisory_xact_lock($1)', [id]);")),
    good('pg: pg_try_advisory_xact_lock_shared after BEGIN', pgTransaction("    await client.query('SELECT pg_try_advisory_xact_lock_shared(7)');")),
    good('pg: xact lock in one multi-statement string (implicit transaction)', withDriver('pg', "await pool.query('SELECT pg_advisory_xact_lock(1); UPDATE jobs SET taken = true');")),
    good('pg: xact lock in a BEGIN … COMMIT string', withDriver('pg', "await pool.query('BEGIN; SELECT pg_advisory_xact_lock(1); UPDATE jobs SET taken = true; COMMIT');")),
    good('pg: a column named pg_advisory_lock_count', withDriver('pg', "await pool.query('SELECT pg_advisory_lock_count FROM stats');")),
    good('pg: a function of another schema with the same name', withDriver('pg', "await pool.query('SELECT app.pg_advisory_lock(1)');")),
    good('pg: the name in a string literal, a comment and a RAISE message', withDriver('pg', "await pool.query(\"SELECT 'pg_advisory_lock(1)' AS hint\");\nawait pool.query('SELECT 1 -- pg_advisory_lock(1)');\nawait pool.query(\"DO $$ BEGIN RAISE NOTICE 'pg_advisory_lock(1)'; END $$\");")),
    good('pg: reading pg_locks', withDriver('pg', "await pool.query(\"SELECT * FROM pg_locks WHERE locktype = 'advisory'\");")),
    good('pg: a log message and a string that never reaches a sink', withDriver('pg', "console.log('SELECT pg_advisory_lock(1)');\nconst q = 'SELECT pg_advisory_unlock(1)';\nexport { q };")),
    good('pg: UPDATE … SET, ON CONFLICT … DO UPDATE SET, SET search_path (other rules)', withDriver('pg', "await pool.query('UPDATE jobs SET locked = true');\nawait pool.query('INSERT INTO t (id) VALUES (1) ON CONFLICT (id) DO UPDATE SET v = 1');\nawait pool.query('SET search_path TO tenant_a');")),
    good('pg: NOTIFY and pg_notify', withDriver('pg', "await pool.query(\"NOTIFY locks, 'pg_advisory_lock'\");\nawait pool.query(\"SELECT pg_notify('locks', 'pg_advisory_unlock')\");")),
    good('not a driver: server.listen, redis.connect, app.query', "server.listen(3000);\nawait redis.connect();\napp.query('SELECT pg_advisory_lock(1)');"),
    good('not a driver: a local class named Pool', "class Pool { query(text) { return text; } }\nconst pool = new Pool();\npool.query('SELECT pg_advisory_lock(1)');"),
    good('session profile: session locks work', withDriver('pg', "await pool.query('SELECT pg_advisory_lock(1)');\nawait pool.query('SELECT pg_advisory_unlock(1)');"), poolerSettings('session')),
    good('pg: a direct connection string', "import pg from 'pg';\nconst direct = new pg.Pool({ connectionString: process.env.DIRECT_URL });\nawait direct.query('SELECT pg_advisory_lock(1)');"),
    good('postgres.js: a direct connection string', "import postgres from 'postgres';\nconst sql = postgres(process.env.DIRECT_DATABASE_URL);\nawait sql`SELECT pg_advisory_lock(1)`;"),
    good('rds-proxy: xact lock inside a transaction does not pin', pgTransaction("    await client.query('SELECT pg_advisory_xact_lock(1)');"), poolerSettings('rds-proxy')),
    good('pgdog: xact lock inside a transaction', pgTransaction("    await client.query('SELECT pg_advisory_xact_lock(1)');"), poolerSettings('pgdog')),
    good('postgres.js: xact lock in sql.begin', withDriver('postgres', 'await sql.begin((tx) => tx`SELECT pg_advisory_xact_lock(42)`);')),
    good('postgres.js: BEGIN … xact lock … COMMIT on a reserved connection', withDriver('postgres', 'const reserved = await sql.reserve();\nawait reserved`BEGIN`;\nawait reserved`SELECT pg_advisory_xact_lock(1)`;\nawait reserved`COMMIT`;\nreserved.release();')),
    good('pg-promise: xact lock in db.tx', withDriver('pg-promise', "await db.tx((t) => t.none('SELECT pg_advisory_xact_lock($1)', [7]));")),
    good('knex: xact lock in a transaction; a builder column', withDriver('knex', "await db.transaction(async (trx) => { await trx.raw('SELECT pg_advisory_xact_lock(?)', [42]); });\nawait db('locks').select('pg_advisory_lock_count');")),
    good('kysely: xact lock in a transaction', withDriver('kysely', 'await db.transaction().execute(async (trx) => { await sql`SELECT pg_advisory_xact_lock(${key})`.execute(trx); });')),
    good('drizzle: xact lock in db.transaction', withDriver('drizzle', 'await db.transaction(async (tx) => { await tx.execute(sql`SELECT pg_advisory_xact_lock(${key})`); });')),
    good('prisma: xact lock in $transaction', withDriver('prisma', 'await prisma.$transaction(async (tx) => { await tx.$executeRaw`SELECT pg_advisory_xact_lock(${key})`; });')),
    good('sequelize: xact lock with the transaction option', withDriver('sequelize', "await sequelize.transaction(async (t) => { await sequelize.query('SELECT pg_advisory_xact_lock(1)', { transaction: t }); });")),
    good('typeorm: xact lock in dataSource.transaction', withDriver('typeorm', "await dataSource.transaction(async (manager) => { await manager.query('SELECT pg_advisory_xact_lock(1)'); });")),
    good('typeorm: xact lock after queryRunner.startTransaction()', withDriver('typeorm', `async function run() {
  const runner = dataSource.createQueryRunner();
  await runner.startTransaction();
  await runner.query('SELECT pg_advisory_xact_lock(2)');
  await runner.commitTransaction();
  await runner.release();
}`)),
    good('slonik: xact lock in pool.transaction', withDriver('slonik', 'await pool.transaction(async (tx) => { await tx.query(sql.unsafe`SELECT pg_advisory_xact_lock(${key})`); });')),
    good('kysely: xact lock in startTransaction()', withDriver('kysely', 'const trx = await db.startTransaction().execute();\nawait sql`SELECT pg_advisory_xact_lock(1)`.execute(trx);\nawait trx.commit().execute();')),
  ],
  invalid: [
    bad('pg: pg_advisory_lock', withDriver('pg', "await pool.query('SELECT pg_advisory_lock($1)', [42]);"), [at('broken', 3, 26, 46)]),
    bad('pg: pg_advisory_unlock', withDriver('pg', "await pool.query('SELECT pg_advisory_unlock(42)');"), [at('broken', 3, 26, 48)]),
    bad('pg: the shared, try and unlock-all forms', withDriver('pg', "await pool.query('SELECT pg_advisory_lock_shared(1, 2)');\nawait pool.query('SELECT pg_try_advisory_lock(hashtext($1))', ['job']);\nawait pool.query('SELECT pg_try_advisory_lock_shared(7)');\nawait pool.query('SELECT pg_advisory_unlock_shared(7)');\nawait pool.query('SELECT pg_advisory_unlock_all()');"), [at('broken', 3, 26, 55), at('broken', 4, 26, 60), at('broken', 5, 26, 56), at('broken', 6, 26, 54), at('broken', 7, 26, 50)]),
    bad('pg: schema-qualified, quoted and upper-case names', withDriver('pg', "await pool.query('SELECT pg_catalog.pg_advisory_lock(1)');\nawait pool.query('SELECT \"pg_advisory_lock\"(1)');\nawait pool.query('SELECT PG_ADVISORY_LOCK(1)');"), [at('broken', 3, 26, 56), at('broken', 4, 26, 47), at('broken', 5, 26, 45)]),
    bad('pg: in a CTE', withDriver('pg', "await pool.query('WITH l AS (SELECT pg_advisory_lock(1)) SELECT * FROM l');"), [at('broken', 3, 37, 56)]),
    bad('pg: in a WHERE clause and a FROM subquery', withDriver('pg', "await pool.query('SELECT id FROM jobs WHERE pg_try_advisory_lock(id) LIMIT 1');\nawait pool.query('SELECT * FROM (SELECT pg_advisory_lock(3)) s');"), [at('broken', 3, 45, 69), at('broken', 4, 41, 60)]),
    bad('pg: in a DO block', withDriver('pg', "await pool.query('DO $$ BEGIN PERFORM pg_advisory_lock(1); END $$');"), [at('broken', 3, 39, 58)]),
    bad('pg: in a multi-line DO block', withDriver('pg', "await pool.query(`DO $$\nBEGIN\n  IF pg_try_advisory_lock(7) THEN\n    RAISE NOTICE 'locked';\n  END IF;\nEND $$`);"), [at('broken', 5, 6, 29)]),
    bad('pg: in PL/pgSQL and SQL function bodies', withDriver('pg', "await pool.query('CREATE FUNCTION take() RETURNS void LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_try_advisory_lock(9); END $$');\nawait pool.query('CREATE FUNCTION f() RETURNS bool LANGUAGE sql AS $$ SELECT pg_try_advisory_lock(5) $$');"), [at('broken', 3, 92, 115), at('broken', 4, 78, 101)]),
    bad('pg: session locks after BEGIN get the xact suggestion; unlock has none', pgTransaction("    await client.query('SELECT pg_advisory_lock(42)');\n    await client.query('SELECT pg_try_advisory_lock_shared(42)');\n    await client.query('SELECT pg_advisory_unlock(42)');"), [at('broken', 7, 32, 52, XACT), at('broken', 8, 32, 63, ['pg_try_advisory_lock_shared', 'pg_try_advisory_xact_lock_shared']), at('broken', 9, 32, 54)]),
    bad('pg: in a BEGIN … COMMIT string', withDriver('pg', "await pool.query('BEGIN; SELECT pg_advisory_lock(1); SELECT 1; COMMIT');"), [at('broken', 3, 33, 52, XACT)]),
    bad('pg: xact locks outside a transaction', withDriver('pg', "await pool.query('SELECT pg_advisory_xact_lock(1)');\nawait pool.query('SELECT pg_try_advisory_xact_lock_shared(1)');"), [at('noEffectOutsideTransaction', 3, 26, 50), at('noEffectOutsideTransaction', 4, 26, 61)]),
    bad('pg: xact lock after COMMIT', withDriver('pg', "async function run() {\n  const client = await pool.connect();\n  await client.query('BEGIN');\n  await client.query('COMMIT');\n  await client.query('SELECT pg_advisory_xact_lock(1)');\n  client.release();\n}"), [at('noEffectOutsideTransaction', 7, 30, 54)]),
    bad('rds-proxy: session locks pin', withDriver('pg', "await pool.query('SELECT pg_advisory_lock(1)');"), [at('pinned', 3, 26, 45)], poolerSettings('rds-proxy')),
    bad('rds-proxy: an xact lock outside a transaction still does nothing', withDriver('pg', "await pool.query('SELECT pg_advisory_xact_lock(1)');"), [at('noEffectOutsideTransaction', 3, 26, 50)], poolerSettings('rds-proxy')),
    bad('pgdog: needs its query parser', withDriver('pg', "await pool.query('SELECT pg_try_advisory_lock(1)');"), [at('needsSetting', 3, 26, 49)], poolerSettings('pgdog')),
    bad('pgbouncer, pgcat, supavisor: broken', withDriver('pg', "await pool.query('SELECT pg_advisory_unlock_all()');"), [at('broken', 3, 26, 50)], poolerSettings('pgcat')),
    bad('postgres.js: tagged lock with a value', withDriver('postgres', 'await sql`SELECT pg_advisory_lock(${key})`;'), [at('broken', 3, 18, 42)]),
    bad('postgres.js: lock in sql.begin', withDriver('postgres', 'await sql.begin(async (tx) => { await tx`SELECT pg_advisory_lock(42)`; });'), [at('broken', 3, 49, 69, XACT)]),
    bad('postgres.js: xact lock through sql.unsafe outside a transaction', withDriver('postgres', "await sql.unsafe('SELECT pg_try_advisory_xact_lock(42)');"), [at('noEffectOutsideTransaction', 3, 26, 55)]),
    bad('pg-promise: try lock', withDriver('pg-promise', "await db.one('SELECT pg_try_advisory_lock($1) AS ok', [7]);"), [at('broken', 3, 22, 46)]),
    bad('pg-promise: try lock in db.tx', withDriver('pg-promise', "await db.tx(async (t) => { await t.one('SELECT pg_try_advisory_lock(7) AS ok'); });"), [at('broken', 3, 48, 71, ['pg_try_advisory_lock(', 'pg_try_advisory_xact_lock('])]),
    bad('pg-promise: xact lock in db.task (no transaction)', withDriver('pg-promise', "await db.task(async (t) => { await t.none('SELECT pg_advisory_xact_lock(7)'); });"), [at('noEffectOutsideTransaction', 3, 51, 75)]),
    bad('knex: raw lock with a binding, and schema.raw unlock', withDriver('knex', "await db.raw('SELECT pg_advisory_lock(?)', [42]);\nawait db.schema.raw('SELECT pg_advisory_unlock_all()');"), [at('broken', 3, 22, 41), at('broken', 4, 29, 53)]),
    bad('knex: lock in a transaction callback', withDriver('knex', "await db.transaction(async (trx) => { await trx.raw('SELECT pg_advisory_lock(?)', [42]); });"), [at('broken', 3, 61, 80, XACT)]),
    bad('kysely: sql`…`.execute(db)', withDriver('kysely', 'await sql`SELECT pg_advisory_lock(${key})`.execute(db);'), [at('broken', 3, 18, 42)]),
    bad('kysely: lock in a transaction', withDriver('kysely', 'await db.transaction().execute(async (trx) => { await sql`SELECT pg_advisory_lock(1)`.execute(trx); });'), [at('broken', 3, 66, 85, XACT)]),
    bad('drizzle: try lock and sql.raw unlock', withDriver('drizzle', "await db.execute(sql`SELECT pg_try_advisory_lock(${key})`);\nawait db.execute(sql.raw('SELECT pg_advisory_unlock(1)'));"), [at('broken', 3, 29, 57), at('broken', 4, 34, 55)]),
    bad('prisma: $queryRaw, $queryRawUnsafe, and $executeRaw xact lock outside a transaction', withDriver('prisma', "await prisma.$queryRaw`SELECT pg_advisory_lock(${key})`;\nawait prisma.$queryRawUnsafe('SELECT pg_advisory_unlock($1)', key);\nawait prisma.$executeRaw`SELECT pg_advisory_xact_lock(1)`;"), [at('broken', 3, 31, 55), at('broken', 4, 38, 60), at('noEffectOutsideTransaction', 5, 33, 57)]),
    bad('sequelize: query, and query with the transaction option', withDriver('sequelize', "await sequelize.query('SELECT pg_advisory_lock(1)');\nawait sequelize.transaction(async (t) => { await sequelize.query('SELECT pg_advisory_lock(2)', { transaction: t }); });"), [at('broken', 3, 31, 50), at('broken', 4, 74, 93, ['pg_advisory_lock(2)', 'pg_advisory_xact_lock(2)'])]),
    bad('typeorm: dataSource.query', withDriver('typeorm', "await dataSource.query('SELECT pg_advisory_lock(1)');"), [at('broken', 3, 32, 51)]),
    bad('typeorm: queryRunner transaction, then an xact lock after commit', withDriver('typeorm', `async function run() {
  const runner = dataSource.createQueryRunner();
  await runner.startTransaction();
  await runner.query('SELECT pg_advisory_lock(2)');
  await runner.commitTransaction();
  await runner.query('SELECT pg_advisory_xact_lock(2)');
  await runner.release();
}`), [at('broken', 6, 30, 49, XACT), at('noEffectOutsideTransaction', 8, 30, 54)]),
    bad('slonik: lock through sql.unsafe, unlock on pool.connect', withDriver('slonik', 'await pool.query(sql.unsafe`SELECT pg_advisory_lock(${key})`);\nawait pool.connect(async (connection) => { await connection.query(sql.unsafe`SELECT pg_advisory_unlock(1)`); });'), [at('broken', 3, 36, 60), at('broken', 4, 85, 106)]),
  ],
});

describe('no-session-advisory-lock: nested callbacks and query-runner managers', () => {
  ruleTester.run('no-session-advisory-lock', tested, {
    valid: [
      good('typeorm: xact lock through queryRunner.manager after startTransaction()', withDriver('typeorm', `async function run() {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  await runner.startTransaction();
  await runner.manager.query('SELECT pg_advisory_xact_lock(2)');
  await runner.commitTransaction();
}`)),
      good('pg: xact lock in callback-style BEGIN … COMMIT', withDriver('pg', `pool.connect((err, client, done) => {
  client.query('BEGIN', () => {
    client.query('SELECT pg_advisory_xact_lock(1)', () => client.query('COMMIT', done));
  });
});`)),
    ],
    invalid: [],
  });
});

describeVerdictTable('no-session-advisory-lock', [
  { header: '`pg_advisory_lock`', hazard: 'session-advisory-lock' },
  { header: '`pg_advisory_xact_lock`', hazard: 'xact-advisory-lock' },
]);

describeDocExamples('no-session-advisory-lock', rule);
