/**
 * The program pass's API (`getProgramPass`): wrapper summaries as a call site sees them, acquisition and
 * release summaries, the untyped fallback, robustness on odd code, and the `POOLER_PROGRAM_PASS=off` knob.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import tsParser from '@typescript-eslint/parser';
import type { TSESTree } from '@typescript-eslint/utils';
import { Linter } from 'eslint';
import { createRule } from '../../src/create-rule.js';
import { getProgramPass, type ProgramPass } from '../../src/program/index.js';
import { repoPath } from '../repo-root.js';
import { APP, HANDLER, IMPORTS } from './fixture.js';

/** What the pass says about each `probe(call)` argument, and the pass object(s) the rules saw. */
interface Probed {
  calls: Array<{ text: string; wrapped: unknown[]; acquires: unknown; releases: boolean[] }>;
  passes: Array<ProgramPass | undefined>;
  errors: string[];
}

/** Lints `code` as the handler of the fixture project and asks the pass about every `probe(call)`. */
function probe(code: string, typed = true): Probed {
  const result: Probed = { calls: [], passes: [], errors: [] };
  const rule = (record: boolean) =>
    createRule({
      name: 'probe',
      meta: { type: 'problem', docs: { description: 'probe', recommended: false }, messages: { x: 'x' }, schema: [] },
      create(context) {
        const pass = getProgramPass(context);
        result.passes.push(pass);
        if (!record) return {};
        const text = (node: TSESTree.Node) => context.sourceCode.getText(node);
        return {
          'CallExpression[callee.name="probe"]'(node: TSESTree.CallExpression) {
            const call = node.arguments[0];
            if (call?.type !== 'CallExpression') return;
            result.calls.push({
              text: text(call.callee),
              wrapped: (pass?.wrapperSqlArguments(call) ?? []).map((w) => ({
                arg: text(w.arg),
                driver: w.driver,
                kind: w.kind,
                form: w.form,
                inTransaction: w.inTransaction,
                withValues: w.withValues,
                direct: w.direct,
                receiver: w.receiver && text(w.receiver),
                before: w.before,
                after: w.after,
              })),
              acquires: pass?.acquisitionOf(call)?.release,
              releases: call.arguments.map((_, index) => pass?.releasesArgument(call, index) ?? false),
            });
          },
        };
      },
    });
  const linter = new Linter({ configType: 'flat', cwd: APP });
  const messages = linter.verify(
    IMPORTS + code,
    [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: tsParser, parserOptions: typed ? { projectService: true, tsconfigRootDir: APP } : {} },
        plugins: { probe: { rules: { first: rule(true) as never, second: rule(false) as never } } },
        rules: { 'probe/first': 'error', 'probe/second': 'error' },
      },
    ],
    HANDLER,
  );
  result.errors = messages.filter((m) => m.fatal || m.ruleId === null).map((m) => m.message);
  return result;
}

const EMPTY = { parts: [''], holes: [] };
const pgPool = { driver: 'pg', kind: 'pg.Pool', form: 'query', inTransaction: false, withValues: false, direct: false, receiver: undefined };

