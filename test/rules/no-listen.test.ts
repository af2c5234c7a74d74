/**
 * pooler/no-listen: LISTEN / UNLISTEN in SQL, pg `on('notification')` and postgres.js `sql.listen` over the ten
 * drivers, direct (unpooled) connections, look-alikes, and several pooler profiles. The rule never suggests an
 * edit, so every report asserts `suggestions: []`. Positions were checked against the source text of each case.
 */
import { describe } from 'node:test';
import rule from '../../rules/no-listen.js';
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
const LISTEN = "await pool.query('LISTEN jobs');";
const HANDLER = "client.on('notification', (msg) => console.log(msg.payload));";
/** A pg Client created with `config`, a notification handler on line 4 and LISTEN on line 5. */
const pgClient = (config: string) =>
  `import { Client } from 'pg';\nconst client = new Client(${config});\nawait client.connect();\n${HANDLER}\nawait client.query('LISTEN jobs');`;
/** A pg Pool created with `config`, a checked-out client with a handler on line 4 and LISTEN on line 5. */
const pgPoolClient = (config: string, channel = 'jobs') =>
  `import { Pool } from 'pg';\nconst pool = new Pool(${config});\nconst client = await pool.connect();\n${HANDLER}\nawait client.query('LISTEN ${channel}');`;

