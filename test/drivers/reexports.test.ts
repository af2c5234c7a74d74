/**
 * Drivers re-exported by other packages: a monorepo's internal package (`export { Pool } from 'pg'`,
 * `export * from 'pg'`) and MikroORM (`export { Knex, knex } from 'knex'`). Typed lint follows the import to
 * the declaration it points to; untyped lint knows MikroORM's re-export by name, and nothing else.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { driverReachOf, packageOf } from '../../src/drivers/reach.js';
import { memoryLint, probeTyped } from './memory-packages.js';
import { expectValues, probe } from './probe.js';

const WORKSPACE: Record<string, string> = {
  '/app/packages/db/index.ts': "export { Pool } from 'pg';\nexport { default as makeKnex } from 'knex';\nexport { drizzle } from 'drizzle-orm/node-postgres';",
  '/app/packages/pg-all/index.ts': "export * from 'pg';",
  '/app/packages/sql/index.ts': "import postgres = require('postgres');\nexport { postgres as makeSql };",
  '/app/packages/own/index.ts': 'export class Pool { query(text: string) { return text; } }\nexport function knex(config: object) { return config; }',
};

describe('re-exported drivers (typed lint)', () => {
  it('follows a named re-export of a workspace package to the driver class', () => {
    const app = "import { Pool } from '@acme/db';\nconst pool = new Pool({ max: 5 });\nprobe(new Pool());\nprobe(pool);";
    const result = probeTyped({ ...WORKSPACE, '/app/src/app.ts': app }, '/app/src/app.ts');
    assert.deepEqual(result.values, ['pg.Pool', 'pg.Pool']);
    assert.deepEqual(result.creations, ['pg.Pool', 'pg.Pool']);
  });

  it('follows `export *` of a workspace package', () => {
    const app = "import { Client, Pool } from '@acme/pg-all';\nprobe(new Client());\nprobe(new Pool());";
    const result = probeTyped({ ...WORKSPACE, '/app/src/app.ts': app }, '/app/src/app.ts');
    assert.deepEqual(result.values, ['pg.Client', 'pg.Pool']);
    assert.deepEqual(result.creations, ['pg.Client', 'pg.Pool']);
  });

  it("follows a re-exported default export and a drizzle factory to their drivers' functions", () => {
    const app = [
      "import { drizzle, makeKnex, Pool } from '@acme/db';",
      "const db = makeKnex({ client: 'pg' });",
      'probe(db);',
      'probe(drizzle(new Pool()));',
    ].join('\n');
    const result = probeTyped({ ...WORKSPACE, '/app/src/app.ts': app }, '/app/src/app.ts');
    assert.deepEqual(result.values, ['knex.Knex', 'drizzle.Database via=pg']);
    assert.deepEqual(result.creations, ['knex.Knex', 'drizzle.Database', 'pg.Pool']);
  });

  it('follows a workspace package linked into node_modules and built to declarations', () => {
    const built = {
      '/app/node_modules/@acme/built/package.json': JSON.stringify({ name: '@acme/built', types: 'dist/index.d.ts' }),
      '/app/node_modules/@acme/built/dist/index.d.ts': "export * from 'pg';\nexport { drizzle } from 'drizzle-orm/node-postgres';",
    };
    const app = "import { drizzle, Pool } from '@acme/built';\nconst db = drizzle(new Pool());\nprobe(db);";
    const result = probeTyped({ '/app/src/app.ts': app }, '/app/src/app.ts', built);
    assert.deepEqual(result.values, ['drizzle.Database via=pg']);
    assert.deepEqual(result.creations, ['drizzle.Database', 'pg.Pool']);
  });

  it("follows a re-export of a module's `export =` function to the module itself", () => {
    const app = "import { makeSql } from '@acme/sql';\nconst sql = makeSql('postgres://pooler:6432/app');\nprobe(sql);";
    const result = probeTyped({ ...WORKSPACE, '/app/src/app.ts': app }, '/app/src/app.ts');
    assert.deepEqual(result.values, ['postgres.Sql']);
    assert.deepEqual(result.creations, ['postgres.Sql']);
  });

  it("follows MikroORM's re-export of knex, through `export *` of @mikro-orm/postgresql", () => {
    const app = [
      "import { knex } from '@mikro-orm/postgresql';",
      "import { knex as k2, type Knex } from '@mikro-orm/knex';",
      "probe(knex({ client: 'pg' }));",
      "probe(k2('postgres://pooler:6432/app'));",
      'export function f(db: Knex) { probe(db); }',
    ].join('\n');
    const result = probeTyped({ '/app/src/app.ts': app }, '/app/src/app.ts');
    assert.deepEqual(result.values, ['knex.Knex', 'knex.Knex', 'knex.Knex']);
    assert.deepEqual(result.creations, ['knex.Knex', 'knex.Knex']);
  });

  it("does not take a workspace package's own class or function for a driver's", () => {
    const app = "import { knex, Pool } from '@acme/own';\nprobe(new Pool());\nprobe(knex({}));";
    const result = probeTyped({ ...WORKSPACE, '/app/src/app.ts': app }, '/app/src/app.ts');
    assert.deepEqual(result.values, ['-', '-']);
    assert.deepEqual(result.creations, []);
  });

  it('counts the files that import a re-exporting package as reaching the driver', () => {
    const files = {
      ...WORKSPACE,
      '/app/src/app.ts': "import { Pool } from '@acme/pg-all';\nexport const pool = new Pool();",
      '/app/src/orm.ts': "import { knex } from '@mikro-orm/postgresql';\nexport const db = knex({});",
      '/app/src/own.ts': "import { Pool } from '@acme/own';\nexport const p = new Pool();",
    };
    const { program } = memoryLint(files);
    const reach = driverReachOf(program, (seed) => ['pg', 'knex'].includes(packageOf(seed.fileName) ?? ''), 'pg+knex');
    const reaching = ['/app/src/app.ts', '/app/src/orm.ts', '/app/src/own.ts', '/app/packages/pg-all/index.ts'].filter((file) =>
      reach.file(program.getSourceFile(file)!),
    );
    assert.deepEqual(reaching, ['/app/src/app.ts', '/app/src/orm.ts', '/app/packages/pg-all/index.ts']);
  });
});

describe('re-exported drivers (untyped lint)', () => {
  it("knows MikroORM's `knex` re-export by its import", () => {
    expectValues(
      [
        "import { knex } from '@mikro-orm/postgresql';",
        "import { knex as k2 } from '@mikro-orm/knex';",
        "probe(knex({ client: 'pg' }));",
        'probe(k2(process.env.DATABASE_URL));',
      ].join('\n'),
      ['knex.Knex', 'knex.Knex'],
    );
  });

  it("takes nothing else of MikroORM's packages for knex", () => {
    expectValues(
      [
        "import * as orm from '@mikro-orm/postgresql';",
        "import mikro, { EntityManager, MikroORM } from '@mikro-orm/knex';",
        'const x = require("@mikro-orm/postgresql");',
        'probe(orm); probe(orm.knex); probe(mikro); probe(EntityManager); probe(MikroORM); probe(x);',
      ].join('\n'),
      ['-', '-', '-', '-', '-', '-'],
    );
  });

  it('does not follow a workspace package without types', () => {
    assert.deepEqual(probe("import { Pool } from '@acme/db';\nprobe(new Pool());").values, ['-']);
  });
});
