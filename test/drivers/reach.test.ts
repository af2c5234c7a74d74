/**
 * The reach graph of typed lint (`driverReachOf`): which files of a program can hold a driver value,
 * on in-memory programs with a fake `pg` package and a split `fastify`-like package.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { driverReachOf, packageOf } from '../../src/drivers/reach.js';
import { memoryProgram } from '../memory-program.js';

const PACKAGES: Record<string, string> = {
  '/app/node_modules/pg/package.json': '{ "name": "pg", "types": "index.d.ts" }',
  '/app/node_modules/pg/index.d.ts': 'export declare class Pool { query(text: string): Promise<unknown>; }',
  '/app/node_modules/web/package.json': '{ "name": "web", "types": "index.d.ts" }',
  '/app/node_modules/web/index.d.ts': "export type { Instance } from './instance';\nexport declare function web(): import('./instance').Instance;",
  '/app/node_modules/web/instance.d.ts': 'export interface Instance { listen(port: number): void }',
};

/** The files of an app (under /app/src) that reach pg, by base name. */
function reaching(app: Record<string, string>): string[] {
  const program = memoryProgram(app, PACKAGES);
  const reach = driverReachOf(program, (seed) => packageOf(seed.fileName) === 'pg', 'pg');
  return Object.keys(app)
    .map((name) => program.getSourceFile(name)!)
    .filter((file) => reach.file(file))
    .map((file) => file.fileName.slice('/app/src/'.length));
}

describe('which files reach a driver (typed lint)', () => {
  it('follows imports, re-exports and import() types through project files', () => {
    assert.deepEqual(
      reaching({
        '/app/src/db.ts': "import { Pool } from 'pg';\nexport const pool = new Pool();",
        '/app/src/repo.ts': "export { pool } from './db.js';",
        '/app/src/typed.ts': "export let p: typeof import('./repo.js').pool | undefined;",
        '/app/src/route.ts': "import { pool } from './repo.js';\nexport const r = () => pool;",
        '/app/src/util.ts': 'export const add = (a: number, b: number) => a + b;',
        '/app/src/server.ts': "import { web } from 'web';\nimport { add } from './util.js';\nexport const s = web() && add(1, 2);",
      }),
      ['db.ts', 'repo.ts', 'typed.ts', 'route.ts'],
    );
  });

  it('makes every file of an augmented package see the augmenting file', () => {
    assert.deepEqual(
      reaching({
        '/app/src/plugin.ts': "import type { Pool } from 'pg';\ndeclare module 'web' { interface Instance { db: Pool } }\nexport {};",
        '/app/src/server.ts': "import type { Instance } from 'web/instance';\nexport const f = (app: Instance) => app;",
        '/app/src/util.ts': 'export const add = (a: number, b: number) => a + b;',
      }),
      ['plugin.ts', 'server.ts'],
    );
  });

  it('augments a project module alone', () => {
    assert.deepEqual(
      reaching({
        '/app/src/config.ts': 'export interface Config { port: number }',
        '/app/src/plugin.ts': "import type { Pool } from 'pg';\ndeclare module './config.js' { interface Config { db: Pool } }\nexport {};",
        '/app/src/route.ts': "import type { Config } from './config.js';\nexport const f = (c: Config) => c;",
        '/app/src/util.ts': "import { web } from 'web';\nexport const s = web();",
      }),
      ['config.ts', 'plugin.ts', 'route.ts'],
    );
  });

  it('counts every file as reaching when a global declaration reaches a driver', () => {
    const app = {
      '/app/src/util.ts': 'export const add = (a: number, b: number) => a + b;',
      '/app/src/other.ts': 'export const x = 1;',
    };
    assert.deepEqual(reaching(app), []);
    const globalPool = "import type { Pool } from 'pg';\ndeclare global { var db: Pool }\nexport {};";
    assert.deepEqual(reaching({ ...app, '/app/src/globals.ts': globalPool }), ['util.ts', 'other.ts', 'globals.ts']);
    const script = "declare module 'db' { import { Pool } from 'pg'; export const db: Pool; }";
    assert.deepEqual(reaching({ ...app, '/app/src/ambient.d.ts': script }), ['util.ts', 'other.ts', 'ambient.d.ts']);
    const unknownModule = "import type { Pool } from 'pg';\ndeclare module 'nowhere' { export const db: Pool; }\nexport {};";
    assert.deepEqual(reaching({ ...app, '/app/src/aug.ts': unknownModule }), ['util.ts', 'other.ts', 'aug.ts']);
  });

  it('keeps a script file that reaches no driver from turning the filter off', () => {
    assert.deepEqual(
      reaching({
        '/app/src/env.d.ts': 'declare var VERSION: string;',
        '/app/src/db.ts': "import { Pool } from 'pg';\nexport const pool = new Pool();",
        '/app/src/util.ts': 'export const v = VERSION;',
      }),
      ['db.ts'],
    );
  });

  it('tells whether the module an import names reaches a driver', () => {
    const program = memoryProgram({
      '/app/src/db.ts': "import { Pool } from 'pg';\nexport const pool = new Pool();",
      '/app/src/util.ts': 'export const add = (a: number, b: number) => a + b;',
      '/app/src/route.ts': "import { pool } from './db.js';\nimport { add } from './util.js';\nimport { x } from './missing.js';\nexport const r = [pool, add, x];",
    }, PACKAGES);
    const route = program.getSourceFile('/app/src/route.ts')!;
    const reach = driverReachOf(program, (seed) => packageOf(seed.fileName) === 'pg', 'pg');
    const specifiers = route.statements.filter(ts.isImportDeclaration).map((d) => d.moduleSpecifier as ts.StringLiteral);
    assert.deepEqual(specifiers.map((specifier) => reach.module(specifier, route)), [true, false, true]);
  });

  it('names the package of a declaration file', () => {
    assert.equal(packageOf('/app/node_modules/@types/pg/index.d.ts'), 'pg');
    assert.equal(packageOf('/app/node_modules/@prisma/client/index.d.ts'), '@prisma/client');
    assert.equal(packageOf('/app/node_modules/a/node_modules/knex/types/index.d.ts'), 'knex');
    assert.equal(packageOf('/app/src/db.ts'), undefined);
  });
});
