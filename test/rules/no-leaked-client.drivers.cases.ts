/**
 * no-leaked-client cases: pg-promise, postgres.js, TypeORM, knex, callback APIs that release by themselves, and other libraries' pools.
 * Each invalid case asserts messageId, line, column and the exact suggestion output (reviewed by hand).
 */
import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import type { MessageId, Options } from '../../rules/no-leaked-client.js';

export const invalid: InvalidTestCase<MessageId, Options>[] = [
  {
    name: 'pgPromiseNotInFinally',
    code: `import pgPromise from 'pg-promise';
const db = pgPromise()(process.env.DATABASE_URL);
async function load() {
  const sco = await db.connect();
  const rows = await sco.any('SELECT 1');
  sco.done();
  return rows;
}`,
    errors: [{ messageId: 'notReleasedOnThrow', line: 4, column: 21, suggestions: [{ messageId: 'wrapInFinally', output: `import pgPromise from 'pg-promise';
const db = pgPromise()(process.env.DATABASE_URL);
async function load() {
  const sco = await db.connect();
  try {
    const rows = await sco.any('SELECT 1');
    return rows;
  } finally {
    sco.done();
  }
}` }] }],
  },
  {
    name: 'pgPromiseNeverDone',
    code: `import pgPromise from 'pg-promise';
const pgp = pgPromise();
const db = pgp(process.env.DATABASE_URL);
async function listen() {
  const sco = await db.connect();
  await sco.none('LISTEN jobs');
}`,
    errors: [{ messageId: 'neverReleased', line: 5, column: 21, suggestions: [{ messageId: 'wrapInFinally', output: `import pgPromise from 'pg-promise';
const pgp = pgPromise();
const db = pgp(process.env.DATABASE_URL);
async function listen() {
  const sco = await db.connect();
  try {
    await sco.none('LISTEN jobs');
  } finally {
    sco.done();
  }
}` }] }],
  },
  {
    name: 'postgresReserve',
    code: `import postgres from 'postgres';
const sql = postgres(process.env.DATABASE_URL);
async function load() {
  const reserved = await sql.reserve();
  await reserved\`SELECT 1\`;
  reserved.release();
}`,
    errors: [{ messageId: 'notReleasedOnThrow', line: 4, column: 26, suggestions: [{ messageId: 'wrapInFinally', output: `import postgres from 'postgres';
const sql = postgres(process.env.DATABASE_URL);
async function load() {
  const reserved = await sql.reserve();
  try {
    await reserved\`SELECT 1\`;
  } finally {
    reserved.release();
  }
}` }] }],
  },
  {
    name: 'postgresReserveNever',
    code: `import postgres from 'postgres';
const sql = postgres(process.env.DATABASE_URL);
async function load() {
  const reserved = await sql.reserve();
  return reserved\`SELECT 1\`;
}`,
    errors: [{ messageId: 'notReleasedOnJump', line: 4, column: 26, suggestions: [{ messageId: 'wrapInFinally', output: `import postgres from 'postgres';
const sql = postgres(process.env.DATABASE_URL);
async function load() {
  const reserved = await sql.reserve();
  try {
    return await reserved\`SELECT 1\`;
  } finally {
    reserved.release();
  }
}` }] }],
  },
  {
    name: 'typeormDocs',
    code: `import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
async function save(user) {
  const queryRunner = dataSource.createQueryRunner();
  await queryRunner.connect();
  await queryRunner.startTransaction();
  try {
    await queryRunner.manager.save(user);
    await queryRunner.commitTransaction();
  } catch (err) {
    await queryRunner.rollbackTransaction();
  } finally {
    await queryRunner.release();
  }
}`,
    errors: [{ messageId: 'notReleasedOnThrow', line: 4, column: 23, suggestions: [] }],
  },
  {
    name: 'typeormNever',
    code: `import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
async function load() {
  const runner = dataSource.createQueryRunner();
  return runner.query('SELECT 1');
}`,
    errors: [{ messageId: 'notReleasedOnJump', line: 4, column: 18, suggestions: [{ messageId: 'wrapInFinally', output: `import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
async function load() {
  const runner = dataSource.createQueryRunner();
  try {
    return await runner.query('SELECT 1');
  } finally {
    await runner.release();
  }
}` }] }],
  },
  {
    name: 'knexNotInFinally',
    code: `import knex from 'knex';
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
async function raw() {
  const conn = await db.client.acquireConnection();
  await conn.query('SELECT 1');
  db.client.releaseConnection(conn);
}`,
    errors: [{ messageId: 'notReleasedOnThrow', line: 4, column: 22, suggestions: [{ messageId: 'wrapInFinally', output: `import knex from 'knex';
const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
async function raw() {
  const conn = await db.client.acquireConnection();
  try {
    await conn.query('SELECT 1');
  } finally {
    db.client.releaseConnection(conn);
  }
}` }] }],
  },
  {
    name: 'knexNever',
    code: `const db = require('knex')({ client: 'pg' });
async function raw() {
  const conn = await db.client.acquireConnection();
  await conn.query('SELECT 1');
}`,
    errors: [{ messageId: 'neverReleased', line: 3, column: 22, suggestions: [{ messageId: 'wrapInFinally', output: `const db = require('knex')({ client: 'pg' });
async function raw() {
  const conn = await db.client.acquireConnection();
  try {
    await conn.query('SELECT 1');
  } finally {
    db.client.releaseConnection(conn);
  }
}` }] }],
  },
  {
    name: 'lazyRunnerUse',
    code: `import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
async function save(user) {
  const runner = dataSource.createQueryRunner();
  await runner.manager.save(user);
  await runner.release();
}`,
    errors: [{ messageId: 'notReleasedOnThrow', line: 4, column: 18, suggestions: [{ messageId: 'wrapInFinally', output: `import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
async function save(user) {
  const runner = dataSource.createQueryRunner();
  try {
    await runner.manager.save(user);
  } finally {
    await runner.release();
  }
}` }] }],
  },
];

