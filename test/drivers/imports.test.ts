import { describe, it } from 'node:test';
import { expectValues } from './probe.js';


describe('pg import styles', () => {
  it('default import, named imports, namespace import', () => {
    expectValues(
      `import pg from 'pg'; import { Pool, Client as C } from 'pg'; import * as ns from 'pg';
       probe(new pg.Pool()); probe(new Pool()); probe(new C()); probe(new ns.Pool()); probe(new ns.default.Client());`,
      ['pg.Pool', 'pg.Pool', 'pg.Client', 'pg.Pool', 'pg.Client'],
    );
  });

  it('require, destructuring, require(...).Pool and new (require(...).Pool)()', () => {
    expectValues(
      `const pg = require('pg'); const { Pool } = require('pg'); const { Client: PgClient } = pg;
       const P = require('pg').Pool;
       probe(new pg.Pool()); probe(new Pool()); probe(new PgClient()); probe(new P()); probe(new (require('pg').Pool)());`,
      ['pg.Pool', 'pg.Pool', 'pg.Client', 'pg.Pool', 'pg.Pool'],
    );
  });

  it('pg-pool default import and require', () => {
    expectValues(`import Pool from 'pg-pool'; const P2 = require('pg-pool'); probe(new Pool()); probe(new P2());`, [
      'pg.Pool',
      'pg.Pool',
    ]);
  });

  it('createRequire and TypeScript import-equals', () => {
    expectValues(
      `import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);
       import pg2 = require('pg');
       probe(new (require('pg').Pool)()); probe(new pg2.Client());`,
      ['pg.Pool', 'pg.Client'],
    );
  });

  it('dynamic import', () => {
    expectValues(`const pg = await import('pg'); probe(new pg.default.Pool()); probe(new pg.Pool());`, ['pg.Pool', 'pg.Pool']);
  });

  it('checked-out clients: await, .then, callback', () => {
    expectValues(
      `import { Pool } from 'pg'; const pool = new Pool();
       const client = await pool.connect(); probe(client);
       pool.connect().then((c) => probe(c));
       pool.connect((err, c2, done) => { probe(c2); probe(done); probe(err); });
       pool.on('connect', (c3) => probe(c3));`,
      ['pg.PoolClient', 'pg.PoolClient', 'pg.PoolClient', 'pg.Done', '-', 'pg.PoolClient'],
    );
  });
});

