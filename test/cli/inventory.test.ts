import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseCliArgs } from '../../src/cli/args.js';
import { runCli, writeProjectFile as write } from './run-cli.js';

interface JsonResult {
  filePath: string;
  messages: Array<{ ruleId: string | null; line: number; severity: number }>;
}

/** `file:line rule` of every error, paths relative to `dir`. */
function errorsOf(dir: string, stdout: string): string[] {
  return (JSON.parse(stdout) as JsonResult[])
    .flatMap((r) => r.messages.filter((m) => m.severity === 2).map((m) => `${path.relative(dir, r.filePath).split(path.sep).join('/')}:${m.line} ${m.ruleId}`))
    .sort();
}

const PG = "import { Pool } from 'pg';\n";

describe('--non-serving-files', () => {
  it('is repeatable, keeps braces whole, and an empty value empties the list', () => {
    assert.deepEqual(parseCliArgs(['--non-serving-files', '**/*.{it,bench}.ts', '--non-serving-files', 'tools/**']).pooler, {
      nonServingFiles: ['**/*.{it,bench}.ts', 'tools/**'],
    });
    assert.deepEqual(parseCliArgs(['--non-serving-files=']).pooler, { nonServingFiles: [] });
    assert.deepEqual(parseCliArgs([]).pooler, {});
  });
});

describe('pooler-lint: pools in tests and scripts are listed apart, not counted', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'pooler-lint-inventory-'));
    // 20 per process fits 4 instances (22 each); the test and script pools would not (170 per process).
    write(dir, 'src/db.ts', `${PG}export const pool = new Pool({ max: 20, connectionTimeoutMillis: 5000 });\n`);
    write(dir, 'test/db.test.ts', `${PG}export const pool = new Pool({ max: 100 });\nawait pool.query('LISTEN cache');\n`);
    write(dir, 'scripts/seed.ts', `${PG}export const pool = new Pool({ max: 50 });\n`);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('markdown: the budget sums src/db.ts only and lists the others apart', async () => {
    const run = await runCli(['--instances', '4', '--format', 'markdown'], { cwd: dir });
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stdout, /^## ❌ pooler-lint: 1 blocker for transaction pooling on a transaction-mode pooler\n/);
    assert.ok(run.stdout.includes('| `src/db.ts:2` | pg pool | `20` | 20 |\n| **Per process** | | | **20** |\n| **At peak (4 instances)** | | | **80** |\n'), run.stdout);
    assert.ok(!run.stdout.includes('| `test/db.test.ts:2`'), 'the test pool is not a row of the counted table');
    assert.ok(
      run.stdout.includes(
        '✅ At peak the pools open up to 80 connections; 90 are available (`max_connections` 100 − 10 reserved), 22 per process.\n\n' +
          'Pools in tests and scripts (not counted): `scripts/seed.ts:2` (pg pool), `test/db.test.ts:2` (pg pool).\n',
      ),
      run.stdout,
    );
  });

  it('json: hazard rules still report in test files; no budget or checkout-timeout error for tests and scripts', async () => {
    const run = await runCli(['--instances', '4', '--format', 'json'], { cwd: dir });
    assert.equal(run.code, 1);
    assert.deepEqual(errorsOf(dir, run.stdout), ['test/db.test.ts:3 pooler/no-listen']);
  });

  it('stylish: the summary counts one configuration and names how many are not counted', async () => {
    const run = await runCli(['--instances', '4'], { cwd: dir });
    assert.equal(run.code, 1);
    assert.ok(
      run.stdout.includes(
        'Pools: 1 configuration, 20 connections per process, 80 at peak (4 instances); 90 available (max_connections 100 − 10 reserved). Not counted: 2 pools in tests and scripts.\n',
      ),
      run.stdout,
    );
  });

  it('--non-serving-files replaces the default list; --non-serving-files= counts every file', async () => {
    const scriptsOnly = await runCli(['--instances', '4', '--format', 'markdown', '--non-serving-files', 'scripts/**'], { cwd: dir });
    assert.ok(scriptsOnly.stdout.includes('| **Per process** | | | **120** |'), scriptsOnly.stdout);
    assert.ok(scriptsOnly.stdout.includes('Pools in tests and scripts (not counted): `scripts/seed.ts:2` (pg pool).\n'));
    const json = await runCli(['--instances', '4', '--format', 'json', '--non-serving-files', 'scripts/**'], { cwd: dir });
    assert.deepEqual(errorsOf(dir, json.stdout), [
      'test/db.test.ts:2 pooler/pool-size-budget',
      'test/db.test.ts:2 pooler/require-checkout-timeout',
      'test/db.test.ts:3 pooler/no-listen',
    ]);
    const none = await runCli(['--instances', '4', '--non-serving-files='], { cwd: dir });
    assert.equal(none.code, 1);
    assert.ok(none.stdout.includes('Pools: 3 configurations, 170 connections per process, 680 at peak (4 instances)'), none.stdout);
    assert.ok(!none.stdout.includes('Not counted'));
  });

  it('settings.pooler.nonServingFiles of the project config applies, and a bad value is one line naming the key', async () => {
    write(dir, 'eslint.config.js', "export default [{ settings: { pooler: { nonServingFiles: ['scripts/**', 'test/**'] } } }];\n");
    write(dir, 'package.json', '{ "type": "module" }\n');
    try {
      const run = await runCli(['--instances', '4'], { cwd: dir });
      assert.ok(run.stdout.includes('Pools: 1 configuration, 20 connections per process'), run.stdout);
      // The flag overrides the config's key: with an empty list every pool counts again.
      const flag = await runCli(['--instances', '4', '--non-serving-files='], { cwd: dir });
      assert.ok(flag.stdout.includes('Pools: 3 configurations, 170 connections per process'), flag.stdout);
      write(dir, 'eslint.config.js', "export default [{ settings: { pooler: { nonServingFiles: 'test/**' } } }];\n");
      const wrong = await runCli([], { cwd: dir });
      assert.equal(wrong.code, 2);
      assert.equal(
        wrong.stderr,
        "pooler-lint: settings.pooler.nonServingFiles must be an array of glob patterns such as ['**/test/**', 'tools/**'] (empty: every file serves), got 'test/**' (in eslint.config.js).\n",
      );
    } finally {
      rmSync(path.join(dir, 'eslint.config.js'));
      rmSync(path.join(dir, 'package.json'));
    }
  });
});
