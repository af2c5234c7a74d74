/**
 * The verdict never says more than the run saw: pools that together exceed the budget, a baseline that
 * accepts the budget errors, and dot folders that ESLint lints too.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { runCli, writeProjectFile } from './run-cli.js';

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'pooler-lint-verdict-'));
  for (const [file, text] of Object.entries(files)) writeProjectFile(dir, file, text);
  return dir;
}

const pool = (name: string, max: number) =>
  `import { Pool } from 'pg';\nexport const ${name} = new Pool({ max: ${max}, connectionTimeoutMillis: 1000 });\n`;

describe('the pooler-lint verdict agrees with its body', () => {
  const dirs: string[] = [];
  after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('is not ready when the pools together are over the budget, though each pool fits', async () => {
    const dir = project({ 'src/a.js': pool('a', 40), 'src/b.js': pool('b', 40), 'src/c.js': pool('c', 40) });
    dirs.push(dir);
    const run = await runCli(['--format', 'markdown'], { cwd: dir });
    assert.equal(run.code, 1, run.stdout);
    assert.match(run.stdout, /^## ❌ pooler-lint: not ready for transaction pooling on a transaction-mode pooler: the pools together are over the connection budget\n/);
    assert.match(run.stdout, /❌ At peak the pools open up to 120 connections; 90 are available .* Over by 30\./);
    const stylish = await runCli([], { cwd: dir });
    assert.equal(stylish.code, 1);
    assert.match(stylish.stdout, /— over budget\.\n.*\n✖ not ready /);
  });

  it('says the baseline accepts the budget errors when every finding is suppressed, under a ready verdict', async () => {
    const dir = project({ 'src/db.js': pool('db', 500) });
    dirs.push(dir);
    const recorded = await runCli(['--suppress-all', '--instances', '4'], { cwd: dir });
    assert.equal(recorded.code, 0, recorded.stdout);
    const run = await runCli(['--format', 'markdown', '--instances', '4'], { cwd: dir });
    assert.equal(run.code, 0, run.stdout);
    assert.match(run.stdout, /^## ✅ pooler-lint: ready for transaction pooling/);
    assert.doesNotMatch(run.stdout, /❌/);
    assert.match(run.stdout, /⚠️ At peak the pools open up to 2000 connections; .* Over by 1910, accepted by the baseline \(its pool-size-budget errors are suppressed\)\./);
    const stylish = await runCli(['--instances', '4'], { cwd: dir });
    assert.match(stylish.stdout, /— over budget, accepted by the baseline\.\n.*\n✔ ready /);
  });

  it('lints dot folders (.github, .scripts) as ESLint does, but not .git', async () => {
    const listen = "import pg from 'pg';\nconst c = new pg.Client();\nawait c.query('LISTEN jobs');\n";
    const dir = project({ '.github/scripts/notify.js': listen, '.scripts/listen.mjs': listen, '.git/hooks/x.js': listen, 'src/ok.js': 'export {};\n' });
    dirs.push(dir);
    const run = await runCli(['--format', 'json'], { cwd: dir });
    assert.equal(run.code, 1, run.stderr);
    const files = (JSON.parse(run.stdout) as Array<{ filePath: string; errorCount: number }>).map((r) => `${path.relative(dir, r.filePath)} ${r.errorCount}`);
    assert.deepEqual(files.sort(), ['.github/scripts/notify.js 1', '.scripts/listen.mjs 1', 'src/ok.js 0']);
  });
});