ruleTester.run('no-listen', tested, {
  valid: [
    // look-alikes: no SQL reaches a driver, or the SQL has no LISTEN
    good('express app.listen', `import express from 'express';\n${withDriver('pg', 'express().listen(3000);')}`),
    good('http server.listen with a LISTEN log', "import http from 'node:http';\n" + withDriver('pg', "http.createServer().listen(8080, () => console.log('LISTEN on 8080'));")),
    good('a log message', withDriver('pg', "console.log('LISTEN jobs');")),
    good('a string that never reaches a sink', withDriver('pg', "const hint = 'LISTEN jobs';\nexport { hint };")),
    good('LISTEN in an SQL comment', withDriver('pg', "await pool.query('SELECT 1 -- LISTEN jobs');")),
    good('LISTEN in an SQL string literal', withDriver('pg', "await pool.query(\"SELECT 'LISTEN jobs' AS hint\");")),
    good('a column named listen_count', withDriver('pg', "await pool.query('SELECT listen_count FROM channels');")),
    good('UPDATE … SET listen', withDriver('pg', "await pool.query('UPDATE channels SET listen = true WHERE id = $1', [1]);")),
    good(
      'ON CONFLICT … DO UPDATE SET, ALTER ROLE … SET, SET CONSTRAINTS, pg_advisory_lock_count',
      withDriver('pg', "await pool.query('INSERT INTO t (a) VALUES (1) ON CONFLICT (a) DO UPDATE SET b = 2');\nawait pool.query('ALTER ROLE app SET search_path = app');\nawait pool.query('SET CONSTRAINTS ALL DEFERRED');\nawait pool.query('SELECT pg_advisory_lock_count FROM stats');"),
    ),
    good('a LISTEN log inside a query callback', withDriver('pg', "await pool.query('SELECT 1', (err, res) => console.log('LISTEN', res));")),
    good("an EventEmitter's notification event", `import { EventEmitter } from 'node:events';\n${withDriver('pg', "new EventEmitter().on('notification', (msg) => console.log(msg));")}`),
    good('redis connect and subscribe', "import Redis from 'ioredis';\nconst redis = new Redis();\nawait redis.connect();\nredis.subscribe('jobs');"),
    good('app.query is not a driver', withDriver('pg', "const app = { query: (s) => s };\napp.query('LISTEN jobs');")),
    good('no driver import at all', "db.query('LISTEN jobs');\nclient.on('notification', () => {});"),
    good('other pg events', withDriver('pg', "pool.on('error', (err) => console.error(err));\nconst client = await pool.connect();\nclient.on('error', (err) => console.error(err));\nclient.release();")),
    // NOTIFY and pg_notify work through the pooler
    good('pg NOTIFY', withDriver('pg', "await pool.query(\"NOTIFY jobs, 'hello'\");")),
    good('pg pg_notify with parameters', withDriver('pg', "await pool.query('SELECT pg_notify($1, $2)', ['jobs', 'hello']);")),
    good('pg pg_notify in a PL/pgSQL trigger function', withDriver('pg', "await pool.query(`CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_notify('jobs', NEW.id::text); RETURN NEW; END $$`);")),
    good('postgres.js sql.notify, NOTIFY and pg_notify', withDriver('postgres', "await sql.notify('jobs', 'x');\nawait sql`NOTIFY jobs, 'x'`;\nawait sql`SELECT pg_notify('jobs', ${'x'})`;")),
    good('pg-promise pg_notify', withDriver('pg-promise', "await db.none('SELECT pg_notify($1, $2)', ['jobs', 'x']);")),
    good('knex NOTIFY', withDriver('knex', "await db.raw(\"NOTIFY jobs, 'x'\");")),
    good('Prisma pg_notify', withDriver('prisma', "await prisma.$executeRaw`SELECT pg_notify('jobs', ${'x'})`;")),
    good('TypeORM NOTIFY', withDriver('typeorm', "await dataSource.query(\"NOTIFY jobs, 'x'\");")),
    good('slonik pg_notify', withDriver('slonik', "await pool.query(sql.unsafe`SELECT pg_notify('jobs', 'x')`);")),
    // LISTEN on a direct (unpooled) connection is correct
    good('pg Pool on DIRECT_URL', pgPoolClient('{ connectionString: process.env.DIRECT_URL }')),
    good('pg Client on DATABASE_URL_UNPOOLED', pgClient('{ connectionString: process.env.DATABASE_URL_UNPOOLED }')),
    good('pg Client on a DIRECT_DATABASE_URL argument', pgClient('process.env.DIRECT_DATABASE_URL')),
    good('pg Pool on POSTGRES_URL_NON_POOLING', "import { Pool } from 'pg';\nconst pool = new Pool({ connectionString: process.env.POSTGRES_URL_NON_POOLING });\n" + LISTEN),
    good('pg Client on a const bound to DIRECT_URL', `const directUrl = process.env.DIRECT_URL;\n${pgClient('{ connectionString: directUrl }')}`),
    good('postgres.js listen on DATABASE_URL_UNPOOLED', "import postgres from 'postgres';\nconst sql = postgres(process.env.DATABASE_URL_UNPOOLED);\nawait sql.listen('jobs', (x) => console.log(x));\nawait sql`LISTEN more_jobs`;"),
    good('pg-promise direct connection on DIRECT_URL', "import pgPromise from 'pg-promise';\nconst db = pgPromise()(process.env.DIRECT_URL);\nconst sco = await db.connect({ direct: true });\nawait sco.none('LISTEN jobs');"),
    good('knex on DIRECT_URL', "import knex from 'knex';\nconst db = knex({ client: 'pg', connection: process.env.DIRECT_URL });\nawait db.raw('LISTEN jobs');"),
    good('Sequelize on DIRECT_URL', "import { Sequelize } from 'sequelize';\nconst sequelize = new Sequelize(process.env.DIRECT_URL);\nawait sequelize.query('LISTEN jobs');"),
    good('Drizzle on DIRECT_URL', "import { drizzle } from 'drizzle-orm/node-postgres';\nimport { sql } from 'drizzle-orm';\nconst db = drizzle(process.env.DIRECT_URL);\nawait db.execute(sql`LISTEN jobs`);"),
    good('Kysely over a direct pg Pool', "import { Kysely, PostgresDialect, sql } from 'kysely';\nimport { Pool } from 'pg';\nconst db = new Kysely({ dialect: new PostgresDialect({ pool: new Pool({ connectionString: process.env.DIRECT_URL }) }) });\nawait sql`LISTEN jobs`.execute(db);"),
    good('directUrlPattern names the direct URL', pgClient('{ connectionString: process.env.SESSION_URL }'), { pooler: { directUrlPattern: '^SESSION_URL$' } }),
    good('session profile', withDriver('pg', LISTEN), poolerSettings('session')),
  ],
  invalid: [
    // pg
    bad('pg Pool LISTEN', withDriver('pg', LISTEN), [at('broken', 3, 19, 30)]),
    // A type alias named like the value (real code: atproto) is a second, type-only definition of the variable.
    bad(
      'pg Pool constructor destructured, with a type alias of the same name',
      "import pg from 'pg';\nconst { Pool: PgPool } = pg;\ntype PgPool = InstanceType<typeof PgPool>;\nconst pool: PgPool = new PgPool();\nawait pool.query('LISTEN jobs');",
      [at('broken', 5, 19, 30)],
    ),
    bad('pg UNLISTEN channel', withDriver('pg', "await pool.query('UNLISTEN jobs');"), [at('broken', 3, 19, 32)]),
    bad('pg UNLISTEN *', withDriver('pg', "await pool.query('UNLISTEN *');"), [at('broken', 3, 19, 29)]),
    bad('pg lower-case listen', withDriver('pg', "await pool.query('listen jobs');"), [at('broken', 3, 19, 30)]),
    bad('pg Client: handler and LISTEN', pgClient(''), [at('broken', 4, 1, 61), at('broken', 5, 21, 32)]),
    bad('pg pool.connect() client: handler and a quoted channel', pgPoolClient('', '"job-events"'), [at('broken', 4, 1, 61), at('broken', 5, 21, 40)]),
    bad('pg pooled client with a named handler', withDriver('pg', "const client = await pool.connect();\nclient.on('notification', handle);"), [at('broken', 4, 1, 34)]),
    bad("pg handler on the client of pool.on('connect')", withDriver('pg', "pool.on('connect', (client) => { client.on('notification', (m) => console.log(m)); });"), [at('broken', 3, 34, 82)]),
    bad('pg template with a const channel', withDriver('pg', "const channel = 'jobs';\nawait pool.query(`LISTEN ${channel}`);"), [at('broken', 4, 18, 37)]),
    bad('pg SQL held in a const', withDriver('pg', "const LISTEN_SQL = 'LISTEN jobs';\nawait pool.query(LISTEN_SQL);"), [at('broken', 4, 18, 28)]),
    bad('pg second statement of several', withDriver('pg', "await pool.query('SELECT 1; LISTEN jobs');"), [at('broken', 3, 29, 40)]),
    bad('pg query config text', withDriver('pg', "await pool.query({ text: 'LISTEN jobs' });"), [at('broken', 3, 27, 38)]),
    bad(
      'pg LISTEN inside BEGIN … COMMIT still outlives the transaction',
      withDriver('pg', "const client = await pool.connect();\nawait client.query('BEGIN');\nawait client.query('LISTEN jobs');\nawait client.query('COMMIT');"),
      [at('broken', 5, 21, 32)],
    ),
    bad('pg require()', "const { Client } = require('pg');\nconst client = new Client();\nclient.query('LISTEN jobs');", [at('broken', 3, 15, 26)]),
    bad('pg Client on a URL whose name is not direct', pgClient('{ connectionString: process.env.LISTENER_URL }'), [at('broken', 4, 1, 61), at('broken', 5, 21, 32)]),
    bad('directUrlPattern replaces the default pattern', pgClient('{ connectionString: process.env.DIRECT_URL }'), [at('broken', 4, 1, 61), at('broken', 5, 21, 32)], { pooler: { directUrlPattern: '^SESSION_URL$' } }),
    // postgres.js
    bad('postgres.js sql.listen', withDriver('postgres', "await sql.listen('jobs', (payload) => console.log(payload));"), [at('broken', 3, 7, 60)]),
    bad('postgres.js tagged LISTEN', withDriver('postgres', 'await sql`LISTEN jobs`;'), [at('broken', 3, 11, 22)]),
    bad('postgres.js sql.unsafe', withDriver('postgres', "await sql.unsafe('LISTEN jobs');"), [at('broken', 3, 19, 30)]),
    bad('postgres.js reserved connection', withDriver('postgres', 'const reserved = await sql.reserve();\nawait reserved`LISTEN jobs`;'), [at('broken', 4, 16, 27)]),
    // pg-promise
    bad('pg-promise db.none (and not the NOTIFY)', withDriver('pg-promise', "await db.none('LISTEN jobs');\nawait db.none(\"NOTIFY jobs, 'x'\");"), [at('broken', 3, 16, 27)]),
    bad('pg-promise connect({ direct: true }) still goes through the pooler', withDriver('pg-promise', "const sco = await db.connect({ direct: true });\nawait sco.none('LISTEN $1:name', ['jobs']);"), [at('broken', 4, 17, 31)]),
    bad('pg-promise task', withDriver('pg-promise', "await db.task((t) => t.none('LISTEN jobs'));"), [at('broken', 3, 30, 41)]),
    // knex, Kysely, Drizzle, Prisma, Sequelize, TypeORM, slonik
    bad('knex raw', withDriver('knex', "await db.raw('LISTEN jobs');"), [at('broken', 3, 15, 26)]),
    bad('Kysely sql.execute', withDriver('kysely', 'await sql`LISTEN jobs`.execute(db);'), [at('broken', 3, 11, 22)]),
    bad('Drizzle db.execute(sql``)', withDriver('drizzle', 'await db.execute(sql`LISTEN jobs`);'), [at('broken', 3, 22, 33)]),
    bad('Drizzle sql.raw', withDriver('drizzle', "await db.execute(sql.raw('LISTEN jobs'));"), [at('broken', 3, 27, 38)]),
    bad('Prisma $executeRaw', withDriver('prisma', 'await prisma.$executeRaw`LISTEN jobs`;'), [at('broken', 3, 26, 37)]),
    bad('Prisma $executeRawUnsafe', withDriver('prisma', "await prisma.$executeRawUnsafe('LISTEN jobs');"), [at('broken', 3, 33, 44)]),
    bad('Sequelize query', withDriver('sequelize', "await sequelize.query('LISTEN jobs');"), [at('broken', 3, 24, 35)]),
    bad('TypeORM dataSource.query', withDriver('typeorm', "await dataSource.query('LISTEN jobs');"), [at('broken', 3, 25, 36)]),
    bad('TypeORM queryRunner.query', withDriver('typeorm', "const runner = dataSource.createQueryRunner();\nawait runner.query('LISTEN jobs');"), [at('broken', 4, 21, 32)]),
    bad('slonik sql.unsafe', withDriver('slonik', 'await pool.query(sql.unsafe`LISTEN jobs`);'), [at('broken', 3, 29, 40)]),
    bad(
      'slonik fork @silverhand/slonik',
      withDriver('slonik', 'await pool.query(sql.unsafe`LISTEN jobs`);').replace("from 'slonik'", "from '@silverhand/slonik'"),
      [at('broken', 3, 29, 40)],
    ),
    // profiles
    bad('rds-proxy: pinned', withDriver('pg', LISTEN), [at('pinned', 3, 19, 30)], poolerSettings('rds-proxy')),
    bad('pgdog: needs pub_sub_channel_size', withDriver('postgres', "await sql.listen('jobs', (x) => console.log(x));"), [at('needsSetting', 3, 7, 48)], poolerSettings('pgdog')),
    bad('odyssey: needs pool_pin_on_listen', withDriver('pg', LISTEN), [at('needsSetting', 3, 19, 30)], poolerSettings('odyssey')),
    bad('supavisor: broken', withDriver('knex', "await db.raw('UNLISTEN *');"), [at('broken', 3, 15, 25)], poolerSettings('supavisor')),
    bad('pgbouncer 1.24: no version supports LISTEN', withDriver('pg', LISTEN), [at('broken', 3, 19, 30)], poolerSettings('pgbouncer', { version: '1.24', maxPreparedStatements: 100 })),
  ],
});

describe('no-listen: hooks and pg-promise clients', () => {
  ruleTester.run('no-listen (hooks, sco.client)', tested, {
    valid: [],
    invalid: [
      bad("pg LISTEN in pool.on('connect')", withDriver('pg', "pool.on('connect', (client) => { client.query('LISTEN jobs'); });"), [at('broken', 3, 48, 59)]),
      bad('pg-promise sco.client handler', withDriver('pg-promise', "const sco = await db.connect({ direct: true });\nsco.client.on('notification', (m) => console.log(m));"), [at('broken', 4, 1, 53)]),
    ],
  });
});

describeVerdictTable('no-listen', [{ header: '`LISTEN`', hazard: 'listen' }]);
describeDocExamples('no-listen', rule);
