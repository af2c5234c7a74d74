/**
 * The driver ids and every kind of driver value this plugin knows: one string-literal union, one
 * line per kind. `src/drivers/catalog/` says what each kind can do (properties, methods, results);
 * the tracker (`src/drivers/tracker.ts`) interprets that data.
 */

/** The database drivers and ORMs this plugin recognises by import (and, with types, by type). */
export type DriverId =
  | 'pg'
  | 'postgres'
  | 'pg-promise'
  | 'knex'
  | 'kysely'
  | 'drizzle'
  | 'prisma'
  | 'sequelize'
  | 'typeorm'
  | 'slonik';

/** Every driver id, in a stable order. */
export const DRIVER_IDS: readonly DriverId[] = [
  'pg',
  'postgres',
  'pg-promise',
  'knex',
  'kysely',
  'drizzle',
  'prisma',
  'sequelize',
  'typeorm',
  'slonik',
];

/**
 * What a driver value is. `module`/`class`/`function` kinds are what imports give; the others are
 * instances (pools, clients, transactions), SQL tags and statement objects.
 */
export type ValueKind =
  // pg / pg-pool (node-postgres)
  | 'pg.module' //               require('pg'), import pg from 'pg', import * as pg from 'pg'
  | 'pg.PoolClass' //            pg.Pool, import Pool from 'pg-pool'
  | 'pg.ClientClass' //          pg.Client
  | 'pg.Pool' //                 new Pool(config)
  | 'pg.Client' //               new Client(config): one unpooled connection
  | 'pg.PoolClient' //           await pool.connect(): a client checked out of the pool
  | 'pg.Done' //                 the `done` of pool.connect((err, client, done) => …)
  | 'pg.CursorClass' //          import Cursor from 'pg-cursor'
  | 'pg.Cursor' //               new Cursor(text, values): submitted with client.query(cursor), read in batches
  // postgres.js
  | 'postgres.module' //         import postgres from 'postgres'
  | 'postgres.Sql' //            postgres(url, options)
  | 'postgres.TransactionSql' // sql.begin(async tx => …)
  | 'postgres.Reserved' //       await sql.reserve()
  // pg-promise
  | 'pgp.module' //              import pgPromise from 'pg-promise'
  | 'pgp.Main' //                pgPromise(options)
  | 'pgp.Database' //            pgp(connection)
  | 'pgp.Task' //                db.task(t => …), db.tx(t => …)
  | 'pgp.Connection' //          await db.connect(): a shared connection object with done()
  | 'pgp.PreparedStatementClass' // pgp.PreparedStatement, pgPromise.PreparedStatement
  | 'pgp.PreparedStatement' //   new PreparedStatement({ name, text })
  // knex
  | 'knex.module' //             import knex from 'knex', import { knex } from 'knex'
  | 'knex.Knex' //               knex(config)
  | 'knex.Transaction' //        knex.transaction(trx => …), await knex.transaction()
  | 'knex.Schema' //             knex.schema
  | 'knex.Client' //             knex.client
  | 'knex.Connection' //         await knex.client.acquireConnection(): a raw pg connection
  // kysely
  | 'kysely.module' //           import { Kysely, PostgresDialect, sql } from 'kysely'
  | 'kysely.KyselyClass' //      Kysely
  | 'kysely.DialectClass' //     PostgresDialect
  | 'kysely.Dialect' //          new PostgresDialect({ pool })
  | 'kysely.Kysely' //           new Kysely({ dialect })
  | 'kysely.TransactionBuilder' // db.transaction()
  | 'kysely.ControlledTransactionBuilder' // db.startTransaction()
  | 'kysely.ConnectionBuilder' // db.connection()
  | 'kysely.Transaction' //      db.transaction().execute(async trx => …)
  | 'kysely.Connection' //       db.connection().execute(async conn => …)
  | 'kysely.sql' //              the sql tag
  // drizzle
  | 'drizzle.module' //          import { sql } from 'drizzle-orm'
  | 'drizzle.nodePostgresModule' // 'drizzle-orm/node-postgres'
  | 'drizzle.postgresJsModule' // 'drizzle-orm/postgres-js'
  | 'drizzle.nodePostgresFactory' // drizzle from 'drizzle-orm/node-postgres'
  | 'drizzle.postgresJsFactory' // drizzle from 'drizzle-orm/postgres-js'
  | 'drizzle.Database' //        drizzle(pool | client | url)
  | 'drizzle.Transaction' //     db.transaction(async tx => …)
  | 'drizzle.sql' //             the sql tag
  // Prisma
  | 'prisma.module' //           '@prisma/client' or a generated client ('./generated/prisma')
  | 'prisma.ClientClass' //      PrismaClient
  | 'prisma.Client' //           new PrismaClient()
  | 'prisma.Transaction' //      prisma.$transaction(async tx => …)
  | 'prisma.namespace' //        Prisma
  | 'prisma.raw' //              prisma.$queryRaw / $executeRaw (tag or function)
  | 'prisma.sql' //              Prisma.sql
  | 'prisma.adapterPgModule' //  '@prisma/adapter-pg'
  | 'prisma.PgAdapterClass' //   PrismaPg
  | 'prisma.PgAdapter' //        new PrismaPg({ connectionString, max }): a pg pool behind Prisma 7
  // Sequelize
  | 'sequelize.module' //        Sequelize (the class; also the CommonJS module)
  | 'sequelize.Sequelize' //     new Sequelize(…)
  | 'sequelize.Transaction' //   sequelize.transaction(async t => …), await sequelize.transaction()
  // TypeORM
  | 'typeorm.module' //          import { DataSource } from 'typeorm'
  | 'typeorm.DataSourceClass' // DataSource, Connection
  | 'typeorm.createConnection' // createConnection(options)
  | 'typeorm.DataSource' //      new DataSource(options)
  | 'typeorm.EntityManager' //   dataSource.manager, dataSource.transaction(async manager => …)
  | 'typeorm.QueryRunner' //     dataSource.createQueryRunner()
  | 'typeorm.Repository' //      dataSource.getRepository(Entity)
  // slonik
  | 'slonik.module' //           import { createPool, sql } from 'slonik'
  | 'slonik.createPool' //       createPool
  | 'slonik.createSqlTag' //     createSqlTag
  | 'slonik.Pool' //             await createPool(url)
  | 'slonik.Connection' //       pool.connect(async connection => …)
  | 'slonik.Transaction' //      pool.transaction(async tx => …)
  | 'slonik.sql'; //             sql, sql.unsafe, sql.typeAlias('x'), createSqlTag()

/** What a value of a kind is, coarsely. */
export type ValueRole =
  | 'module'
  | 'class'
  | 'function'
  | 'pool'
  | 'client'
  | 'connection'
  | 'transaction'
  | 'builder'
  | 'sql-tag'
  | 'statement'
  | 'release-function';

/** The kinds of one driver prefix, e.g. `KindsOf<'pg'>` = `'pg.module' | 'pg.Pool' | …`. */
export type KindsOf<P extends string> = Extract<ValueKind, `${P}.${string}`>;
