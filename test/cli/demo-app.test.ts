import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { DEPLOY_RULES } from '../../src/deploy/rules.js';
import plugin from '../../src/index.js';
import { packageInfo } from '../../src/package-info.js';
import { repoPath } from '../repo-root.js';
import { plantedHazards, reportedHazards, runCli, type CliRun } from './run-cli.js';
import { sarifValidator, schemaErrors } from './sarif-schema.js';

const LEGACY = 'fixtures/apps/legacy-api';
const CLEAN = 'fixtures/apps/clean-api';
/** The README's demo command: four instances at peak. */
const DEMO_ARGS = ['--instances', '4'];

interface JsonResult {
  filePath: string;
  messages: Array<{ ruleId: string | null; line: number; column: number; severity: number; message: string }>;
  suppressedMessages: unknown[];
  errorCount: number;
}

function pluginErrors(results: JsonResult[]) {
  return results.flatMap((r) => r.messages.filter((m) => m.severity === 2 && m.ruleId?.startsWith('pooler/')));
}

function countByRule(results: JsonResult[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of pluginErrors(results)) counts.set(m.ruleId!, (counts.get(m.ruleId!) ?? 0) + 1);
  return counts;
}

describe('pooler-lint on the demo applications', () => {
  const runs: Record<string, CliRun> = {};
  let legacyJson: JsonResult[];
  let cleanJson: JsonResult[];

  before(async () => {
    const [json, sarif, markdown, stylish, cleanRun, cleanMarkdown] = await Promise.all([
      runCli([LEGACY, ...DEMO_ARGS, '--format', 'json']),
      runCli([LEGACY, ...DEMO_ARGS, '--format', 'sarif']),
      runCli([LEGACY, ...DEMO_ARGS, '--format', 'markdown']),
      runCli([LEGACY, ...DEMO_ARGS]),
      runCli([CLEAN, ...DEMO_ARGS, '--format', 'json']),
      runCli([CLEAN, ...DEMO_ARGS, '--format', 'markdown']),
    ]);
    Object.assign(runs, { json, sarif, markdown, stylish, cleanRun, cleanMarkdown });
    legacyJson = JSON.parse(json!.stdout) as JsonResult[];
    cleanJson = JSON.parse(cleanRun!.stdout) as JsonResult[];
  });

  it('exits 1 on the legacy app and 0 on the clean one; stderr has only the machine formats\' one-line summary', () => {
    const summary =
      'pooler-lint: Analysed 12 JS/TS files (12 with type information) and 2 SQL files. ' +
      'Verdict: 21 blockers for transaction pooling on a transaction-mode pooler.\n';
    for (const name of ['json', 'sarif', 'markdown', 'stylish']) {
      assert.equal(runs[name]!.code, 1, `${name}: ${runs[name]!.stderr}`);
      assert.equal(runs[name]!.stderr, name === 'json' || name === 'sarif' ? summary : '', name);
    }
    assert.equal(runs.cleanRun!.code, 0, runs.cleanRun!.stderr);
    assert.equal(runs.cleanMarkdown!.code, 0);
  });

  it('json: ESLint results for every JS/TS and SQL file of the app, paths absolute', () => {
    const files = legacyJson.map((r) => r.filePath.slice(repoPath(LEGACY).length + 1)).sort();
    assert.deepEqual(files, [
      'migrations/001_init.sql',
      'migrations/002_backfill_order_totals.sql',
      'src/admin/maintenance.ts',
      'src/db.ts',
      'src/jobs/cache-listener.ts',
      'src/jobs/job-runner.ts',
      'src/logger.ts',
      'src/orders/orders.repo.ts',
      'src/queries.ts',
      'src/reports/customer-totals.ts',
      'src/reports/monthly-revenue.ts',
      'src/server.ts',
      'src/tenancy/tenant-context.ts',
      'src/users/users.repo.ts',
    ]);
    for (const result of legacyJson) {
      assert.equal(result.errorCount, result.messages.filter((m) => m.severity === 2).length, result.filePath);
    }
  });

  it('reports every planted hazard of the legacy app and nothing else (rules registered now)', () => {
    const planted = plantedHazards(repoPath(LEGACY));
    assert.ok(planted.size > 0, 'at least the pool-size-budget plants are registered');
    assert.deepEqual([...reportedHazards(legacyJson)].sort(), [...planted].sort());
  });

  it('reports nothing in the clean app', () => {
    assert.deepEqual(plantedHazards(repoPath(CLEAN)), new Set());
    assert.deepEqual([...reportedHazards(cleanJson)], []);
  });

  it('sarif: validates against the SARIF 2.1.0 schema and carries the same findings', () => {
    const validate = sarifValidator();
    const sarif = JSON.parse(runs.sarif!.stdout) as { runs: Array<{ results: unknown[]; tool: { driver: { rules: unknown[] } } }> };
    assert.ok(validate(sarif), schemaErrors(validate));
    assert.equal(validate({ ...sarif, version: '3.0.0' }), false, 'the validator rejects a wrong version');
    const results = sarif.runs[0]!.results as Array<{ ruleId: string; level: string; locations: Array<{ physicalLocation: { region: { startLine: number } } }> }>;
    const expected = pluginErrors(legacyJson).map((m) => `${m.ruleId}:${m.line}`).sort();
    assert.deepEqual(results.map((r) => `${r.ruleId}:${r.locations[0]!.physicalLocation.region.startLine}`).sort(), expected);
    assert.ok(results.every((r) => r.level === 'error'));
    // Every rule of the plugin and every deployment rule is described, those without findings too.
    const rules = sarif.runs[0]!.tool.driver.rules as Array<{ id: string; helpUri: string }>;
    assert.deepEqual(rules.map((r) => r.id).sort(), [...Object.keys(plugin.rules), ...Object.keys(DEPLOY_RULES)].map((name) => `pooler/${name}`).sort());
    assert.ok([...countByRule(legacyJson).keys()].every((id) => rules.some((r) => r.id === id)));
  });

  it('markdown: verdict with the blocker count, counts by hazard, findings with file:line', () => {
    const markdown = runs.markdown!.stdout;
    const blockers = pluginErrors(legacyJson).length;
    assert.equal(
      markdown.split('\n')[0],
      `## ❌ pooler-lint: ${blockers} blocker${blockers === 1 ? '' : 's'} for transaction pooling on a transaction-mode pooler`,
    );
    for (const [ruleId, count] of countByRule(legacyJson)) {
      assert.match(markdown, new RegExp(`\\| \`${ruleId}\` \\| ${count} \\|`), ruleId);
    }
    const findingRows = markdown.split('\n').filter((line) => /^\| `fixtures\/apps\/legacy-api\/[^`]+:\d+:\d+` \|/.test(line));
    assert.equal(findingRows.length, legacyJson.reduce((n, r) => n + r.messages.length, 0));
    assert.ok(markdown.includes('| `fixtures/apps/legacy-api/src/db.ts:12:8` | `pooler/pool-size-budget` | `max` is 50'));
  });

  it('markdown: the pool inventory with sizes, and totals per process and at peak against max_connections', () => {
    const markdown = runs.markdown!.stdout;
    const inventory = markdown.slice(markdown.indexOf('### Pool inventory'), markdown.indexOf('### Findings'));
    assert.deepEqual(inventory.split('\n').filter((line) => line.startsWith('| ')).slice(2), [
      '| `fixtures/apps/legacy-api/src/db.ts:10` | pg pool | `Number(process.env.PG_POOL_MAX ?? DEFAULT_POOL_SIZE)` | 50 |',
      '| `fixtures/apps/legacy-api/src/jobs/cache-listener.ts:7` | pg client | one connection | 1 |',
      '| `fixtures/apps/legacy-api/src/reports/monthly-revenue.ts:9` | pg pool | `10` | 10 |',
      '| **Per process** | | | **61** |',
      '| **At peak (4 instances)** | | | **244** |',
    ]);
    assert.match(inventory, /❌ At peak the pools open up to 244 connections; 90 are available .* 22 per process\. Over by 154\./);
  });

  it('markdown: the clean app is ready and its pools fit', () => {
    const markdown = runs.cleanMarkdown!.stdout;
    assert.equal(markdown.split('\n')[0], '## ✅ pooler-lint: ready for transaction pooling on a transaction-mode pooler');
    assert.match(markdown, /\| \*\*At peak \(4 instances\)\*\* \| \| \| \*\*80\*\* \|/);
    assert.match(markdown, /✅ At peak the pools open up to 80 connections; 90 are available/);
    assert.ok(!markdown.includes('### Findings'));
  });

  it('markdown is deterministic: the same run gives the same text', async () => {
    const again = await runCli([LEGACY, ...DEMO_ARGS, '--format', 'markdown']);
    assert.equal(again.stdout, runs.markdown!.stdout);
  });

  it('stylish: ESLint stylish output, then the pool summary and the verdict, without colour when piped', () => {
    const out = runs.stylish!.stdout;
    assert.ok(!out.includes('\u001b['), 'no ANSI escapes on a pipe');
    assert.match(out, /fixtures\/apps\/legacy-api\/src\/db\.ts\n\s+10:21\s+error\s+This pg pool sets no `connectionTimeoutMillis`/);
    const tail = out.trimEnd().split('\n').slice(-3);
    assert.equal(tail[0], 'Pools: 3 configurations, 61 connections per process, 244 at peak (4 instances); 90 available (max_connections 100 − 10 reserved) — over budget.');
    assert.equal(tail[1], 'Analysed 12 JS/TS files (12 with type information) and 2 SQL files.');
    assert.match(tail[2]!, /^✖ \d+ blockers? for transaction pooling on a transaction-mode pooler$/);
  });

  it('matches the demo output the README shows', () => {
    // The README shows `npm run demo` output after this marker.
    const marker = '<!-- output of `npm run demo --silent`';
    const readme = readFileSync(repoPath('README.md'), 'utf8');
    assert.ok(readme.includes(marker), 'README.md shows the demo output');
    const block = /````md\n([\s\S]*?)\n````/.exec(readme.slice(readme.indexOf(marker)))?.[1];
    assert.equal(block, runs.markdown!.stdout.trimEnd());
  });

  it('prints the version', async () => {
    const run = await runCli(['--version']);
    assert.deepEqual([run.code, run.stdout, run.stderr], [0, `${packageInfo.version}\n`, '']);
  });
});
