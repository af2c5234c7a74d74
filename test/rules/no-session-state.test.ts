/**
 * pooler/no-session-state: temporary objects, WITH HOLD cursors, LOAD and DISCARD through a pooler, and
 * ON COMMIT DROP / plain cursors outside a transaction, over every driver and several profiles; the doc's
 * verdict table against the profiles, and its annotated examples against the rule.
 */
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import rule from '../../rules/no-session-state.js';
import {
  at,
  describeDocExamples,
  describeVerdictTable,
  invalidCase,
  poolerSettings,
  replaceOnce,
  ruleTester,
  validCase,
  withDriver as on,
  type Report,
} from './session-cases.js';

type MessageId = 'broken' | 'pinned' | 'noEffectOutsideTransaction';

/**
 * The report of the only occurrence of `needle` in `code`, on one line. `«…»` in the needle marks the reported
 * part when the needle needs context to be unique: `'pool.query(«q»)'`.
 */
function report(code: string, messageId: MessageId, needle: string): Report {
  const text = needle.replace(/[«»]/g, '');
  const found = code.indexOf(text);
  assert.ok(found >= 0 && code.indexOf(text, found + 1) < 0, `exactly one "${text}" in the case`);
  const open = needle.indexOf('«');
  const start = found + Math.max(open, 0);
  const length = open < 0 ? text.length : needle.indexOf('»') - open - 1;
  const lines = code.slice(0, start).split('\n');
  const column = (lines.at(-1) ?? '').length + 1;
  return at(messageId, lines.length, column, column + length);
}

/** An invalid case whose reports are given as [messageId, needle]: see {@link report}. */
function invalid(name: string, code: string, reports: ReadonlyArray<[MessageId, string]>, settings?: Record<string, unknown>) {
  return invalidCase(name, code, reports.map(([id, needle]) => report(code, id, needle)), settings);
}

const valid = validCase;

const CLIENT_TX = (statements: string) =>
  on('pg', `const client = await pool.connect();\ntry {\n  await client.query('BEGIN');\n${statements}  await client.query('COMMIT');\n} finally {\n  client.release();\n}\n`);
const TEMP = 'CREATE TEMP TABLE r AS SELECT 1';
const DROP = 'CREATE TEMP TABLE r ON COMMIT DROP AS SELECT 1';
const HOLD = 'DECLARE c CURSOR WITH HOLD FOR SELECT 1';
const CURSOR = 'DECLARE c CURSOR FOR SELECT 1';

const tested = rule as never;

