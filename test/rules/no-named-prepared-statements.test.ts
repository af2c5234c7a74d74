/**
 * pooler/no-named-prepared-statements: protocol-level named statements (pg / pg-promise `name`, pg-promise
 * `PreparedStatement`, Drizzle `.prepare(name)` over node-postgres, postgres.js without `prepare: false`) and SQL
 * `PREPARE` / `EXECUTE` / `DEALLOCATE` over the ten drivers, direct connections, look-alikes and the pooler
 * profiles (PgBouncer versions and `maxPreparedStatements` included). Positions and suggestion outputs were
 * checked against the source text of each case.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import rule from '../../rules/no-named-prepared-statements.js';
import type { HazardId } from '../../src/hazards.js';
import { resolveProfile } from '../../src/profiles/index.js';
import { repoPath } from '../repo-root.js';
import {
  at,
  describeDocExamples,
  describeVerdictTable,
  invalidCase as bad,
  poolerSettings,
  ruleTester,
  validCase as good,
  withDriver,
} from './session-cases.js';

const tested = rule as never;
const FIND = "'SELECT * FROM users WHERE id = $1'";
const NAMED = "await pool.query({ name: 'q', text: 'SELECT 1' });";
const PREPARE = "await pool.query('PREPARE p AS SELECT 1');";
/** pg: a named config on line 3 (20-29) and SQL PREPARE on line 4 (19-40). */
const BOTH = withDriver('pg', `${NAMED}\n${PREPARE}`);
const DROP_Q: readonly [string, string] = ["name: 'q', ", ''];
const DROP_FIND_USER: readonly [string, string] = ["name: 'find-user', ", ''];
const PGJS = "import postgres from 'postgres';\n";
/** pg-promise with the `pgp` main function in scope; the body starts on line 4. */
const PGP = "import pgPromise from 'pg-promise';\nconst pgp = pgPromise();\nconst db = pgp(process.env.DATABASE_URL);\n";
const DRIZZLE_PG = "import { drizzle } from 'drizzle-orm/node-postgres';\nimport { users } from './schema';\n";