describe('program pass: wrapper summaries at call sites', () => {
  it('describes pg wrappers: values, text around the argument, transactions, connections, direct pools', () => {
    const { calls, errors } = probe(`declare const client: import('pg').PoolClient;
probe(query('SELECT 1'));
probe(query('SELECT $1', [1]));
probe(query('SELECT 1', []));
probe(exec('SELECT 1'));
probe(limited('SELECT 1'));
probe(send({ text: 'SELECT 1' }));
probe(inTransaction('SELECT 1'));
probe(run(client, 'SELECT 1'));
probe(direct('SELECT 1'));
probe(db.query('SELECT 1'));
probe(setPath('app'));`);
    assert.deepEqual(errors, []);
    const arg = { arg: "'SELECT 1'", before: EMPTY, after: EMPTY };
    assert.deepEqual(calls.map((c) => [c.text, c.wrapped]), [
      ['query', [{ ...pgPool, ...arg }]],
      ['query', [{ ...pgPool, ...arg, arg: "'SELECT $1'", withValues: true }]],
      ['query', [{ ...pgPool, ...arg }]],
      ['exec', [{ ...pgPool, ...arg, form: 'text', before: { parts: ['/* app */ '], holes: [] } }]],
      ['limited', [{ ...pgPool, ...arg, form: 'text', after: { parts: [' LIMIT 100'], holes: [] } }]],
      ['send', [{ ...pgPool, ...arg, arg: "{ text: 'SELECT 1' }" }]],
      ['inTransaction', [{ ...pgPool, ...arg, kind: 'pg.PoolClient', inTransaction: true }]],
      ['run', [{ ...pgPool, ...arg, kind: 'pg.PoolClient', receiver: 'client' }]],
      ['direct', [{ ...pgPool, ...arg, direct: true }]],
      ['db.query', [{ ...pgPool, ...arg }]],
      // The wrapper's own text comes first: its hazards are the wrapper's, only the argument's are the caller's.
      ['setPath', [{ ...pgPool, arg: "'app'", form: 'text', before: { parts: ['SET search_path TO '], holes: [] }, after: EMPTY }]],
    ]);
  });

  it('describes wrappers over postgres.js, pg-promise, knex and a repository class', () => {
    const { calls, errors } = probe(`import { unsafe, inBegin, none, inTx, raw, byId } from './drivers.js';
import { AuditRepository } from './repository.js';
probe(unsafe('SELECT 1'));
probe(inBegin('SELECT 1'));
probe(none('SELECT 1'));
probe(inTx('SELECT 1'));
probe(raw('SELECT 1'));
probe(byId('1'));
probe(new AuditRepository().record('SELECT 1'));`);
    assert.deepEqual(errors, []);
    const base = { ...pgPool, arg: "'SELECT 1'", before: EMPTY, after: EMPTY };
    assert.deepEqual(calls.map((c) => [c.text, c.wrapped]), [
      ['unsafe', [{ ...base, driver: 'postgres', kind: 'postgres.Sql', form: 'text' }]],
      ['inBegin', [{ ...base, driver: 'postgres', kind: 'postgres.TransactionSql', form: 'text', inTransaction: true }]],
      ['none', [{ ...base, driver: 'pg-promise', kind: 'pgp.Database' }]],
      ['inTx', [{ ...base, driver: 'pg-promise', kind: 'pgp.Task', inTransaction: true }]],
      ['raw', [{ ...base, driver: 'knex', kind: 'knex.Knex', form: 'text' }]],
      ['byId', []],
      ['new AuditRepository().record', [{ ...base, withValues: false }]],
    ]);
  });

  it('follows recursion without looping and ignores spreads and unknown callees', () => {
    const { calls, errors } = probe(`function a(text: string): unknown { return text ? b(text) : pool.query(text); }
function b(text: string): unknown { return a(text); }
declare function unknown(text: string): void;
const args: [string] = ['LISTEN x'];
probe(a('SELECT 1'));
probe(b('SELECT 1'));
probe(query(...args));
probe(unknown('SELECT 1'));`);
    assert.deepEqual(errors, []);
    assert.deepEqual(calls.map((c) => [c.text, c.wrapped.length]), [['a', 1], ['b', 1], ['query', 0], ['unknown', 0]]);
  });
});

describe('program pass: acquisitions and releases', () => {
  it('knows helpers that return a checked-out client and helpers that release one', () => {
    const { calls, errors } = probe(`declare const client: import('pg').PoolClient;
probe(getClient());
probe(getTenantClient('a'));
probe(sharedClient());
probe(withClient(async () => 1));
probe(releaseClient(client));
probe(releaseIfOk(client, true));
probe(query('SELECT 1'));`);
    assert.deepEqual(errors, []);
    assert.deepEqual(calls.map((c) => [c.text, c.acquires, c.releases]), [
      ['getClient', { method: 'release' }, []],
      ['getTenantClient', { method: 'release' }, [false]],
      ['sharedClient', undefined, []],
      ['withClient', undefined, [false]],
      ['releaseClient', undefined, [true]],
      ['releaseIfOk', undefined, [false, false]],
      ['query', undefined, [false]],
    ]);
  });
});

describe('program pass: availability', () => {
  it('is undefined without type information', () => {
    const { passes, calls } = probe('probe(query("LISTEN x"));', false);
    assert.deepEqual(passes, [undefined, undefined]);
    assert.deepEqual(calls[0]?.wrapped, []);
  });

  it('is one object per file, shared by the rules', () => {
    const { passes } = probe('probe(query("SELECT 1"));');
    assert.equal(passes.length, 2);
    assert.ok(passes[0]);
    assert.equal(passes[0], passes[1]);
  });

  it('is switched off by POOLER_PROGRAM_PASS=off (read when the module loads)', () => {
    const moduleUrl = pathToFileURL(repoPath('dist', 'test', 'program', 'pass-knob.js')).href;
    const run = (value: string | undefined) => {
      const env = { ...process.env };
      if (value === undefined) delete env.POOLER_PROGRAM_PASS;
      else env.POOLER_PROGRAM_PASS = value;
      const child = spawnSync(process.execPath, ['--input-type=module', '-e', `import(${JSON.stringify(moduleUrl)})`], { env, encoding: 'utf8' });
      assert.equal(child.status, 0, child.stderr);
      return JSON.parse(child.stdout) as { enabled: boolean; reports: string[] };
    };
    assert.deepEqual(run('off'), { enabled: false, reports: [] });
    assert.deepEqual(run(undefined), { enabled: true, reports: ['pooler/no-listen 3:13'] });
  });
});
