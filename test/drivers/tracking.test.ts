import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expectValues, probe } from './probe.js';


describe('never by name alone', () => {
  it('redis.connect(), server.listen(), app.query and an unrelated pool are not driver values', () => {
    expectValues(
      `import { createClient } from 'redis'; import express from 'express'; import genericPool from 'generic-pool';
       import mysql from 'mysql2/promise';
       const redis = createClient(); const client = await redis.connect(); const app = express();
       const pool = genericPool.createPool({}); const conn = await pool.acquire(); const my = mysql.createPool({});
       probe(redis); probe(client); probe(app); probe(app.query); probe(pool); probe(conn); probe(my); probe(await my.getConnection());`,
      ['-', '-', '-', '-', '-', '-', '-', '-'],
    );
  });

  it('a local variable named pool, a local class named Pool and a shadowed require are not pg', () => {
    expectValues(
      `class Pool { connect() {} } const pool = new Pool(); probe(pool); probe(await pool.connect());
       function f(require) { const pg = require('pg'); probe(new pg.Pool()); }
       function g(pool) { probe(pool); }`,
      ['-', '-', '-', '-'],
    );
  });

  it('a type-only import is not a value, though a variable it annotates holds one', () => {
    expectValues(`import type { Pool } from 'pg'; import { type Client } from 'pg'; probe(Pool); probe(Client);`, ['-', '-']);
    expectValues(`import type { Pool } from 'pg'; declare const p: Pool; probe(p);`, ['pg.Pool']);
  });
});

describe('variables', () => {
  it('follows const chains, let with one assignment, and lazy initialisation', () => {
    expectValues(
      `import { Pool } from 'pg';
       const a = new Pool(); const b = a; probe(b);
       let c = new Pool(); probe(c);
       let lazy; function getPool() { lazy ??= new Pool(); return lazy; } probe(lazy);
       let d; d = new Pool(); d = null; probe(d);`,
      ['pg.Pool', 'pg.Pool', 'pg.Pool', 'pg.Pool'],
    );
  });

  it('a reassigned let is unknown unless all assignments agree', () => {
    expectValues(
      `import { Pool, Client } from 'pg';
       let a = new Pool(); a = new Client(); probe(a);
       let b = new Pool(); b = somethingElse(); probe(b);
       let c = new Pool(); if (x) c = new Pool(); probe(c);`,
      ['-', '-', 'pg.Pool'],
    );
  });

  it('object literals, ?? fallbacks and same-file factories', () => {
    expectValues(
      `import { Pool } from 'pg'; import { PrismaClient } from '@prisma/client';
       const db = { pool: new Pool(), name: 'x' }; probe(db.pool); probe(db.name);
       const globalForPrisma = globalThis; const prisma = globalForPrisma.prisma ?? new PrismaClient(); probe(prisma);
       function createPool() { return new Pool(); } const made = createPool(); probe(made);
       const getClient = async () => { const pool = createPool(); return pool.connect(); };
       probe(await getClient());`,
      ['pg.Pool', '-', 'prisma.Client', 'pg.Pool', 'pg.PoolClient'],
    );
  });

  it('module-level exports are followed inside the file', () => {
    expectValues(`import pg from 'pg'; export const pool = new pg.Pool(); export default pool; probe(pool);`, ['pg.Pool']);
  });

  it('function parameters are unknown without types', () => {
    expectValues(`import { Pool } from 'pg'; async function run(pool) { probe(pool); probe(await pool.connect()); }`, ['-', '-']);
  });
});

describe('class fields', () => {
  it('constructor assignments, field initialisers, private fields and static fields', () => {
    expectValues(
      `import { Pool } from 'pg'; import postgres from 'postgres';
       class Repo {
         sql = postgres('x');
         #pool = new Pool();
         static shared = new Pool();
         constructor() { this.pool = new Pool(); }
         async run() {
           probe(this.pool); probe(this.sql); probe(this.#pool); probe(Repo.shared);
           const client = await this.pool.connect(); probe(client);
           [1].forEach(() => probe(this.pool));
           function inner() { probe(this.pool); }
         }
         static make() { probe(this.shared); probe(this.pool); }
         close() { this.pool = undefined; }
       }`,
      ['pg.Pool', 'postgres.Sql', 'pg.Pool', '-', 'pg.PoolClient', 'pg.Pool', '-', 'pg.Pool', '-'],
    );
  });

  it('a field written with different kinds is unknown', () => {
    expectValues(
      `import { Pool, Client } from 'pg';
       class A { constructor() { this.db = new Pool(); } reset() { this.db = new Client(); } run() { probe(this.db); } }`,
      ['-'],
    );
  });
});