ruleTester.run('no-named-prepared-statements', tested, {
  valid: [
    // unnamed statements and look-alikes
    good('pg unnamed parameterised query', withDriver('pg', `await pool.query(${FIND}, [1]);`)),
    good('pg query config without name', withDriver('pg', `await pool.query({ text: ${FIND}, values: [1], rowMode: 'array' });`)),
    good("pg value 'name'", withDriver('pg', "await pool.query('INSERT INTO users(name) VALUES($1)', ['name']);")),
    good('pg-promise values object with a name property', withDriver('pg-promise', "await db.none('INSERT INTO users(name) VALUES(${name})', { name: 'Ann' });")),
    good('pg-promise ParameterizedQuery', `${PGP}const q = new pgp.ParameterizedQuery({ text: ${FIND} });\nawait db.one(q, [1]);`),
    good('pg-promise default formatting', withDriver('pg-promise', `await db.one(${FIND}, [1]);`)),
    good('an object with name and text that never reaches a driver', withDriver('pg', "const user = { name: 'Ann', text: 'hello' };\nconsole.log(user);")),
    good('app.query is not a driver', withDriver('pg', "const app = { query: (q) => q };\napp.query({ name: 'q', text: 'SELECT 1' });")),
    good('Sequelize replacements', withDriver('sequelize', "await sequelize.query('SELECT * FROM users WHERE name = ?', { replacements: ['Ann'] });")),
    good('knex raw with bindings', withDriver('knex', "await db.raw('SELECT * FROM users WHERE id = ?', [1]);")),
    good('Prisma $queryRaw', withDriver('prisma', 'await prisma.$queryRaw`SELECT * FROM users WHERE id = ${1}`;')),
    good('TypeORM query with parameters', withDriver('typeorm', `await dataSource.query(${FIND}, [1]);`)),
    good('slonik sql tag', withDriver('slonik', 'await pool.query(sql.unsafe`SELECT * FROM users WHERE id = ${1}`);')),
    good('Kysely sql tag', withDriver('kysely', 'await sql`SELECT * FROM users WHERE id = ${1}`.execute(db);')),
    // postgres.js without named statements
    good('postgres.js prepare: false', withDriver('postgres', 'const [user] = await sql`SELECT * FROM users WHERE id = ${1}`;')),
    good(
      'postgres.js client handed only to kysely-postgres-js (its queries go through sql.unsafe, unprepared)',
      "import postgres from 'postgres';\nimport { Kysely } from 'kysely';\nimport { PostgresJSDialect } from 'kysely-postgres-js';\n" +
        'export const db = new Kysely({ dialect: new PostgresJSDialect({ postgres: postgres(process.env.DATABASE_URL) }) });\n' +
        'const client = postgres(process.env.DATABASE_URL, { max: 5 });\nexport const db2 = new Kysely({ dialect: new PostgresJSDialect({ postgres: client }) });',
    ),
    good('postgres.js URL ?prepare=false', `${PGJS}const sql = postgres('postgres://u@pooler:6432/app?prepare=false');`),
    good('postgres.js URL …&prepare=false', `${PGJS}const sql = postgres('postgres://u@pooler:6432/app?sslmode=require&prepare=false');`),
    good('postgres.js URL ?no_prepare', `${PGJS}const sql = postgres('postgres://u@pooler:6432/app?no_prepare');`),
    good('postgres.js prepare decided at run time', `${PGJS}const sql = postgres(process.env.DATABASE_URL, { prepare: process.env.PREPARE === '1' });`),
    good('postgres.js unsafe({ prepare: true }) under prepare: false', withDriver('postgres', `await sql.unsafe(${FIND}, [1], { prepare: true });`)),
    // Drizzle
    good('Drizzle over postgres.js sends unnamed statements', `import { drizzle } from 'drizzle-orm/postgres-js';\n${PGJS}import { users } from './schema';\nconst db = drizzle(postgres(process.env.DATABASE_URL, { prepare: false }));\nconst q = db.select().from(users).prepare('find_user');`),
    good('Drizzle .prepare() without a name', `${DRIZZLE_PG}const db = drizzle(process.env.DATABASE_URL);\nconst q = db.select().from(users).prepare();`),
    // direct connections
    good('postgres.js on DIRECT_URL', `${PGJS}const sql = postgres(process.env.DIRECT_URL);`),
    good('pg Pool on DIRECT_URL: named and SQL PREPARE', `import { Pool } from 'pg';\nconst pool = new Pool({ connectionString: process.env.DIRECT_URL });\n${NAMED}\n${PREPARE}`),
    good('Drizzle on DATABASE_URL_UNPOOLED', `${DRIZZLE_PG}const db = drizzle(process.env.DATABASE_URL_UNPOOLED);\nconst q = db.select().from(users).prepare('q');`),
    good('Drizzle over a direct pg Pool', `${DRIZZLE_PG}import { Pool } from 'pg';\nconst pool = new Pool({ connectionString: process.env.DIRECT_URL });\nconst db = drizzle({ client: pool });\nconst q = db.select().from(users).prepare('find_users');`),
    // SQL that is not a session prepared statement
    good('PREPARE TRANSACTION', withDriver('pg', "await pool.query(\"PREPARE TRANSACTION 'tx1'\");")),
    good('PL/pgSQL EXECUTE in a function body', withDriver('pg', "await pool.query(`CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ BEGIN EXECUTE 'SELECT 1'; END $$`);")),
    good('PL/pgSQL EXECUTE in a DO block', withDriver('pg', "await pool.query(`DO $$ BEGIN EXECUTE format('SELECT %L', 'x'); END $$`);")),
    good('DEALLOCATE ALL belongs to no-session-state', withDriver('pg', "await pool.query('DEALLOCATE ALL');")),
    // one simple-protocol query string that prepares and deallocates: one round trip on one server connection
    good('pg PREPARE, EXECUTE, DEALLOCATE in one string', withDriver('pg', "await pool.query('PREPARE q (int) AS SELECT $1; EXECUTE q(1); DEALLOCATE q');")),
    good('pg PREPARE … DEALLOCATE ALL in one string', withDriver('pg', "await pool.query('PREPARE a AS SELECT 1; EXECUTE a; DEALLOCATE ALL');")),
    good('knex raw without bindings, PREPARE … DEALLOCATE PREPARE', withDriver('knex', "await db.raw('PREPARE q AS SELECT 1; EXECUTE q; DEALLOCATE PREPARE q');")),
    good('a log message', withDriver('pg', "console.log('PREPARE q AS SELECT 1; EXECUTE q');")),
    good('words in an SQL string literal and a comment', withDriver('pg', "await pool.query(\"SELECT 'EXECUTE q' AS hint -- PREPARE q\");")),
    good('columns named prepared_at and execute_count', withDriver('pg', "await pool.query('SELECT prepared_at, execute_count FROM jobs');")),
    good(
      'UPDATE … SET, ON CONFLICT … DO UPDATE SET, ALTER ROLE … SET, SET CONSTRAINTS, pg_advisory_lock_count',
      withDriver('pg', "await pool.query('UPDATE t SET a = 1');\nawait pool.query('INSERT INTO t (a) VALUES (1) ON CONFLICT (a) DO UPDATE SET b = 2');\nawait pool.query('ALTER ROLE app SET search_path = app');\nawait pool.query('SET CONSTRAINTS ALL DEFERRED');\nawait pool.query('SELECT pg_advisory_lock_count FROM stats');"),
    ),
    // profiles where named statements are fine
    good('pgbouncer 1.21 with maxPreparedStatements', withDriver('pg', NAMED), poolerSettings('pgbouncer', { version: '1.21', maxPreparedStatements: 100 })),
    good('pgbouncer 1.24 (max_prepared_statements defaults to 200)', `${PGJS}const sql = postgres();`, poolerSettings('pgbouncer', { version: '1.24' })),
    good('rds-proxy: PreparedStatement', `${PGP}const q = new pgp.PreparedStatement({ name: 'q', text: 'SELECT 1' });`, poolerSettings('rds-proxy')),
    good('pgdog: a named config', withDriver('pg', NAMED), poolerSettings('pgdog')),
    good('neon: postgres.js default', `${PGJS}const sql = postgres(process.env.DATABASE_URL);`, poolerSettings('neon')),
    good('azure with maxPreparedStatements: Drizzle .prepare', `${DRIZZLE_PG}const db = drizzle(process.env.DATABASE_URL);\nconst q = db.select().from(users).prepare('q');`, poolerSettings('azure', { maxPreparedStatements: 100 })),
    good('session: everything', BOTH, poolerSettings('session')),
  ],
  invalid: [
    // pg query configs: the suggestion removes `name`
    bad('pg name: literal', withDriver('pg', `await pool.query({ name: 'find-user', text: ${FIND}, values: [1] });`), [at('broken', 3, 20, 37, DROP_FIND_USER)]),
    bad('pg shorthand name', withDriver('pg', `const name = 'find-user';\nawait pool.query({ name, text: ${FIND}, values: [1] });`), [at('broken', 4, 20, 24, ['{ name, ', '{ '])]),
    bad('pg config held in a const', withDriver('pg', `const findUser = { name: 'find-user', text: ${FIND} };\nawait pool.query(findUser, [1]);`), [at('broken', 3, 20, 37, DROP_FIND_USER)]),
    bad('pg name as the last property', withDriver('pg', `await pool.query({ text: ${FIND}, values: [1], name: 'find-user' });`), [at('broken', 3, 76, 93, [", name: 'find-user'", ''])]),
    bad('pg name after a spread', withDriver('pg', "const statement = { text: 'SELECT 1' };\nawait pool.query({ ...statement, name: 'q' });"), [at('broken', 4, 34, 43, [", name: 'q'", ''])]),
    bad('pg Client', "import { Client } from 'pg';\nconst client = new Client();\nawait client.query({ name: 'q', text: 'SELECT 1' });", [at('broken', 3, 22, 31, DROP_Q)]),
    bad('pg pool.connect() client', withDriver('pg', "const client = await pool.connect();\nawait client.query({ name: 'q', text: 'SELECT 1' });\nclient.release();"), [at('broken', 4, 22, 31, DROP_Q)]),
    // pg-promise
    bad('pg-promise { name, text } object', withDriver('pg-promise', `await db.one({ name: 'find-user', text: ${FIND}, values: [1] });`), [at('broken', 3, 16, 33, DROP_FIND_USER)]),
    bad(
      'pg-promise named query inside db.tx (the statement outlives the transaction)',
      withDriver('pg-promise', `await db.tx(async (t) => {\n  await t.one({ name: 'find-user', text: ${FIND}, values: [1] });\n});`),
      [at('broken', 4, 17, 34, DROP_FIND_USER)],
    ),
    bad('pg-promise pgp.PreparedStatement', `${PGP}const findUser = new pgp.PreparedStatement({ name: 'find-user', text: ${FIND} });\nawait db.one(findUser, [1]);`, [at('broken', 4, 22, 43)]),
    bad('pg-promise imported PreparedStatement', `import pgPromise, { PreparedStatement } from 'pg-promise';\nconst db = pgPromise()(process.env.DATABASE_URL);\nconst findUser = new PreparedStatement({ name: 'find-user', text: ${FIND} });`, [at('broken', 3, 22, 39)]),
    // Drizzle over node-postgres
    bad('Drizzle .prepare(name) on a URL', `${DRIZZLE_PG}const db = drizzle(process.env.DATABASE_URL);\nconst q = db.select().from(users).prepare('find_user');`, [at('broken', 4, 43, 54)]),
    bad('Drizzle .prepare(name) over a pg Pool', `${DRIZZLE_PG}import { Pool } from 'pg';\nconst db = drizzle(new Pool());\nconst q = db.select().from(users).prepare('find_users');`, [at('broken', 5, 43, 55)]),
    // postgres.js without prepare: false: the suggestion adds it
    bad(
      'postgres.js client used directly too, or handed to another PostgresJSDialect',
      "import postgres from 'postgres';\nimport { Kysely } from 'kysely';\nimport { PostgresJSDialect } from 'kysely-postgres-js';\n" +
        'const sql = postgres(process.env.DATABASE_URL);\nexport const db = new Kysely({ dialect: new PostgresJSDialect({ postgres: sql }) });\nexport const rows = () => sql`SELECT 1`;\n' +
        "class PostgresJSDialectLike { constructor(o: object) {} }\nexport const other = new PostgresJSDialectLike({ postgres: postgres(process.env.OTHER_URL) });",
      [at('broken', 4, 13, 47, ['DATABASE_URL)', 'DATABASE_URL, { prepare: false })']), at('broken', 8, 60, 91, ['OTHER_URL)', 'OTHER_URL, { prepare: false })'])],
    ),
    bad('postgres.js URL only', `${PGJS}const sql = postgres(process.env.DATABASE_URL);`, [at('broken', 2, 13, 47, ['DATABASE_URL)', 'DATABASE_URL, { prepare: false })'])]),
    bad('postgres.js options without prepare', `${PGJS}const sql = postgres({ max: 5 });`, [at('broken', 2, 13, 33, ['{ max', '{ prepare: false, max'])]),
    bad('postgres.js URL and options', `${PGJS}const sql = postgres(process.env.DATABASE_URL, { max: 5 });`, [at('broken', 2, 13, 59, ['{ max', '{ prepare: false, max'])]),
    bad('postgres.js empty options', `${PGJS}const sql = postgres(process.env.DATABASE_URL, {});`, [at('broken', 2, 13, 51, ['{}', '{ prepare: false }'])]),
    bad('postgres.js prepare: true', `${PGJS}const sql = postgres({ prepare: true });`, [at('broken', 2, 13, 40, ['true', 'false'])]),
    bad('postgres.js literal URL without prepare=false', `${PGJS}const sql = postgres('postgres://u@pooler:6432/app?sslmode=require');`, [at('broken', 2, 13, 69, ["require')", "require', { prepare: false })"])]),
    bad('postgres.js options in a const (no edit of a shared object)', `${PGJS}const options = { max: 5 };\nconst sql = postgres(process.env.DATABASE_URL, options);`, [at('broken', 3, 13, 56)]),
    bad('postgres.js under Drizzle', `import { drizzle } from 'drizzle-orm/postgres-js';\n${PGJS}const db = drizzle(postgres(process.env.DATABASE_URL));`, [at('broken', 3, 20, 54, ['DATABASE_URL)', 'DATABASE_URL, { prepare: false })'])]),
    // SQL PREPARE / EXECUTE / DEALLOCATE
    bad(
      'pg PREPARE, EXECUTE, DEALLOCATE',
      withDriver('pg', "await pool.query('PREPARE find_user AS SELECT * FROM users WHERE id = $1');\nawait pool.query('EXECUTE find_user(1)');\nawait pool.query('DEALLOCATE find_user');"),
      [at('broken', 3, 19, 73), at('broken', 4, 19, 39), at('broken', 5, 19, 39)],
    ),
    bad('pg PREPARE and EXECUTE in one string', withDriver('pg', 'await pool.query(`PREPARE q AS SELECT 1; EXECUTE q`);'), [at('broken', 3, 19, 40), at('broken', 3, 42, 51)]),
    bad(
      'pg one string: EXECUTE of a statement prepared elsewhere, then PREPARE … DEALLOCATE of another',
      withDriver('pg', "await pool.query('EXECUTE r; PREPARE q AS SELECT 1; EXECUTE q; DEALLOCATE q');"),
      [at('broken', 3, 19, 28)],
    ),
    bad(
      // With values pg uses the extended protocol, which runs no multi-statement text: not one simple-protocol round trip.
      'pg PREPARE … DEALLOCATE in one string sent with values',
      withDriver('pg', "await pool.query('PREPARE q AS SELECT 1; EXECUTE q; DEALLOCATE q', [id]);"),
      [at('broken', 3, 19, 40), at('broken', 3, 42, 51), at('broken', 3, 53, 65)],
    ),
    bad(
      // PREPARE survives COMMIT and ROLLBACK: an error before DEALLOCATE leaves it on the server connection.
      'pg PREPARE … DEALLOCATE inside BEGIN … COMMIT',
      withDriver('pg', "const client = await pool.connect();\nawait client.query('BEGIN');\nawait client.query('PREPARE q AS SELECT 1');\nawait client.query('EXECUTE q');\nawait client.query('DEALLOCATE q');\nawait client.query('COMMIT');"),
      [at('broken', 5, 21, 42), at('broken', 6, 21, 30), at('broken', 7, 21, 33)],
    ),
    bad('pg query config with PREPARE text and a name', withDriver('pg', "await pool.query({ text: 'PREPARE q AS SELECT 1', name: 'x' });"), [at('broken', 3, 27, 48), at('broken', 3, 51, 60, [", name: 'x'", ''])]),
    bad('postgres.js tag and unsafe', withDriver('postgres', "await sql`PREPARE q AS SELECT 1`;\nawait sql.unsafe('EXECUTE q');"), [at('broken', 3, 11, 32), at('broken', 4, 19, 28)]),
    bad('postgres.js inside sql.begin', withDriver('postgres', 'await sql.begin(async (tx) => { await tx`EXECUTE q`; });'), [at('broken', 3, 42, 51)]),
    bad('pg-promise EXECUTE', withDriver('pg-promise', "await db.any('EXECUTE q');"), [at('broken', 3, 15, 24)]),
    bad('knex raw PREPARE', withDriver('knex', "await db.raw('PREPARE q AS SELECT 1');"), [at('broken', 3, 15, 36)]),
    bad('Kysely PREPARE', withDriver('kysely', 'await sql`PREPARE q AS SELECT 1`.execute(db);'), [at('broken', 3, 11, 32)]),
    bad('Drizzle DEALLOCATE', withDriver('drizzle', 'await db.execute(sql`DEALLOCATE q`);'), [at('broken', 3, 22, 34)]),
    bad('Prisma EXECUTE', withDriver('prisma', "await prisma.$executeRawUnsafe('EXECUTE q');"), [at('broken', 3, 33, 42)]),
    bad('Sequelize DEALLOCATE', withDriver('sequelize', "await sequelize.query('DEALLOCATE q');"), [at('broken', 3, 24, 36)]),
    bad('TypeORM PREPARE', withDriver('typeorm', "await dataSource.query('PREPARE q AS SELECT 1');"), [at('broken', 3, 25, 46)]),
    bad('slonik EXECUTE', withDriver('slonik', 'await pool.query(sql.unsafe`EXECUTE q`);'), [at('broken', 3, 29, 38)]),
    // profiles
    bad('pgbouncer 1.21 without maxPreparedStatements', BOTH, [at('needsSetting', 3, 20, 29, DROP_Q), at('broken', 4, 19, 40)], poolerSettings('pgbouncer', { version: '1.21' })),
    bad('pgbouncer 1.21 with maxPreparedStatements: SQL PREPARE only', BOTH, [at('broken', 4, 19, 40)], poolerSettings('pgbouncer', { version: '1.21', maxPreparedStatements: 100 })),
    bad('pgbouncer 1.24 with maxPreparedStatements: 0', BOTH, [at('needsSetting', 3, 20, 29, DROP_Q), at('broken', 4, 19, 40)], poolerSettings('pgbouncer', { version: '1.24', maxPreparedStatements: 0 })),
    bad('supavisor: postgres.js', `${PGJS}const sql = postgres(process.env.DATABASE_URL);`, [at('needsSetting', 2, 13, 47, ['DATABASE_URL)', 'DATABASE_URL, { prepare: false })'])], poolerSettings('supavisor')),
    bad('pgcat: PreparedStatement', `${PGP}const q = new pgp.PreparedStatement({ name: 'q', text: 'SELECT 1' });`, [at('needsSetting', 4, 15, 36)], poolerSettings('pgcat')),
    bad('odyssey: Drizzle .prepare', `${DRIZZLE_PG}const db = drizzle(process.env.DATABASE_URL);\nconst q = db.select().from(users).prepare('find_user');`, [at('needsSetting', 4, 43, 54)], poolerSettings('odyssey')),
    bad('azure: a named config', withDriver('pg', NAMED), [at('needsSetting', 3, 20, 29, DROP_Q)], poolerSettings('azure')),
    bad('rds-proxy: SQL PREPARE pins, named statements are fine', BOTH, [at('pinned', 4, 19, 40)], poolerSettings('rds-proxy')),
    bad(
      'rds-proxy: PREPARE … DEALLOCATE in one string still pins (the proxy pins on the statement)',
      withDriver('pg', "await pool.query('PREPARE q AS SELECT 1; EXECUTE q; DEALLOCATE q');"),
      [at('pinned', 3, 19, 40), at('pinned', 3, 42, 51), at('pinned', 3, 53, 65)],
      poolerSettings('rds-proxy'),
    ),
    bad('pgdog: SQL PREPARE needs the setting, named statements are fine', BOTH, [at('needsSetting', 4, 19, 40)], poolerSettings('pgdog')),
  ],
});

