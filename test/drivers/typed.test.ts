import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ParserServices, TSESTree } from '@typescript-eslint/utils';
import { getDriverModel } from '../../src/drivers/index.js';
import { repoPath } from '../repo-root.js';
import { describeValue, expectValues, lintWithProbe, probe } from './probe.js';

const root = repoPath('fixtures', 'drivers');
const typedOptions = (settings: Record<string, unknown> = {}) => ({
  filename: repoPath('fixtures', 'drivers', 'typed.ts'),
  parserOptions: { projectService: true, tsconfigRootDir: root },
  cwd: repoPath(),
  settings,
});

const expectTyped = (code: string, expected: string[], settings?: Record<string, unknown>): void =>
  expectValues(code, expected, typedOptions(settings));

describe('resolution by type (typed lint)', () => {
  it('resolves values imported from another file of the project', () => {
    expectTyped(
      `import { pool, getClient } from './db.js';
       probe(pool); const client = await getClient(); probe(client);`,
      ['pg.Pool', 'pg.PoolClient'],
    );
  });

  it('resolves typed parameters of each installed driver', () => {
    expectTyped(
      `import type { Pool, PoolClient } from 'pg'; import type postgres from 'postgres';
       import type { IDatabase, ITask } from 'pg-promise'; import type { Knex } from 'knex';
       export function f(a: Pool, b: PoolClient | undefined, c: postgres.Sql, d: postgres.TransactionSql,
         e: IDatabase<{}>, g: ITask<{}>, h: Knex, i: Knex.Transaction) {
         probe(a); probe(b); probe(c); probe(d); probe(e); probe(g); probe(h); probe(i);
       }`,
      ['pg.Pool', 'pg.PoolClient', 'postgres.Sql', 'postgres.TransactionSql tx', 'pgp.Database', 'pgp.Task', 'knex.Knex', 'knex.Transaction tx'],
    );
  });

  it('does not take same-named local types, unions of different kinds or the class itself', () => {
    expectTyped(
      `import { Pool as PgPool, Client } from 'pg';
       interface Pool { connect(): void }
       export function f(a: Pool, b: PgPool | Client, c: typeof PgPool, d: unknown) { probe(a); probe(b); probe(c); probe(d); }`,
      ['-', '-', '-', '-'],
    );
  });

  it('matches user specifiers by type', () => {
    expectTyped(
      `import type { AppDatabase } from './db.js'; export function f(db: AppDatabase) { probe(db); }`,
      ['pg.Pool'],
      {
        pooler: {
          driverSpecifiers: [{ from: 'file', path: 'fixtures/drivers/db.ts', name: 'AppDatabase', kind: 'pg.Pool' }],
        },
      },
    );
  });

  it('marks a file relevant when its imports reach a driver type, through any number of files', () => {
    assert.equal(probe(`import { x } from './db.js'; probe(x);`, typedOptions()).model.relevant, true);
    assert.equal(probe(`import type { Pool } from 'pg'; probe(0);`, typedOptions()).model.relevant, true);
    assert.equal(probe(`import path from 'node:path'; probe(path.sep);`, typedOptions()).model.relevant, false);
    assert.equal(probe(`const x = 1; probe(x);`, typedOptions()).model.relevant, false);
  });

  it('marks a file relevant when it imports anything and user specifiers are set', () => {
    const settings = {
      pooler: { driverSpecifiers: [{ from: 'file', path: 'fixtures/drivers/db.ts', name: 'getClient', kind: 'pg.PoolClient', call: 'resolves' }] },
    };
    assert.equal(probe(`import path from 'node:path'; probe(path.sep);`, typedOptions(settings)).model.relevant, true);
  });

  it('asks the checker about a receiver only when its method or property can make a driver call', () => {
    const { asked, calls } = checkerQuestions(
      `import { pool } from './db.js';
       const items = [1, 2]; const api = { json(x: unknown) { return x; } };
       items.map((x) => x); api.json({}); pool.query('SELECT 1'); items.at(0); new Map();`,
    );
    assert.deepEqual(asked, ['pool']);
    assert.deepEqual(calls, ['-', '-', 'pg.Pool.query', '-', '-']);
  });

  it('does not ask the checker about names that come from modules reaching no driver', () => {
    const { asked, calls } = checkerQuestions(
      `import { pool, getClient } from './db.js'; import { pageOf } from './util.js';
       pageOf(1); getClient(); pool.query('SELECT 1');`,
    );
    // `getClient` is not asked either: no callable kind (`IMain` of pg-promise) is declared where the file's imports reach.
    assert.deepEqual(asked, ['pool']);
    assert.deepEqual(calls, ['-', '-', 'pg.Pool.query']);
  });

  it('asks the checker nothing about query builders the catalog does not model, their callbacks nor helpers returning them', () => {
    const { asked, calls } = checkerQuestions(
      `import type { Knex } from 'knex';
       export class Repo {
         constructor(private db: Knex) {}
         builder() { return this.db.select('*').from('t'); }
         list() { return this.builder().where('id', 1).stream(); }
         run() {
           this.db.select('*').from('t').whereExists((qb) => qb.select('*').from('u').stream()).stream();
           return this.db.transaction(async (trx) => trx.select('*').from('u').stream());
         }
       }`,
    );
    // Only \`this.db\`, once per occurrence a chain starts from: not the builders, \`qb\`, \`this.builder()\` nor what they return.
    assert.deepEqual(asked, ['this.db', 'this.db', 'this.db']);
    assert.equal(calls.filter((call) => call !== '-').join(' '), 'knex.Knex.transaction');
  });

  it('asks the checker about a bare callee only where a callable driver type can be reached', () => {
    const { asked, calls } = checkerQuestions(
      `import type { IMain } from 'pg-promise'; import { getClient } from './db.js';
       export function f(pgp: IMain) { getClient(); pgp('postgres://db'); }`,
    );
    assert.deepEqual(asked, ['getClient', 'pgp']);
    assert.deepEqual(calls, ['-', 'pgp.Main.']);
    expectTyped(`import type { IMain } from 'pg-promise'; export function f(pgp: IMain) { probe(pgp('postgres://db')); }`, ['pgp.Database']);
  });
});

/** Every call's driver API (`kind.method`, `-` for none) and the texts of the nodes the checker was asked the type of. */
function checkerQuestions(code: string): { asked: string[]; calls: string[] } {
  const asked: string[] = [];
  const calls: string[] = [];
  const errors = lintWithProbe(code, typedOptions(), (context) => {
    const checker = (context.sourceCode.parserServices as ParserServices).program!.getTypeChecker();
    const original = checker.getTypeAtLocation;
    const model = getDriverModel(context);
    return {
      'CallExpression, NewExpression'(node: TSESTree.CallExpression | TSESTree.NewExpression) {
        checker.getTypeAtLocation = (tsNode) => {
          asked.push(tsNode.getText());
          return original.call(checker, tsNode);
        };
        try {
          const call = model.callOf(node);
          calls.push(call ? `${describeValue(call.target)}.${call.method ?? ''}` : '-');
        } finally {
          checker.getTypeAtLocation = original;
        }
      },
    };
  });
  assert.deepEqual(errors, []);
  return { asked, calls };
}
