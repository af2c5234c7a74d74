import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TSESTree } from '@typescript-eslint/utils';
import { KINDS, type DriverModel } from '../../src/drivers/index.js';
import { MODULES, TYPE_NAMES, propOf } from '../../src/drivers/catalog/index.js';
import { describeValue, probe } from './probe.js';

type Sinkable = TSESTree.CallExpression & TSESTree.TaggedTemplateExpression;

/** The model of `code` and a finder for its nodes by type and exact source text. */
function modelOf(code: string): { model: DriverModel; find: (type: string, text: string) => Sinkable } {
  const result = probe(code);
  assert.deepEqual(result.errors, []);
  const nodes: TSESTree.Node[] = [];
  const collect = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(collect);
    const record = node as Record<string, unknown>;
    if (typeof record.type !== 'string') return;
    nodes.push(record as unknown as TSESTree.Node);
    for (const [key, value] of Object.entries(record)) if (key !== 'parent') collect(value);
  };
  collect(result.ast);
  const find = (type: string, text: string) => {
    const found = nodes.find((n) => n.type === type && code.slice(n.range[0], n.range[1]) === text);
    assert.ok(found, `no ${type} \`${text}\``);
    return found as Sinkable;
  };
  return { model: result.model, find };
}

describe('creations', () => {
  it('lists every pool/client/instance with its config, URL and directness', () => {
    const code = `import { Pool, Client } from 'pg'; import postgres from 'postgres'; import knex from 'knex';
const config = { connectionString: process.env.DIRECT_URL, max: 3 };
const a = new Pool(config);
const b = new Client(process.env.DATABASE_URL);
const sql = postgres('postgres://x', { max: 1 });
const k = knex({ client: 'pg', connection: { connectionString: process.env.DATABASE_URL } });
const notPg = new Map();`;
    const { model } = modelOf(code);
    const text = (node: TSESTree.Node | undefined) => (node ? code.slice(node.range[0], node.range[1]) : undefined);
    assert.deepEqual(
      model.creations.map((c) => [c.driver, c.kind, text(c.node), text(c.config), text(c.url), c.direct]),
      [
        ['pg', 'pg.Pool', 'new Pool(config)', text(model.creations[0]!.config), 'process.env.DIRECT_URL', true],
        ['pg', 'pg.Client', 'new Client(process.env.DATABASE_URL)', undefined, 'process.env.DATABASE_URL', false],
        ['postgres', 'postgres.Sql', "postgres('postgres://x', { max: 1 })", '{ max: 1 }', "'postgres://x'", false],
        [
          'knex',
          'knex.Knex',
          "knex({ client: 'pg', connection: { connectionString: process.env.DATABASE_URL } })",
          "{ client: 'pg', connection: { connectionString: process.env.DATABASE_URL } }",
          'process.env.DATABASE_URL',
          false,
        ],
      ],
    );
    assert.equal(text(model.creations[0]!.config), '{ connectionString: process.env.DIRECT_URL, max: 3 }');
  });

  it('gives wrapper creations the origin of the wrapped pool', () => {
    const code = `import { drizzle } from 'drizzle-orm/node-postgres'; import { Pool } from 'pg';
const pool = new Pool({ connectionString: process.env.DATABASE_URL_UNPOOLED });
const db = drizzle(pool);
probe(db);`;
    const { model, find } = modelOf(code);
    const db = model.valueOf(find('Identifier', 'db'));
    assert.equal(db?.origin, model.creations[0]!.node);
    assert.deepEqual(
      model.creations.map((c) => [c.kind, c.direct]),
      [
        ['pg.Pool', true],
        ['drizzle.Database', true],
      ],
    );
  });
});