describe('direct (unpooled) connections', () => {
  it('recognises DIRECT / UNPOOLED / NON_POOLING names in env reads, consts, templates and configs', () => {
    expectValues(
      `import { Pool, Client } from 'pg'; import postgres from 'postgres'; import { PrismaClient } from '@prisma/client';
       const url = process.env.DIRECT_URL;
       probe(new Pool({ connectionString: process.env.DATABASE_URL_UNPOOLED }));
       probe(new Client(process.env['POSTGRES_URL_NON_POOLING']));
       probe(postgres(url)); probe(postgres(\`\${process.env.DIRECT_URL}?sslmode=require\`));
       const config = { connectionString: url, max: 2 }; probe(new Pool(config));
       probe(new PrismaClient({ datasources: { db: { url: process.env.DIRECT_URL } } }));
       probe(new Pool({ connectionString: process.env.DATABASE_URL }));
       const direct = new Pool({ connectionString: url }); const c = await direct.connect(); probe(c);`,
      ['pg.Pool direct', 'pg.Client direct', 'postgres.Sql direct', 'postgres.Sql direct', 'pg.Pool direct', 'prisma.Client direct', 'pg.Pool', 'pg.PoolClient direct'],
    );
  });

  it('uses settings.pooler.directUrlPattern', () => {
    expectValues(
      `import { Pool } from 'pg'; probe(new Pool({ connectionString: process.env.SESSION_DB })); probe(new Pool({ connectionString: process.env.DIRECT_URL }));`,
      ['pg.Pool direct', 'pg.Pool'],
      { settings: { pooler: { directUrlPattern: '^SESSION_DB$' } } },
    );
  });

  it('an invalid pattern stops the run with one sentence naming the key', () => {
    assert.throws(
      () => probe(`import { Pool } from 'pg'; probe(new Pool({ connectionString: process.env.DIRECT_URL }));`, { settings: { pooler: { directUrlPattern: '(' } } }),
      /settings\.pooler\.directUrlPattern '\(' is not a valid regular expression/,
    );
  });

  it('wrappers inherit directness from the wrapped pool', () => {
    expectValues(
      `import { drizzle } from 'drizzle-orm/node-postgres'; import { Pool } from 'pg';
       const pool = new Pool({ connectionString: process.env.DIRECT_URL }); probe(drizzle(pool)); probe(drizzle({ client: pool }));`,
      ['drizzle.Database direct via=pg', 'drizzle.Database direct via=pg'],
    );
  });
});

describe('user specifiers (settings.pooler.driverSpecifiers)', () => {
  it('matches imports from a package and from a project file', () => {
    expectValues(
      `import { pool } from '@acme/db'; import { getClient } from './db.js'; import { other } from '@acme/db';
       probe(pool); probe(await getClient()); probe(other);`,
      ['pg.Pool', 'pg.PoolClient', '-'],
      {
        settings: {
          pooler: {
            driverSpecifiers: [
              { from: 'package', package: '@acme/db', name: 'pool', kind: 'pg.Pool' },
              { from: 'file', path: 'db.ts', name: ['getClient'], kind: 'pg.PoolClient', call: 'resolves' },
            ],
          },
        },
      },
    );
  });

  it('an entry with an unknown kind stops the run with one sentence naming it', () => {
    const driverSpecifiers = [{ from: 'package', package: '@acme/db', name: 'bad', kind: 'no.such.kind' }];
    assert.throws(
      () => probe(`import { bad } from '@acme/db'; probe(bad);`, { settings: { pooler: { driverSpecifiers } } }),
      /settings\.pooler\.driverSpecifiers\[0\]\.kind must be a driver value kind such as 'pg\.Pool', got 'no\.such\.kind'/,
    );
  });
});