describe('no-named-prepared-statements: empty names, URL templates, configs built by functions', () => {
  ruleTester.run('no-named-prepared-statements (built configs)', tested, {
    valid: [
      good("pg name: ''", withDriver('pg', "await pool.query({ name: '', text: 'SELECT 1' });")),
      good('postgres.js URL template with ?prepare=false', `${PGJS}const sql = postgres(\`\${process.env.DATABASE_URL}?prepare=false\`);`),
    ],
    invalid: [
      bad('pg config built by a function', withDriver('pg', `function byId(id) {\n  return { name: 'find-user', text: ${FIND}, values: [id] };\n}\nawait pool.query(byId(1));`), [at('broken', 4, 12, 29, DROP_FIND_USER)]),
      bad('pg config built by an arrow function', withDriver('pg', `const byId = (id) => ({ name: 'find-user', text: ${FIND}, values: [id] });\nawait pool.query(byId(1));`), [at('broken', 3, 25, 42, DROP_FIND_USER)]),
      bad('postgres.js without arguments', `${PGJS}const sql = postgres();`, [at('broken', 2, 13, 23, ['postgres()', 'postgres({ prepare: false })'])]),
    ],
  });
});

describeVerdictTable('no-named-prepared-statements', [
  { header: 'named statements', hazard: 'named-prepared-statement' },
  { header: '`PREPARE`', hazard: 'sql-prepare' },
]);
describeDocExamples('no-named-prepared-statements', rule);

describe('rules/no-named-prepared-statements.md: PgBouncer versions table', () => {
  const hazards: readonly HazardId[] = ['named-prepared-statement', 'sql-prepare'];
  const lines = readFileSync(repoPath('rules', 'no-named-prepared-statements.md'), 'utf8').split('\n');
  const rows = lines.filter((line) => line.startsWith('| `{ profile:'));

  it('has rows for PgBouncer versions and maxPreparedStatements', () => assert.ok(rows.length >= 5, `${rows.length} rows`));

  for (const row of rows) {
    it(row, () => {
      const [settingsCell = '', ...cells] = row.slice(1, -1).split('|').map((cell) => cell.trim());
      const pairs = [...settingsCell.matchAll(/(\w+): (?:'([^']*)'|(\d+))/g)].map((m) => [m[1], m[2] ?? Number(m[3])]);
      const profile = resolveProfile(Object.fromEntries(pairs));
      hazards.forEach((hazard, n) => {
        const cell = profile.verdict(hazard);
        const shown = cell.verdict === 'needs-setting' ? `needs-setting: \`${cell.setting}\`` : cell.verdict;
        assert.ok(cells[n]?.startsWith(shown), `${hazard}: ${cells[n]} should start with ${shown}`);
      });
    });
  }
});