describe('other drivers by import', () => {
  it('postgres.js: sql, begin, reserve', () => {
    expectValues(
      `import postgres from 'postgres'; const sql = postgres(process.env.DATABASE_URL, { prepare: false });
       probe(sql); await sql.begin(async (tx) => probe(tx)); await sql.begin('read write', (tx) => probe(tx));
       const reserved = await sql.reserve(); probe(reserved);`,
      ['postgres.Sql', 'postgres.TransactionSql tx', 'postgres.TransactionSql tx', 'postgres.Reserved'],
    );
  });

  it('pg-promise: init, database, task, tx, connect, PreparedStatement', () => {
    expectValues(
      `import pgPromise from 'pg-promise'; const pgp = pgPromise({}); const db = pgp('postgres://x');
       probe(pgp); probe(db); db.task((t) => probe(t)); db.tx('tag', (t) => { probe(t); t.task((t2) => probe(t2)); });
       const sco = await db.connect(); probe(sco);
       probe(new pgp.PreparedStatement({ name: 'a', text: 'select 1' }));
       const { PreparedStatement } = pgPromise; probe(new PreparedStatement({}));`,
      ['pgp.Main', 'pgp.Database', 'pgp.Task', 'pgp.Task tx', 'pgp.Task tx', 'pgp.Connection', 'pgp.PreparedStatement', 'pgp.PreparedStatement'],
    );
  });

  it('knex: factory, require(...)(config), transactions, client', () => {
    expectValues(
      `import knex from 'knex'; const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
       const db2 = require('knex')({ client: 'pg' });
       probe(db); probe(db2);
       await db.transaction(async (trx) => probe(trx));
       const trx2 = await db.transaction(); probe(trx2);
       probe(db.client); const conn = await db.client.acquireConnection(); probe(conn);`,
      ['knex.Knex', 'knex.Knex', 'knex.Transaction tx', 'knex.Transaction tx', 'knex.Client', 'knex.Connection'],
    );
  });

  it('kysely: instance over a pg pool, transactions, sql', () => {
    expectValues(
      `import { Kysely, PostgresDialect, sql } from 'kysely'; import { Pool } from 'pg';
       const db = new Kysely({ dialect: new PostgresDialect({ pool: new Pool() }) });
       probe(db); await db.transaction().execute(async (trx) => probe(trx));
       await db.transaction().setIsolationLevel('serializable').execute(async (trx) => probe(trx));
       const ctrx = await db.startTransaction().execute(); probe(ctrx);
       await db.connection().execute(async (conn) => probe(conn)); probe(sql);`,
      ['kysely.Kysely via=pg', 'kysely.Transaction tx via=pg', 'kysely.Transaction tx via=pg', 'kysely.Transaction tx via=pg', 'kysely.Connection via=pg', 'kysely.sql'],
    );
  });

  it('drizzle: over pg and postgres.js, transactions, sql', () => {
    expectValues(
      `import { drizzle } from 'drizzle-orm/node-postgres'; import { drizzle as d2 } from 'drizzle-orm/postgres-js';
       import { sql } from 'drizzle-orm'; import { Pool } from 'pg'; import postgres from 'postgres';
       const pool = new Pool(); const db = drizzle(pool); const db2 = d2({ client: postgres('x') }); const db3 = drizzle(process.env.DATABASE_URL);
       probe(db); probe(db2); probe(db3); await db.transaction(async (tx) => probe(tx)); probe(sql);`,
      ['drizzle.Database via=pg', 'drizzle.Database via=postgres', 'drizzle.Database via=pg', 'drizzle.Transaction tx via=pg', 'drizzle.sql'],
    );
  });

  it('prisma: @prisma/client and generated clients', () => {
    expectValues(
      `import { PrismaClient } from '@prisma/client'; import { PrismaClient as Gen } from './generated/prisma';
       import { PrismaClient as Gen2 } from '../generated/prisma/client'; import { Other } from './generated/prisma';
       const prisma = new PrismaClient(); probe(prisma); probe(new Gen()); probe(new Gen2()); probe(new Other());
       await prisma.$transaction(async (tx) => probe(tx));`,
      ['prisma.Client', 'prisma.Client', 'prisma.Client', '-', 'prisma.Transaction tx'],
    );
  });

  it('sequelize, typeorm, slonik', () => {
    expectValues(
      `import { Sequelize } from 'sequelize'; import { DataSource } from 'typeorm'; import { createPool, sql } from 'slonik';
       const sequelize = new Sequelize(process.env.DATABASE_URL); probe(sequelize);
       await sequelize.transaction(async (t) => probe(t)); const t2 = await sequelize.transaction(); probe(t2);
       const ds = new DataSource({ type: 'postgres' }); probe(ds); probe(ds.manager); probe(ds.createQueryRunner());
       await ds.transaction(async (manager) => probe(manager)); await ds.transaction('SERIALIZABLE', async (m) => probe(m));
       const pool = await createPool('postgres://'); probe(pool);
       await pool.connect(async (connection) => { probe(connection); await connection.transaction(async (tx) => probe(tx)); });
       probe(sql.unsafe); probe(sql.typeAlias('id'));`,
      [
        'sequelize.Sequelize',
        'sequelize.Transaction tx',
        'sequelize.Transaction tx',
        'typeorm.DataSource',
        'typeorm.EntityManager',
        'typeorm.QueryRunner',
        'typeorm.EntityManager tx',
        'typeorm.EntityManager tx',
        'slonik.Pool',
        'slonik.Connection',
        'slonik.Transaction tx',
        'slonik.sql',
        'slonik.sql',
      ],
    );
  });

  it('@sequelize/core and the default Sequelize export', () => {
    expectValues(
      `import { Sequelize } from '@sequelize/core'; import S from 'sequelize'; probe(new Sequelize({})); probe(new S('db', 'u', 'p', {}));`,
      ['sequelize.Sequelize', 'sequelize.Sequelize'],
    );
  });
});