ruleTester.run('no-session-state', tested, {
  valid: [
    valid('truth ✅: ON COMMIT DROP and a cursor inside BEGIN…COMMIT on a checked-out client', CLIENT_TX(`  await client.query('${DROP}');\n  await client.query('${CURSOR}');\n  await client.query('FETCH 5 FROM c');\n`)),
    valid('pg: BEGIN … COMMIT in one string', on('pg', `await pool.query('BEGIN; ${DROP}; SELECT * FROM r; COMMIT');`)),
    valid('pg: one multi-statement string without parameters is one implicit transaction', on('pg', `await pool.query('${DROP}; SELECT * FROM r');`)),
    valid('pg.Client: BEGIN earlier on the same client', "import pg from 'pg';\nconst client = new pg.Client();\nawait client.query('BEGIN');\nawait client.query('DECLARE c CURSOR FOR SELECT 1');\nawait client.query('COMMIT');"),
    valid('pg-promise: db.tx', on('pg-promise', `await db.tx(async (t) => {\n  await t.none('${DROP}');\n  await t.none('${CURSOR}');\n});`)),
    valid('postgres.js: sql.begin', on('postgres', `await sql.begin(async (tx) => {\n  await tx\`${DROP}\`;\n  await tx\`${CURSOR}\`;\n});`)),
    valid('postgres.js: BEGIN on a reserved connection', on('postgres', `const reserved = await sql.reserve();\nawait reserved\`BEGIN\`;\nawait reserved\`${CURSOR}\`;\nawait reserved\`COMMIT\`;\nreserved.release();`)),
    valid('knex: transaction callback', on('knex', `await db.transaction(async (trx) => {\n  await trx.raw('${DROP}');\n});`)),
    valid('Kysely: transaction().execute', on('kysely', `await db.transaction().execute(async (trx) => {\n  await sql\`${DROP}\`.execute(trx);\n});`)),
    valid('Drizzle: transaction callback', on('drizzle', `await db.transaction(async (tx) => {\n  await tx.execute(sql\`${CURSOR}\`);\n});`)),
    valid('Prisma: $transaction callback', on('prisma', `await prisma.$transaction(async (tx) => {\n  await tx.$executeRaw\`${DROP}\`;\n});`)),
    valid('Sequelize: { transaction: t }', on('sequelize', `await sequelize.transaction(async (t) => {\n  await sequelize.query('${DROP}', { transaction: t });\n});`)),
    valid('TypeORM: queryRunner.startTransaction()', on('typeorm', `const qr = dataSource.createQueryRunner();\nawait qr.startTransaction();\nawait qr.query('${CURSOR}');\nawait qr.commitTransaction();`)),
    valid('TypeORM: dataSource.transaction', on('typeorm', `await dataSource.transaction(async (manager) => {\n  await manager.query('${DROP}');\n});`)),
    valid('slonik: pool.transaction', on('slonik', `await pool.transaction(async (tx) => {\n  await tx.query(sql.unsafe\`${CURSOR}\`);\n});`)),
    valid('direct: DIRECT_URL', `import pg from 'pg';\nconst pool = new pg.Pool({ connectionString: process.env.DIRECT_URL });\nawait pool.query('${TEMP}');\nawait pool.query('${HOLD}');\nawait pool.query("LOAD 'auto_explain'");\nawait pool.query('DISCARD ALL');`),
    valid('direct: DATABASE_URL_UNPOOLED (postgres.js)', `import postgres from 'postgres';\nconst sql = postgres(process.env.DATABASE_URL_UNPOOLED!);\nawait sql\`${TEMP}\`;`),
    valid('direct: settings.pooler.directUrlPattern', `import pg from 'pg';\nconst pool = new pg.Pool({ connectionString: process.env.REPORTING_URL });\nawait pool.query('${TEMP}');`, { pooler: { directUrlPattern: 'REPORTING' } }),
    valid('profile session: session state is fine', on('pg', `await pool.query('${TEMP}');\nawait pool.query('${HOLD}');\nawait pool.query("LOAD 'auto_explain'");\nawait pool.query('DISCARD ALL');`), poolerSettings('session')),
    valid('profile neon: PgBouncer handles DISCARD ALL', on('pg', "await pool.query('DISCARD ALL');"), poolerSettings('neon')),
    valid('profile pgbouncer 1.22 with prepared statements: DEALLOCATE ALL', on('pg', "await pool.query('DEALLOCATE ALL');"), poolerSettings('pgbouncer', { version: '1.22', maxPreparedStatements: 100 })),
    valid('profile pgbouncer 1.24: max_prepared_statements defaults to 200', on('pg', "await pool.query('DISCARD ALL');"), poolerSettings('pgbouncer', { version: '1.24' })),
    valid('look-alike: a log message', on('pg', `console.log('${TEMP}');`)),
    valid('look-alike: a string that never reaches a sink', on('pg', "const text = 'DISCARD ALL';\nexport { text };")),
    valid('look-alike: app.query, server.listen(3000), redis.connect()', "import http from 'node:http';\nimport { createClient } from 'redis';\nconst app = { query: (s: string) => s };\napp.query('CREATE TEMP TABLE r AS SELECT 1');\nhttp.createServer().listen(3000);\nawait createClient().connect();"),
    valid('look-alike: a local class named Pool', "class Pool { query(text: string) { return text; } }\nnew Pool().query('DISCARD ALL');"),
    valid('look-alike: MySQL temporary table (mysql2)', "import mysql from 'mysql2/promise';\nconst pool = mysql.createPool({});\nawait pool.query('CREATE TEMPORARY TABLE r (id int)');"),
    valid('look-alike: words in SQL comments and string literals', on('pg', `await pool.query('SELECT v FROM t /* ${TEMP} */ -- DISCARD ALL');\nawait pool.query("SELECT 'DECLARE c CURSOR WITH HOLD FOR x; LOAD' AS doc");`)),
    valid('look-alike: regular, unlogged and SELECT INTO tables, temp_report', on('pg', "await pool.query('CREATE TABLE temp_report AS SELECT 1');\nawait pool.query('CREATE UNLOGGED TABLE r (id int)');\nawait pool.query('SELECT * INTO r FROM t');")),
    valid('look-alike: columns temp, load, discard; FETCH, CLOSE, pg_cursors', on('pg', "await pool.query('SELECT temp, load, discard FROM readings');\nawait pool.query('FETCH 5 FROM c');\nawait pool.query('CLOSE c');\nawait pool.query('SELECT * FROM pg_cursors');")),
    valid('look-alike: UPDATE … SET, ON CONFLICT … DO UPDATE SET, ALTER ROLE … SET, SET CONSTRAINTS', on('pg', "await pool.query(\"UPDATE t SET v = 'temp'\");\nawait pool.query(\"INSERT INTO t (v) VALUES ('a') ON CONFLICT (v) DO UPDATE SET v = 'b'\");\nawait pool.query('ALTER ROLE app SET temp_buffers = 1024');\nawait pool.query('SET CONSTRAINTS ALL DEFERRED');")),
    valid('look-alike: NOTIFY, pg_notify, pg_advisory_lock_count', on('pg', "await pool.query(\"NOTIFY jobs, 'DISCARD ALL'\");\nawait pool.query(\"SELECT pg_notify('jobs', 'LOAD')\");\nawait pool.query('SELECT pg_advisory_lock_count FROM stats');")),
    valid('other rules: session SET and DEALLOCATE name', on('pg', "await pool.query('SET search_path TO app');\nawait pool.query('DEALLOCATE find_v');")),
  ],
  invalid: [
    invalid('pg: CREATE TEMP TABLE … AS', on('pg', `await pool.query('${TEMP}');`), [['broken', TEMP]]),
    invalid('pg: CREATE TEMPORARY TABLE (columns)', on('pg', "await pool.query('CREATE TEMPORARY TABLE r (id int)');"), [['broken', 'CREATE TEMPORARY TABLE r (id int)']]),
    invalid('pg: SELECT … INTO TEMP', on('pg', "await pool.query('SELECT v INTO TEMP recent FROM t');"), [['broken', 'SELECT v INTO TEMP recent FROM t']]),
    invalid('pg: temp sequence and temp view', on('pg', "await pool.query('CREATE TEMP SEQUENCE s');\nawait pool.query('CREATE TEMP VIEW w AS SELECT 1');"), [['broken', 'CREATE TEMP SEQUENCE s'], ['broken', 'CREATE TEMP VIEW w AS SELECT 1']]),
    invalid('pg: ON COMMIT PRESERVE ROWS / DELETE ROWS', on('pg', "await pool.query('CREATE TEMP TABLE a (id int) ON COMMIT PRESERVE ROWS');\nawait pool.query('CREATE TEMP TABLE b (id int) ON COMMIT DELETE ROWS');"), [['broken', 'CREATE TEMP TABLE a (id int) ON COMMIT PRESERVE ROWS'], ['broken', 'CREATE TEMP TABLE b (id int) ON COMMIT DELETE ROWS']]),
    invalid('pg: CREATE TABLE pg_temp.…', on('pg', "await pool.query('CREATE TABLE pg_temp.r (id int)');"), [['broken', 'CREATE TABLE pg_temp.r (id int)']]),
    invalid('pg: a temp table without ON COMMIT DROP outlives BEGIN…COMMIT', CLIENT_TX(`  await client.query('${TEMP}');\n`), [['broken', TEMP]]),
    invalid('pg: DECLARE … WITH HOLD', on('pg', `await pool.query('${HOLD}');`), [['broken', HOLD]]),
    invalid('pg: WITH HOLD inside BEGIN…COMMIT still outlives it', CLIENT_TX(`  await client.query('${HOLD}');\n`), [['broken', HOLD]]),
    invalid('pg: LOAD', on('pg', "await pool.query(\"LOAD 'auto_explain'\");"), [['broken', "LOAD 'auto_explain'"]]),
    invalid('pg: DISCARD ALL, DISCARD TEMP, DEALLOCATE ALL', on('pg', "await pool.query('DISCARD ALL');\nawait pool.query('DISCARD TEMP');\nawait pool.query('DEALLOCATE ALL');"), [['broken', 'DISCARD ALL'], ['broken', 'DISCARD TEMP'], ['broken', 'DEALLOCATE ALL']]),
    invalid('pg: ON COMMIT DROP outside a transaction', on('pg', `await pool.query('${DROP}');`), [['noEffectOutsideTransaction', DROP]]),
    invalid('pg: a plain cursor outside a transaction', on('pg', `await pool.query('${CURSOR}');`), [['noEffectOutsideTransaction', CURSOR]]),
    invalid('pg: BEGIN through the pool does not hold the next pool.query', on('pg', `await pool.query('BEGIN');\nawait pool.query('${CURSOR}');`), [['noEffectOutsideTransaction', CURSOR]]),
    invalid('pg: after COMMIT on the same client', replaceOnce(CLIENT_TX(''), '  client.release();', `  await client.query('${DROP}');\n  client.release();`), [['noEffectOutsideTransaction', DROP]]),
    invalid('pg: a multi-statement string with parameters is no implicit transaction', on('pg', `await pool.query('SELECT v FROM t WHERE id = $1; ${DROP}', [1]);`), [['noEffectOutsideTransaction', DROP]]),
    invalid('pg: query config, const, conditional', on('pg', `await pool.query({ text: '${TEMP}' });\nconst q = '${HOLD}';\nawait pool.query(q);\nexport const f = (flag: boolean) => pool.query(flag ? 'DISCARD ALL' : 'SELECT 1');`), [['broken', TEMP], ['broken', 'pool.query(«q»)'], ['broken', 'DISCARD ALL']]),
    invalid('postgres.js: tag, unsafe, cursor outside sql.begin', on('postgres', `await sql\`${TEMP}\`;\nawait sql.unsafe('${HOLD}');\nawait sql\`${CURSOR}\`;`), [['broken', TEMP], ['broken', HOLD], ['noEffectOutsideTransaction', CURSOR]]),
    invalid('pg-promise: db.none outside db.tx', on('pg-promise', `await db.none('${TEMP}');\nawait db.none('${DROP}');`), [['broken', TEMP], ['noEffectOutsideTransaction', DROP]]),
    invalid('knex: raw and schema.raw', on('knex', `await db.raw('${TEMP}');\nawait db.schema.raw('DISCARD ALL');`), [['broken', TEMP], ['broken', 'DISCARD ALL']]),
    invalid('Kysely: sql`…`.execute(db), sql.raw', on('kysely', `await sql\`${TEMP}\`.execute(db);\nawait sql.raw('DISCARD ALL').execute(db);`), [['broken', TEMP], ['broken', 'DISCARD ALL']]),
    invalid('Drizzle: db.execute(sql`…`), sql.raw', on('drizzle', `await db.execute(sql\`${TEMP}\`);\nawait db.execute(sql.raw("LOAD 'auto_explain'"));`), [['broken', TEMP], ['broken', "LOAD 'auto_explain'"]]),
    invalid('Prisma: $executeRaw, $executeRawUnsafe', on('prisma', `await prisma.$executeRaw\`${TEMP}\`;\nawait prisma.$executeRawUnsafe('${HOLD}');`), [['broken', TEMP], ['broken', HOLD]]),
    invalid('Sequelize: query outside a transaction', on('sequelize', `await sequelize.query('${TEMP}');\nawait sequelize.query('DISCARD ALL');`), [['broken', TEMP], ['broken', 'DISCARD ALL']]),
    invalid('TypeORM: dataSource.query, manager.query', on('typeorm', `await dataSource.query('${TEMP}');\nawait dataSource.manager.query('${CURSOR}');`), [['broken', TEMP], ['noEffectOutsideTransaction', CURSOR]]),
    invalid('slonik: pool.query(sql.unsafe`…`)', on('slonik', `await pool.query(sql.unsafe\`${TEMP}\`);\nawait pool.query(sql.unsafe\`DISCARD ALL\`);`), [['broken', TEMP], ['broken', 'DISCARD ALL']]),
    invalid('a direct connection still reports a cursor outside a transaction', `import pg from 'pg';\nconst pool = new pg.Pool({ connectionString: process.env.DIRECT_URL });\nawait pool.query('${CURSOR}');`, [['noEffectOutsideTransaction', CURSOR]]),
    invalid('profile rds-proxy: everything pins', on('pg', `await pool.query('${TEMP}');\nawait pool.query('DISCARD ALL');\nawait pool.query("LOAD 'auto_explain'");`), [['pinned', TEMP], ['pinned', 'DISCARD ALL'], ['pinned', "LOAD 'auto_explain'"]], poolerSettings('rds-proxy')),
    invalid('profile rds-proxy: the truth ✅ example pins too', CLIENT_TX(`  await client.query('${DROP}');\n  await client.query('${CURSOR}');\n`), [['pinned', DROP], ['pinned', CURSOR]], poolerSettings('rds-proxy')),
    invalid('profile session: outside a transaction is still reported', on('pg', `await pool.query('${DROP}');`), [['noEffectOutsideTransaction', DROP]], poolerSettings('session')),
    invalid('profile pgdog: broken', on('pg', `await pool.query('${TEMP}');`), [['broken', TEMP]], poolerSettings('pgdog')),
    invalid('profile supavisor: LOAD', on('pg', "await pool.query(\"LOAD 'x'\");"), [['broken', "LOAD 'x'"]], poolerSettings('supavisor')),
    invalid('profile pgbouncer 1.21 with prepared statements: DISCARD ALL desynchronises', on('pg', "await pool.query('DISCARD ALL');"), [['broken', 'DISCARD ALL']], poolerSettings('pgbouncer', { version: '1.21', maxPreparedStatements: 100 })),
    invalid('profile azure: DEALLOCATE ALL', on('pg', "await pool.query('DEALLOCATE ALL');"), [['broken', 'DEALLOCATE ALL']], poolerSettings('azure')),
    {
      name: 'message data, with explicit positions (PgDog drops temp tables at check-in)',
      code: on('pg', `await pool.query('${TEMP}');`),
      settings: poolerSettings('pgdog'),
      errors: [
        {
          messageId: 'broken',
          data: {
            sql: TEMP,
            what: 'creates a temporary table that outlives the transaction',
            pooler: 'PgDog (transaction mode)',
            consequence: 'is dropped (`DISCARD TEMP`) when the server connection goes back to the pool, so later statements fail with `relation "…" does not exist`',
            advice: 'Create it with `ON COMMIT DROP` inside a transaction, or use a CTE or a regular table.',
          },
          line: 3,
          column: 19,
          endLine: 3,
          endColumn: 50,
          suggestions: [],
        },
      ],
    },
    {
      name: 'message data: outside a transaction',
      code: on('postgres', `await sql\`${CURSOR}\`;`),
      errors: [
        {
          messageId: 'noEffectOutsideTransaction',
          data: { sql: CURSOR, outside: 'fails with `DECLARE CURSOR can only be used in transaction blocks`', advice: 'Declare and fetch it inside one transaction.' },
          line: 3,
          column: 11,
          endLine: 3,
          endColumn: 40,
          suggestions: [],
        },
      ],
    },
  ],
});