export const valid: ValidTestCase<Options>[] = [
  { name: 'redisIsNotAPool', code: `import { createClient } from 'redis';
const redis = createClient();
async function run() {
  const client = await redis.connect();
  await client.get('x');
}` },
  { name: 'genericPoolIsNotAPool', code: `import genericPool from 'generic-pool';
const pool = genericPool.createPool({});
async function run() {
  const resource = await pool.acquire();
  await resource.ping();
}` },
  { name: 'mysqlIsNotPg', code: `import mysql from 'mysql2/promise';
const pool = mysql.createPool({});
async function run() {
  const conn = await pool.getConnection();
  await conn.query('SELECT 1');
}` },
  { name: 'localPoolClass', code: `class Pool { async connect() { return {}; } }
const pool = new Pool();
async function run() {
  const client = await pool.connect();
  await client.query('SELECT 1');
}` },
  { name: 'postgresReserveFinally', code: `import postgres from 'postgres';
const sql = postgres(process.env.DATABASE_URL);
async function load() {
  const reserved = await sql.reserve();
  try {
    return await reserved\`SELECT 1\`;
  } finally {
    reserved.release();
  }
}` },
  { name: 'postgresBegin', code: `import postgres from 'postgres';
const sql = postgres(process.env.DATABASE_URL);
await sql.begin(async (tx) => {
  await tx\`SELECT 1\`;
});` },
  { name: 'pgPromiseDoneInFinally', code: `import pgPromise from 'pg-promise';
const db = pgPromise()(process.env.DATABASE_URL);
async function load() {
  const sco = await db.connect();
  try {
    return await sco.any('SELECT 1');
  } finally {
    sco.done();
  }
}` },
  { name: 'pgPromiseTasks', code: `import pgPromise from 'pg-promise';
const db = pgPromise()(process.env.DATABASE_URL);
await db.task(async (t) => t.any('SELECT 1'));
await db.tx(async (t) => t.none('UPDATE t SET x = 1'));` },
  { name: 'typeormConnectInsideTry', code: `import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
async function save(user) {
  const queryRunner = dataSource.createQueryRunner();
  await queryRunner.connect();
  try {
    await queryRunner.startTransaction();
    await queryRunner.manager.save(user);
    await queryRunner.commitTransaction();
  } catch (err) {
    await queryRunner.rollbackTransaction();
  } finally {
    await queryRunner.release();
  }
}` },
  { name: 'typeormTransactionCallback', code: `import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
await dataSource.transaction(async (manager) => manager.query('SELECT 1'));` },
  { name: 'knexReleaseInFinally', code: `import knex from 'knex';
const db = knex({ client: 'pg' });
async function raw() {
  const conn = await db.client.acquireConnection();
  try {
    await conn.query('SELECT 1');
  } finally {
    await db.client.releaseConnection(conn);
  }
}` },
  { name: 'knexTransaction', code: `import knex from 'knex';
const db = knex({ client: 'pg' });
await db.transaction(async (trx) => trx.raw('SELECT 1'));` },
  { name: 'slonikConnectHandler', code: `import { createPool, sql } from 'slonik';
const pool = await createPool(process.env.DATABASE_URL);
await pool.connect(async (connection) => {
  await connection.query(sql.unsafe\`SELECT 1\`);
});` },
  { name: 'prismaTransaction', code: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
await prisma.$transaction(async (tx) => tx.$queryRaw\`SELECT 1\`);` },
  { name: 'parameterIsNotAnAcquisition', code: `async function load(pool) {
  const client = await pool.connect();
  await client.query('SELECT 1');
}` },
];
