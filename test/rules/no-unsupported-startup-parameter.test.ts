/**
 * pooler/no-unsupported-startup-parameter: startup parameters in connection configs and connection strings of
 * every driver, under several profiles; the doc's verdict table against the profiles, and its annotated
 * examples against the rule.
 */
import { describe } from 'node:test';
import rule from '../../rules/no-unsupported-startup-parameter.js';
import {
  at,
  describeDocExamples,
  describeVerdictTable,
  invalidCase,
  poolerSettings,
  ruleTester,
  validCase as valid,
  withDriver,
} from './session-cases.js';

// The rule tester bundles its own @typescript-eslint/utils types; the rule is the same object.
const tested = rule as never;

const ADVICE = 'Remove it from the connection options; set it per role with `ALTER ROLE … SET`, or with `SET LOCAL` inside transactions.';

/** The expected message data of a refused parameter (the rule never offers a suggestion). */
function refused(sql: string, what: string, pooler: string, consequence: string, advice = ADVICE) {
  return { sql, what, pooler, consequence, advice };
}

/** One report with its message data, on one line. */
function withData(line: number, column: number, endColumn: number, data: Record<string, string>) {
  return { messageId: 'broken', data, line, column, endLine: line, endColumn, suggestions: [] };
}

const TRACKED = "application_name: 'app', TimeZone: 'UTC', DateStyle: 'ISO', client_encoding: 'UTF8', standard_conforming_strings: 'on'";

