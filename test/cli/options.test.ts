import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli, writeProjectFile as write } from './run-cli.js';

interface JsonResult {
  filePath: string;
  messages: Array<{ ruleId: string | null; line: number; severity: number }>;
  suppressedMessages: Array<{ ruleId: string | null; suppressions: Array<{ kind: string }> }>;
}

/** Two pooler errors: `max` over the budget (pool-size-budget) and no checkout timeout (require-checkout-timeout). */
const OVERSIZED = "import { Pool } from 'pg';\nexport const pool = new Pool({ max: 500 });\n";
const FINE = "import { Pool } from 'pg';\nexport const pool = new Pool({ max: 5, connectionTimeoutMillis: 1000 });\n";

function errorsOf(stdout: string): string[] {
  return (JSON.parse(stdout) as JsonResult[])
    .flatMap((r) => r.messages.filter((m) => m.severity === 2).map((m) => `${path.basename(r.filePath)}:${m.line} ${m.ruleId}`))
    .sort();
}

describe('pooler-lint options on a small project', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'pooler-lint-options-'));
    write(dir, 'src/db.js', OVERSIZED);
    write(dir, 'src/ok.js', FINE);
    write(dir, '.gitignore', 'generated/\n');
    write(dir, 'generated/db.js', OVERSIZED);
    write(dir, 'node_modules/lib/db.js', OVERSIZED);
    write(dir, 'dist/db.js', OVERSIZED);
    write(dir, 'build/db.js', OVERSIZED);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('lints only source files: node_modules, build output and .gitignore entries are skipped', async () => {
    const run = await runCli(['--format', 'json'], { cwd: dir });
    assert.equal(run.code, 1);
    assert.deepEqual(errorsOf(run.stdout), ['db.js:2 pooler/pool-size-budget', 'db.js:2 pooler/require-checkout-timeout']);
    const files = (JSON.parse(run.stdout) as JsonResult[]).map((r) => path.relative(dir, r.filePath)).sort();
    assert.deepEqual(files, [path.join('src', 'db.js'), path.join('src', 'ok.js')]);
  });

  it('passes the budget flags to the rule', async () => {
    const small = await runCli(['src/ok.js', '--format', 'json', '--max-connections', '20', '--instances', '4'], { cwd: dir });
    // (20 − 2 reserved) / 4 = 4 per process: max 5 is over.
    assert.deepEqual(errorsOf(small.stdout), ['ok.js:2 pooler/pool-size-budget']);
    const reserved = await runCli(['src/ok.js', '--format', 'json', '--max-connections', '20', '--instances', '3', '--reserved', '5'], { cwd: dir });
    // (20 − 5) / 3 = 5 per process: max 5 fits.
    assert.deepEqual([reserved.code, errorsOf(reserved.stdout)], [0, []]);
  });

  it('writes the report to --output and nothing to stdout', async () => {
    const run = await runCli(['--format', 'markdown', '--output', 'reports/pooler.md'], { cwd: dir });
    assert.equal(run.code, 1);
    assert.equal(run.stdout, '');
    const report = readFileSync(path.join(dir, 'reports/pooler.md'), 'utf8');
    assert.match(report, /^## ❌ pooler-lint: 2 blockers for transaction pooling on a transaction-mode pooler\n/);
  });

  it('scans .sql files unless --sql-direct says they run over a direct connection', async () => {
    write(dir, 'migrations/001_init.sql', 'SET statement_timeout = 0;\nCREATE TABLE t (id int);\n');
    const scanned = await runCli(['--format', 'markdown'], { cwd: dir });
    assert.match(scanned.stdout, /Analysed 2 JS\/TS files \(0 with type information\) and 1 SQL file with profile `transaction`\./);
    const json = JSON.parse((await runCli(['--format', 'json'], { cwd: dir })).stdout) as JsonResult[];
    assert.ok(json.some((r) => r.filePath.endsWith('001_init.sql')));
    const direct = await runCli(['--format', 'markdown', '--sql-direct'], { cwd: dir });
    assert.match(direct.stdout, /Analysed 2 JS\/TS files \(0 with type information\) and 0 SQL files with profile `transaction`\./);
    rmSync(path.join(dir, 'migrations'), { recursive: true });
  });

  it('names the profile in the verdict', async () => {
    const run = await runCli(['--format', 'markdown', '--pooler', 'rds-proxy'], { cwd: dir });
    assert.match(run.stdout, /^## ❌ pooler-lint: 2 blockers for transaction pooling on RDS Proxy\n/);
    assert.match(run.stdout, /with profile `rds-proxy`/);
  });

  it('gives the same results with --concurrency 2 as without', async () => {
    const [off, two] = await Promise.all([
      runCli(['--format', 'json'], { cwd: dir }),
      runCli(['--format', 'json', '--concurrency', '2'], { cwd: dir }),
    ]);
    assert.equal(two.code, 1, two.stderr);
    assert.deepEqual(errorsOf(two.stdout), errorsOf(off.stdout));
  });

  it('records a baseline with --suppress-all in ESLint\'s suppressions format, then passes', async () => {
    const baseline = await runCli(['--suppress-all', '--suppressions-location', 'baseline.json'], { cwd: dir });
    assert.equal(baseline.code, 0, baseline.stdout);
    assert.deepEqual(JSON.parse(readFileSync(path.join(dir, 'baseline.json'), 'utf8')), {
      'src/db.js': { 'pooler/pool-size-budget': { count: 1 }, 'pooler/require-checkout-timeout': { count: 1 } },
    });
    const again = await runCli(['--format', 'json', '--suppressions-location', 'baseline.json'], { cwd: dir });
    assert.equal(again.code, 0);
    const suppressed = (JSON.parse(again.stdout) as JsonResult[]).flatMap((r) => r.suppressedMessages);
    assert.equal(suppressed.length, 2);
    assert.ok(suppressed.every((m) => m.suppressions[0]?.kind === 'file'));
    const markdown = await runCli(['--format', 'markdown', '--suppressions-location', 'baseline.json'], { cwd: dir });
    assert.match(markdown.stdout, /^## ✅ pooler-lint: ready for transaction pooling/);
    assert.match(markdown.stdout, /2 errors suppressed by the baseline\./);
  });

  it('reports new errors past the baseline, and prunes fixed ones', async () => {
    write(dir, 'src/more.js', OVERSIZED);
    const grown = await runCli(['--format', 'json', '--suppressions-location', 'baseline.json'], { cwd: dir });
    assert.equal(grown.code, 1);
    assert.deepEqual(errorsOf(grown.stdout), ['more.js:2 pooler/pool-size-budget', 'more.js:2 pooler/require-checkout-timeout']);
    rmSync(path.join(dir, 'src/more.js'));
    write(dir, 'src/db.js', "import { Pool } from 'pg';\nexport const pool = new Pool({ max: 5 });\n");
    const withBaseline = await runCli(['--suppressions-location', 'baseline.json'], { cwd: dir });
    assert.equal(withBaseline.code, 0);
    assert.equal(withBaseline.stderr, 'pooler-lint: 1 suppression no longer matches an error; run with --prune-suppressions.\n');
    const pruned = await runCli(['--prune-suppressions', '--suppressions-location', 'baseline.json'], { cwd: dir });
    assert.equal(pruned.code, 0);
    assert.deepEqual(JSON.parse(readFileSync(path.join(dir, 'baseline.json'), 'utf8')), {
      'src/db.js': { 'pooler/require-checkout-timeout': { count: 1 } },
    });
    write(dir, 'src/db.js', OVERSIZED);
  });

  it('uses eslint-suppressions.json in the working directory by default', async () => {
    assert.ok(!existsSync(path.join(dir, 'eslint-suppressions.json')));
    const recorded = await runCli(['--suppress-all'], { cwd: dir });
    assert.equal(recorded.code, 0);
    assert.ok(existsSync(path.join(dir, 'eslint-suppressions.json')));
    const run = await runCli([], { cwd: dir });
    assert.equal(run.code, 0);
    rmSync(path.join(dir, 'eslint-suppressions.json'));
  });

  it('--quiet keeps errors and the exit code, and prints no notices', async () => {
    const run = await runCli(['--quiet', '--format', 'json'], { cwd: dir });
    assert.equal(run.code, 1);
    assert.equal(run.stderr, '');
    assert.equal(errorsOf(run.stdout).length, 2);
  });
});