describe('calls and SQL sinks', () => {
  it('finds the SQL argument of each driver', () => {
    const code = `import { Pool } from 'pg'; import postgres from 'postgres'; import knex from 'knex';
import { Sequelize } from 'sequelize'; import { PrismaClient, Prisma } from '@prisma/client';
const pool = new Pool(); const sql = postgres(); const k = knex({}); const s = new Sequelize('x'); const prisma = new PrismaClient();
pool.query('SET search_path TO a');
sql\`LISTEN jobs\`;
sql.unsafe('LISTEN jobs');
k.raw('select 1');
s.query('select 2', { transaction: t });
prisma.$queryRaw\`select 3\`;
prisma.$executeRawUnsafe('select 4');
redis.query('SET x');
sql.begin(async (tx) => { await tx\`SET LOCAL x = 1\`; });`;
    const { model, find } = modelOf(code);
    const describeSink = (node: Sinkable) => {
      const sink = model.sinkOf(node);
      return sink && [sink.form, sink.role, code.slice(sink.sql.range[0], sink.sql.range[1]), describeValue(sink.receiver), sink.method, sink.inTransaction];
    };
    assert.deepEqual(describeSink(find('CallExpression', "pool.query('SET search_path TO a')")), [
      'query', 'execute', "'SET search_path TO a'", 'pg.Pool', 'query', false,
    ]);
    assert.deepEqual(describeSink(find('TaggedTemplateExpression', 'sql`LISTEN jobs`')), [
      'template', 'execute', '`LISTEN jobs`', 'postgres.Sql', undefined, false,
    ]);
    assert.deepEqual(describeSink(find('CallExpression', "sql.unsafe('LISTEN jobs')")), [
      'text', 'execute', "'LISTEN jobs'", 'postgres.Sql', 'unsafe', false,
    ]);
    assert.deepEqual(describeSink(find('CallExpression', "k.raw('select 1')")), ['text', 'execute', "'select 1'", 'knex.Knex', 'raw', false]);
    assert.deepEqual(describeSink(find('CallExpression', "s.query('select 2', { transaction: t })")), [
      'query', 'execute', "'select 2'", 'sequelize.Sequelize', 'query', true,
    ]);
    assert.deepEqual(describeSink(find('TaggedTemplateExpression', 'prisma.$queryRaw`select 3`')), [
      'template', 'execute', '`select 3`', 'prisma.raw', undefined, false,
    ]);
    assert.deepEqual(describeSink(find('CallExpression', "prisma.$executeRawUnsafe('select 4')")), [
      'text', 'execute', "'select 4'", 'prisma.Client', '$executeRawUnsafe', false,
    ]);
    assert.equal(model.sinkOf(find('CallExpression', "redis.query('SET x')")), undefined);
    assert.deepEqual(describeSink(find('TaggedTemplateExpression', 'tx`SET LOCAL x = 1`')), [
      'template', 'execute', '`SET LOCAL x = 1`', 'postgres.TransactionSql tx', undefined, true,
    ]);
  });

  it('tells acquisitions and other API calls apart', () => {
    const code = `import { Pool } from 'pg'; const pool = new Pool();
pool.connect(); pool.query('x'); pool.end(); redis.connect();`;
    const { model, find } = modelOf(code);
    assert.ok(model.callOf(find('CallExpression', 'pool.connect()'))?.spec.acquires);
    assert.equal(model.callOf(find('CallExpression', "pool.query('x')"))?.spec.acquires, undefined);
    assert.equal(model.callOf(find('CallExpression', 'pool.end()'))?.method, 'end');
    assert.equal(model.callOf(find('CallExpression', 'redis.connect()')), undefined);
  });
});

describe('relevance', () => {
  it('is relevant when a driver module is imported or required, not otherwise (untyped)', () => {
    assert.equal(probe(`import { Pool } from 'pg';`).model.relevant, true);
    assert.equal(probe(`const knex = require('knex');`).model.relevant, true);
    assert.equal(probe(`const m = await import('postgres');`).model.relevant, true);
    assert.equal(probe(`import express from 'express'; const pool = getPool(); pool.query('x');`).model.relevant, false);
  });
});

describe('catalog consistency', () => {
  it('every kind reference resolves and every module/type maps to a known kind', () => {
    const kinds = new Set(Object.keys(KINDS));
    for (const [kind, spec] of Object.entries(KINDS)) {
      for (const name of Object.keys(spec.props ?? {})) assert.ok(kinds.has(propOf(kind as never, name)!.kind), `${kind}.${name}`);
      const specs = [...Object.values(spec.methods ?? {}), spec.call, spec.construct].filter(Boolean);
      for (const call of specs) {
        const produced = [call!.result, ...(call!.callback?.params ?? []), ...Object.values(call!.events ?? {}).flatMap((e) => e.params)];
        for (const p of produced) if (p) assert.ok(kinds.has(p.kind), `${kind}: ${p.kind}`);
      }
      assert.ok(kind.startsWith(`${spec.driver === 'pg-promise' ? 'pgp' : spec.driver}.`), `${kind} is filed under ${spec.driver}`);
    }
    for (const module of Object.values(MODULES)) assert.ok(kinds.has(module.kind));
    for (const names of Object.values(TYPE_NAMES)) {
      for (const entry of Object.values(names)) assert.ok(kinds.has(typeof entry === 'string' ? entry : entry.kind));
    }
  });
});