ruleTester.run('no-unsupported-startup-parameter', tested, {
  valid: [
    valid('truth ✅: application_name is tracked; query_timeout is client-side', "import pg from 'pg';\nconst pool = new pg.Pool({ application_name: 'billing', query_timeout: 5000 });"),
    valid('truth ✅: SET LOCAL statement_timeout inside a transaction', withDriver('pg', "const client = await pool.connect();\ntry {\n  await client.query('BEGIN');\n  await client.query(\"SET LOCAL statement_timeout = '5s'\");\n  await client.query('COMMIT');\n} finally {\n  client.release();\n}")),
    valid('truth ✅: a direct connection (DIRECT_DATABASE_URL)', "import pg from 'pg';\nconst admin = new pg.Pool({ connectionString: process.env.DIRECT_DATABASE_URL, statement_timeout: 60000 });"),
    valid('direct: knex on DATABASE_URL_UNPOOLED', "import knex from 'knex';\nconst db = knex({ client: 'pg', connection: { connectionString: process.env.DATABASE_URL_UNPOOLED, statement_timeout: 5000 } });"),
    valid('direct: postgres.js on DIRECT_URL', "import postgres from 'postgres';\nconst sql = postgres(process.env.DIRECT_URL, { prepare: false, connection: { search_path: 'app' } });"),
    valid('direct: settings.pooler.directUrlPattern', "import pg from 'pg';\nconst pool = new pg.Pool({ connectionString: process.env.ADMIN_DATABASE_URL, statement_timeout: 60000 });", { pooler: { directUrlPattern: 'ADMIN' } }),
    valid('pg: values pg does not send (undefined, 0, null, false)', "import pg from 'pg';\nconst pool = new pg.Pool({ statement_timeout: undefined, lock_timeout: 0, options: null, idle_in_transaction_session_timeout: false });"),
    valid('pg: pool options that are not startup parameters', "import pg from 'pg';\nconst pool = new pg.Pool({ max: 20, idleTimeoutMillis: 1000, connectionTimeoutMillis: 2000, keepAlive: true, ssl: { rejectUnauthorized: false } });"),
    valid('pg: a connection string with sslmode and application_name only', "import pg from 'pg';\nconst pool = new pg.Pool({ connectionString: 'postgres://app@pgbouncer/app?sslmode=require&application_name=billing' });"),
    valid('postgres.js: tracked connection parameters', `import postgres from 'postgres';\nconst sql = postgres({ prepare: false, connection: { ${TRACKED} } });`),
    valid('postgres.js: URL parameters that are postgres.js options', "import postgres from 'postgres';\nconst sql = postgres('postgres://app@pgbouncer/app?prepare=false&sslmode=require&max=5&application_name=x');"),
    valid('slonik: both timeouts disabled', "import { createPool } from 'slonik';\nconst pool = await createPool(process.env.DATABASE_URL, { statementTimeout: 'DISABLE_TIMEOUT', idleInTransactionSessionTimeout: 'DISABLE_TIMEOUT' });"),
    valid('TypeORM: applicationName and pool extras', "import { DataSource } from 'typeorm';\nconst dataSource = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL, applicationName: 'billing', extra: { max: 10, connectionTimeoutMillis: 2000 } });"),
    valid('Sequelize: dialectOptions without startup parameters', "import { Sequelize } from 'sequelize';\nconst sequelize = new Sequelize(process.env.DATABASE_URL, { dialect: 'postgres', dialectOptions: { ssl: { require: true }, application_name: 'billing' } });"),
    valid('knex: a connection object without startup parameters', "import knex from 'knex';\nconst db = knex({ client: 'pg', connection: { host: 'pgbouncer', user: 'app', application_name: 'billing' }, pool: { min: 0, max: 10 } });"),
    valid('pg-promise: a connection object without startup parameters', "import pgPromise from 'pg-promise';\nconst db = pgPromise()({ host: 'pgbouncer', max: 10, application_name: 'billing' });"),
    valid('profile pgdog: startup parameters are applied per client', "import pg from 'pg';\nconst pool = new pg.Pool({ statement_timeout: 5000, options: '-c search_path=app' });", poolerSettings('pgdog')),
    valid('profile odyssey: maintain_params', "import postgres from 'postgres';\nconst sql = postgres({ prepare: false, connection: { search_path: 'app', lock_timeout: 1000 } });", poolerSettings('odyssey')),
    valid('profile supavisor: search_path is honoured', "import pg from 'pg';\nimport postgres from 'postgres';\nconst client = new pg.Client({ options: '-c search_path=app' });\nconst sql = postgres({ prepare: false, connection: { search_path: 'app' } });", poolerSettings('supavisor')),
    valid('profile pgbouncer with trackExtraParameters: options -c search_path', "import pg from 'pg';\nconst client = new pg.Client({ options: '-c search_path=app' });", poolerSettings('pgbouncer', { trackExtraParameters: ['search_path'] })),
    valid('profile pgbouncer 1.21: options -c application_name', "import pg from 'pg';\nconst client = new pg.Client({ options: '-c application_name=billing' });", poolerSettings('pgbouncer', { version: '1.21' })),
    valid('profile azure: options -c TimeZone', "import pg from 'pg';\nconst client = new pg.Client({ options: '-c TimeZone=UTC' });", poolerSettings('azure')),
    valid('look-alike: a config object that never reaches a driver', "const settings = { statement_timeout: 5000, options: '-c search_path=app' };\nexport default settings;"),
    valid('look-alike: a connection URL that never reaches a driver', "import pg from 'pg';\nconst pool = new pg.Pool();\nexport const url = 'postgres://app@pgbouncer/app?options=-c%20search_path%3Dapp';"),
    valid('look-alike: per-query options in a query config', withDriver('pg', "await pool.query({ text: 'SELECT 1', query_timeout: 1000, statement_timeout: 5 });")),
    valid('look-alike: no driver import', 'const pool = new Pool({ statement_timeout: 5000 });'),
    valid('look-alike: a local class named Pool', 'class Pool { constructor(readonly config: object) {} }\nnew Pool({ statement_timeout: 5000 });'),
    valid('look-alike: generic-pool createPool is not slonik', "import { createPool } from 'generic-pool';\nconst pool = createPool({ create: async () => ({}), destroy: async () => {} }, { max: 10 });"),
    valid('look-alike: mysql2 createPool', "import mysql from 'mysql2/promise';\nconst pool = mysql.createPool({ connectTimeout: 1000, statement_timeout: 5 });"),
    valid('look-alike: console.log, app.query, server.listen(3000), redis.connect()', "import http from 'node:http';\nimport { createClient } from 'redis';\nconsole.log('statement_timeout=5000');\nconst app = { query: (s: string) => s };\napp.query('options=-c search_path=app');\nhttp.createServer().listen(3000);\nawait createClient().connect();"),
    valid('look-alike: SQL that mentions the parameters', withDriver('pg', "await pool.query(\"ALTER ROLE app SET statement_timeout = '5s'\");\nawait pool.query(\"UPDATE jobs SET options = '-c x=y'\");\nawait pool.query(\"INSERT INTO t (k) VALUES ('a') ON CONFLICT (k) DO UPDATE SET lock_timeout = 1\");\nawait pool.query('SET CONSTRAINTS ALL DEFERRED');\nawait pool.query(\"NOTIFY jobs, 'statement_timeout'\");\nawait pool.query(\"SELECT pg_notify('jobs', 'x'), pg_advisory_lock_count FROM stats -- search_path\");")),
    valid('Prisma 7: PrismaPg over a pg pool of its own, and a clean adapter config', "import { PrismaPg } from '@prisma/adapter-pg';\nimport pg from 'pg';\nconst pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });\nconst a = new PrismaPg(pool);\nconst b = new PrismaPg({ connectionString: process.env.DATABASE_URL, max: 5, application_name: 'api' });"),
  ],
  invalid: [
    invalidCase('pg: statement_timeout in new pg.Pool (truth row 35)', `import pg from 'pg';\nconst pool = new pg.Pool({ statement_timeout: 5000 });`, [at('broken', 2, 28, 45)]),
    invalidCase('pg: lock_timeout and idle_in_transaction_session_timeout; query_timeout and application_name are fine', `import pg from 'pg';\nconst pool = new pg.Pool({ lock_timeout: 3000, idle_in_transaction_session_timeout: 10000, query_timeout: 5000, application_name: 'app' });`, [at('broken', 2, 28, 40), at('broken', 2, 48, 83)]),
    invalidCase('pg: options with -c (truth row 36)', `import pg from 'pg';\nconst client = new pg.Client({ options: '-c search_path=app' });`, [at('broken', 2, 32, 39)]),
    invalidCase('pg: options with two settings: one report each', `import pg from 'pg';\nconst client = new pg.Client({ options: '-c search_path=app -c lock_timeout=5s' });`, [at('broken', 2, 32, 39), at('broken', 2, 32, 39)]),
    invalidCase('pg: options in --name=value form', `import pg from 'pg';\nconst client = new pg.Client({ options: '--search_path=app' });`, [at('broken', 2, 32, 39)]),
    invalidCase('pg: ?options= in a connection string', `import pg from 'pg';\nconst pool = new pg.Pool({ connectionString: 'postgres://app@pgbouncer/app?options=-c%20search_path%3Dapp' });`, [at('broken', 2, 46, 107)]),
    invalidCase('pg: ?statement_timeout= in a connection string argument', `import pg from 'pg';\nconst pool = new pg.Pool('postgres://app@pgbouncer/app?statement_timeout=5000&application_name=x');`, [at('broken', 2, 26, 98)]),
    invalidCase('pg: replication', `import pg from 'pg';\nconst client = new pg.Client({ replication: 'database' });`, [at('broken', 2, 32, 43)]),
    invalidCase('pg: a const config', `import pg from 'pg';\nconst config = { statement_timeout: 5000 };\nconst pool = new pg.Pool(config);`, [at('broken', 2, 18, 35)]),
    invalidCase('pg: quoted and computed keys, a value from the environment', `import { Pool } from 'pg';\nconst pool = new Pool({ 'statement_timeout': Number(process.env.TIMEOUT), ['lock_timeout']: 1000 });`, [at('broken', 2, 25, 44), at('broken', 2, 76, 90)]),
    invalidCase('pg under Kysely: the pg.Pool config', `import { Kysely, PostgresDialect } from 'kysely';\nimport pg from 'pg';\nconst db = new Kysely({ dialect: new PostgresDialect({ pool: new pg.Pool({ statement_timeout: 5000 }) }) });`, [at('broken', 3, 76, 93)]),
    invalidCase('postgres.js: connection keys (truth row 40); application_name is fine', `import postgres from 'postgres';\nconst sql = postgres({ prepare: false, connection: { search_path: 'tenant_a', application_name: 'app', statement_timeout: 5000 } });`, [at('broken', 2, 54, 65), at('broken', 2, 104, 121)]),
    invalidCase('postgres.js: a const connection object', `import postgres from 'postgres';\nconst connection = { search_path: 'app' };\nconst sql = postgres({ prepare: false, connection });`, [at('broken', 2, 22, 33)]),
    invalidCase('postgres.js: an unknown URL query parameter (postgres.js options are fine)', `import postgres from 'postgres';\nconst sql = postgres('postgres://app@pgbouncer/app?prepare=false&sslmode=require&search_path=app');`, [at('broken', 2, 22, 98)]),
    invalidCase('postgres.js: ?pgbouncer=true copied from a Prisma URL', `import postgres from 'postgres';\nconst sql = postgres('postgres://app@pgbouncer/app?pgbouncer=true', { prepare: false });`, [at('broken', 2, 22, 67)]),
    invalidCase('knex: a connection object', `import knex from 'knex';\nconst db = knex({ client: 'pg', connection: { connectionString: process.env.DATABASE_URL, statement_timeout: 5000 } });`, [at('broken', 2, 91, 108)]),
    invalidCase('knex: a connection string', `import knex from 'knex';\nconst db = knex({ client: 'pg', connection: 'postgres://app@pgbouncer/app?options=-c%20search_path%3Dapp' });`, [at('broken', 2, 45, 106)]),
    invalidCase('pg-promise: a connection object', `import pgPromise from 'pg-promise';\nconst pgp = pgPromise();\nconst db = pgp({ host: 'pgbouncer', lock_timeout: 1000 });`, [at('broken', 3, 37, 49)]),
    invalidCase('pg-promise: a connection string', `import pgPromise from 'pg-promise';\nconst db = pgPromise()('postgres://app@pgbouncer/app?lock_timeout=1000');`, [at('broken', 2, 24, 72)]),
    invalidCase('TypeORM: extra', `import { DataSource } from 'typeorm';\nconst dataSource = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL, extra: { statement_timeout: 5000, max: 10 } });`, [at('broken', 2, 95, 112)]),
    invalidCase('TypeORM: the url query', `import { DataSource } from 'typeorm';\nconst dataSource = new DataSource({ type: 'postgres', url: 'postgres://app@pgbouncer/app?statement_timeout=5000', extra: { max: 5 } });`, [at('broken', 2, 60, 113)]),
    invalidCase('Sequelize: dialectOptions', `import { Sequelize } from 'sequelize';\nconst sequelize = new Sequelize(process.env.DATABASE_URL, { dialect: 'postgres', dialectOptions: { statement_timeout: 5000, idle_in_transaction_session_timeout: 10000 } });`, [at('broken', 2, 100, 117), at('broken', 2, 125, 160)]),
    invalidCase('Sequelize: the URL query', `import { Sequelize } from 'sequelize';\nconst sequelize = new Sequelize('postgres://app@pgbouncer/app?options=-c%20search_path%3Dapp', { dialect: 'postgres' });`, [at('broken', 2, 33, 94)]),
    invalidCase('slonik: both timeouts by default', `import { createPool } from 'slonik';\nconst pool = await createPool(process.env.DATABASE_URL);`, [at('broken', 2, 20, 56), at('broken', 2, 20, 56)]),
    invalidCase('slonik: a timeout set to a number', `import { createPool } from 'slonik';\nconst pool = await createPool(process.env.DATABASE_URL, { statementTimeout: 5000, idleInTransactionSessionTimeout: 'DISABLE_TIMEOUT' });`, [at('broken', 2, 59, 75)]),
    invalidCase('Prisma 7: the PrismaPg config is a pg config', `import { PrismaPg } from '@prisma/adapter-pg';\nconst adapter = new PrismaPg({ connectionString: process.env.DATABASE_URL, statement_timeout: 5000, options: '-c search_path=app' });`, [at('broken', 2, 76, 93), at('broken', 2, 101, 108)]),
    invalidCase('Prisma 7: the query of a literal URL given to PrismaPg', `import { PrismaPg } from '@prisma/adapter-pg';\nconst adapter = new PrismaPg({ connectionString: 'postgres://app@pgbouncer/app?lock_timeout=1000' });`, [at('broken', 2, 50, 98)]),
    invalidCase('profile session: refused in session mode too', `import pg from 'pg';\nconst pool = new pg.Pool({ statement_timeout: 5000 });`, [at('broken', 2, 28, 45)], poolerSettings('session')),
    invalidCase('profile pgbouncer 1.21: options is parsed, only tracked names pass', `import pg from 'pg';\nconst a = new pg.Client({ options: '-c search_path=app' });\nconst b = new pg.Client({ options: '-c application_name=x' });`, [at('broken', 2, 27, 34)], poolerSettings('pgbouncer', { version: '1.21' })),
    invalidCase('profile neon: the same for options', `import pg from 'pg';\nconst a = new pg.Client({ options: '-c TimeZone=UTC' });\nconst b = new pg.Client({ options: '-c lock_timeout=1s' });`, [at('broken', 3, 27, 34)], poolerSettings('neon')),
    invalidCase('profile pgbouncer with trackExtraParameters: search_path passes, statement_timeout does not', `import postgres from 'postgres';\nconst sql = postgres({ prepare: false, connection: { search_path: 'app', statement_timeout: 5000 } });`, [at('broken', 2, 74, 91)], poolerSettings('pgbouncer', { trackExtraParameters: ['search_path'] })),
    invalidCase('profile supavisor: honours search_path, drops the rest', `import postgres from 'postgres';\nconst sql = postgres({ prepare: false, connection: { search_path: 'app', application_name: 'x', statement_timeout: 5000 } });`, [at('broken', 2, 74, 90), at('broken', 2, 97, 114)], poolerSettings('supavisor')),
    invalidCase('profile rds-proxy: undocumented', `import pgPromise from 'pg-promise';\nconst db = pgPromise()({ lock_timeout: 1000 });`, [at('broken', 2, 26, 38)], poolerSettings('rds-proxy')),
    invalidCase('profile pgcat: undocumented', `import pg from 'pg';\nconst client = new pg.Client({ options: '-c search_path=app' });`, [at('broken', 2, 32, 39)], poolerSettings('pgcat')),
    invalidCase('profile azure: slonik defaults', `import { createPool } from 'slonik';\nconst pool = await createPool('postgres://app@azure/app', { idleInTransactionSessionTimeout: 60000, statementTimeout: 'DISABLE_TIMEOUT' });`, [at('broken', 2, 61, 92)], poolerSettings('azure')),
    {
      name: 'message data: pg statement_timeout under the default profile',
      code: "import pg from 'pg';\nconst pool = new pg.Pool({ statement_timeout: 5000 });",
      errors: [withData(2, 28, 45, refused('statement_timeout', 'is sent as the startup parameter `statement_timeout`', 'a transaction-mode pooler', 'makes the connection fail with `unsupported startup parameter: statement_timeout`'))],
    },
    {
      name: 'message data: slonik sends both timeouts by default',
      code: "import { createPool } from 'slonik';\nconst pool = await createPool(process.env.DATABASE_URL, {});",
      errors: ['statement_timeout', 'idle_in_transaction_session_timeout'].map((name) =>
        withData(2, 20, 60, refused("createPool(process.env.DATABASE_URL, {})", `sends \`${name}\` as a startup parameter by default`, 'a transaction-mode pooler', `makes the connection fail with \`unsupported startup parameter: ${name}\``, "Set the timeout options to `'DISABLE_TIMEOUT'` and apply timeouts with `ALTER ROLE … SET` or `SET LOCAL`.")),
      ),
    },
    {
      name: 'message data: PgBouncer 1.21 refuses an untracked name inside options',
      code: "import pg from 'pg';\nconst client = new pg.Client({ options: '-c search_path=app' });",
      settings: poolerSettings('pgbouncer', { version: '1.21' }),
      errors: [withData(2, 32, 39, refused('options', 'sends `-c search_path` in the `options` startup parameter', 'PgBouncer 1.21 in transaction mode', 'makes the connection fail with `unsupported startup parameter in options: search_path`'))],
    },
    {
      name: 'message data: Supavisor drops the parameter silently',
      code: "import pg from 'pg';\nconst pool = new pg.Pool({ lock_timeout: 1000 });",
      settings: poolerSettings('supavisor'),
      errors: [withData(2, 28, 40, refused('lock_timeout', 'is sent as the startup parameter `lock_timeout`', 'Supavisor (transaction mode)', 'is dropped without an error, so the setting never applies'))],
    },
  ],
});

describe('no-unsupported-startup-parameter: spread configs', () => {
  ruleTester.run('no-unsupported-startup-parameter (spreads)', tested, {
    valid: [],
    invalid: [
      invalidCase('pg: a config spread from a const', "import { Pool } from 'pg';\nconst options = { statement_timeout: 5000 };\nexport const pool = new Pool({ ...options });", [at('broken', 2, 19, 36)]),
    ],
  });
});

describeVerdictTable('no-unsupported-startup-parameter', [
  { header: '`statement_timeout`', hazard: 'startup-parameter', detail: { parameter: 'statement_timeout', guc: 'statement_timeout' } },
  { header: '`options=-c search_path=…`', hazard: 'startup-parameter', detail: { parameter: 'options', guc: 'search_path' } },
  { header: '`options=-c application_name=…`', hazard: 'startup-parameter', detail: { parameter: 'options', guc: 'application_name' } },
  { header: '`search_path`', hazard: 'startup-parameter', detail: { parameter: 'search_path', guc: 'search_path' } },
  { header: '`application_name`', hazard: 'startup-parameter', detail: { parameter: 'application_name', guc: 'application_name' } },
]);

describeDocExamples('no-unsupported-startup-parameter', rule);