describe('no-session-state: hooks and holes', () => {
  const hole = on('pg', 'export const f = (name: string) => pool.query(`CREATE TEMP TABLE ${name} AS SELECT 1`);');
  const { line, column, endColumn } = report(hole, 'broken', 'CREATE TEMP TABLE ${name} AS SELECT 1');
  const position = { line, column, endColumn };
  ruleTester.run('no-session-state (hooks, holes)', tested, {
    valid: [],
    invalid: [
      invalid('pg: a temp table created in pool.on(connect)', on('pg', "pool.on('connect', (client) => {\n  client.query('CREATE TEMP TABLE r (id int)');\n});"), [['broken', 'CREATE TEMP TABLE r (id int)']]),
      {
        name: 'the message quotes the source of a hole',
        code: hole,
        errors: [
          {
            messageId: 'broken',
            data: {
              sql: 'CREATE TEMP TABLE ${name} AS SELECT 1',
              what: 'creates a temporary table that outlives the transaction',
              pooler: 'a transaction-mode pooler',
              consequence: 'fails with `relation "…" does not exist` on another server connection, and other clients can use it',
              advice: 'Create it with `ON COMMIT DROP` inside a transaction, or use a CTE or a regular table.',
            },
            ...position,
            endLine: position.line,
            suggestions: [],
          },
        ],
      },
    ],
  });
});

describeVerdictTable('no-session-state', [
  { header: '`temp-object`', hazard: 'temp-object' },
  { header: '`temp-on-commit-drop`', hazard: 'temp-on-commit-drop' },
  { header: '`cursor-with-hold`', hazard: 'cursor-with-hold' },
  { header: '(`cursor`)', hazard: 'cursor' },
  { header: '`load`', hazard: 'load' },
  { header: '`discard`', hazard: 'discard' },
]);

describeDocExamples('no-session-state', rule);
