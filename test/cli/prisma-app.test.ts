import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { repoPath } from '../repo-root.js';
import { plantedHazards, reportedHazards, runCli, type CliRun } from './run-cli.js';
import { sarifValidator, schemaErrors } from './sarif-schema.js';

const APP = 'fixtures/apps/prisma-api';
const CLEAN = 'fixtures/apps/prisma-clean-api';
/** The password of every connection string in the fixtures: it must appear in no output. */
const PASSWORD = 'change-me';

interface JsonResult {
  filePath: string;
  source?: string;
  messages: Array<{ ruleId: string | null; line: number; column: number; severity: number; message: string }>;
}

describe('pooler-lint on the Prisma demo app and its clean twin', () => {
  const runs: Record<string, CliRun> = {};
  let json: JsonResult[];
  let dir: string;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'pooler-prisma-app-'));
    const [stylish, jsonRun, sarif, markdown, clean, cleanJson] = await Promise.all([
      runCli([APP]),
      runCli([APP, '--format', 'json']),
      runCli([APP, '--format', 'sarif']),
      runCli([APP, '--format', 'markdown']),
      runCli([CLEAN]),
      runCli([CLEAN, '--format', 'json']),
    ]);
    Object.assign(runs, { stylish, json: jsonRun, sarif, markdown, clean, cleanJson });
    json = JSON.parse(jsonRun!.stdout) as JsonResult[];
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 1 on the app in every format and 0 on the clean twin', () => {
    for (const name of ['stylish', 'json', 'sarif', 'markdown']) assert.equal(runs[name]!.code, 1, `${name}: ${runs[name]!.stderr}`);
    assert.equal(runs.clean!.code, 0, runs.clean!.stdout);
    assert.match(runs.clean!.stdout, /Analysed 3 JS\/TS files \(3 with type information\), 0 SQL files and 3 deployment files\.\n✔ ready for transaction pooling/);
    assert.deepEqual(reportedHazards(JSON.parse(runs.cleanJson!.stdout) as JsonResult[]), new Set());
  });

  it('reports each planted deployment hazard and nothing else', () => {
    const planted = plantedHazards(repoPath(APP));
    assert.deepEqual([...planted].sort(), [
      'fixtures/apps/prisma-api/.env.example:3 pooler/url-startup-parameter',
      'fixtures/apps/prisma-api/prisma/schema.prisma:7 pooler/prisma-migrate-through-pooler',
      'fixtures/apps/prisma-api/prisma/schema.prisma:9 pooler/prisma-named-prepared-statements',
    ]);
    assert.deepEqual([...reportedHazards(json)].sort(), [...planted].sort());
  });

  it('json: deployment files are results without source; no output carries the password', () => {
    const files = json.map((r) => path.relative(repoPath(APP), r.filePath));
    assert.deepEqual(files, ['.env.example', 'docker-compose.yml', 'prisma/schema.prisma', 'src/db.ts', 'src/orders.ts', 'src/server.ts']);
    for (const result of json.filter((r) => r.messages.length > 0)) assert.equal(result.source, undefined, result.filePath);
    for (const name of Object.keys(runs)) assert.ok(!runs[name]!.stdout.includes(PASSWORD) && !runs[name]!.stderr.includes(PASSWORD), name);
  });

  it('stylish: the findings at their lines and the counts', () => {
    const out = runs.stylish!.stdout;
    assert.match(out, /\.env\.example\n {2}3:15 {2}error {2}`DATABASE_URL` sends `-c search_path` in the `options` startup parameter: under a transaction-mode pooler it makes the connection fail with `unsupported startup parameter: options`\./);
    assert.match(out, /Pools: 1 configuration, 5 connections per process, 5 at peak \(1 instance\)/);
    assert.match(out, /Analysed 3 JS\/TS files \(3 with type information\), 0 SQL files and 3 deployment files\.\n✖ 3 blockers for transaction pooling on a transaction-mode pooler\n$/);
  });

  it('markdown: one "Blockers by hazard" row per deployment rule, the Prisma pool sized by connection_limit', () => {
    const out = runs.markdown!.stdout;
    assert.match(out, /^## ❌ pooler-lint: 3 blockers for transaction pooling on a transaction-mode pooler\n/);
    assert.ok(out.includes('| Require a direct (unpooled) connection string for Prisma Migrate | `pooler/prisma-migrate-through-pooler` | 1 |'), out);
    assert.ok(out.includes("| Disallow Prisma Client ≤ 6's named prepared statements through a pooler that does not support them | `pooler/prisma-named-prepared-statements` | 1 |"));
    assert.ok(out.includes('| Disallow startup parameters the pooler rejects in connection strings of env files and Prisma schemas | `pooler/url-startup-parameter` | 1 |'));
    assert.ok(out.includes('| `fixtures/apps/prisma-api/src/db.ts:7` | prisma pool | `connection_limit=5 (DATABASE_URL in fixtures/apps/prisma-api/.env.example)` | 5 |'));
    assert.ok(out.includes('| `fixtures/apps/prisma-api/prisma/schema.prisma:9:14` | `pooler/prisma-named-prepared-statements` | Prisma Client 6 (`@prisma/client ^6.5.0`, Rust query engine)'));
  });

  it('sarif: valid, the same findings, the deployment rules described', () => {
    const validate = sarifValidator();
    const log = JSON.parse(runs.sarif!.stdout) as { runs: Array<{ results: Array<{ ruleId: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }> }>; properties: Record<string, number> }> };
    assert.ok(validate(log), schemaErrors(validate));
    const run = log.runs[0]!;
    assert.deepEqual(
      run.results.map((r) => `${r.locations[0]!.physicalLocation.artifactLocation.uri}:${r.locations[0]!.physicalLocation.region.startLine}:${r.locations[0]!.physicalLocation.region.startColumn} ${r.ruleId}`),
      [
        'fixtures/apps/prisma-api/.env.example:3:15 pooler/url-startup-parameter',
        'fixtures/apps/prisma-api/prisma/schema.prisma:7:1 pooler/prisma-migrate-through-pooler',
        'fixtures/apps/prisma-api/prisma/schema.prisma:9:14 pooler/prisma-named-prepared-statements',
      ],
    );
    assert.equal(run.properties.deploymentFiles, 3);
    assert.equal(run.properties.filesAnalysed, 6);
  });

  it('--no-prisma, --no-env-files and --no-compose turn each source off', async () => {
    const [noPrisma, noEnv, neither] = await Promise.all([
      runCli([APP, '--no-prisma', '--format', 'json']),
      runCli([APP, '--no-env-files', '--format', 'json']),
      runCli([APP, '--no-prisma', '--no-env-files', '--no-compose']),
    ]);
    assert.deepEqual([...reportedHazards(JSON.parse(noPrisma.stdout) as JsonResult[])], ['fixtures/apps/prisma-api/.env.example:3 pooler/url-startup-parameter']);
    // Without env files the schema's DATABASE_URL has no value: still pooled by its name, so both Prisma findings stay.
    const withoutEnv = JSON.parse(noEnv.stdout) as JsonResult[];
    assert.deepEqual([...reportedHazards(withoutEnv)].sort(), [
      'fixtures/apps/prisma-api/prisma/schema.prisma:7 pooler/prisma-migrate-through-pooler',
      'fixtures/apps/prisma-api/prisma/schema.prisma:9 pooler/prisma-named-prepared-statements',
    ]);
    assert.match(withoutEnv.flatMap((r) => r.messages)[1]!.message, /no env file gives its value/);
    assert.equal(neither.code, 0, neither.stdout);
    assert.match(neither.stdout, /Pools: 1 configuration, 0 connections per process \+ 1 of unknown size.*\nAnalysed 3 JS\/TS files \(3 with type information\) and 0 SQL files\.\n/);
  });

  it('suppressions: --suppress-all records the deployment findings, and the next run passes', async () => {
    const baseline = path.join(dir, 'baseline.json');
    const recorded = await runCli([APP, '--suppress-all', '--suppressions-location', baseline]);
    assert.equal(recorded.code, 0, recorded.stdout);
    assert.deepEqual(JSON.parse(readFileSync(baseline, 'utf8')), {
      'fixtures/apps/prisma-api/.env.example': { 'pooler/url-startup-parameter': { count: 1 } },
      'fixtures/apps/prisma-api/prisma/schema.prisma': {
        'pooler/prisma-migrate-through-pooler': { count: 1 },
        'pooler/prisma-named-prepared-statements': { count: 1 },
      },
    });
    const again = await runCli([APP, '--format', 'markdown', '--suppressions-location', baseline]);
    assert.equal(again.code, 0, again.stdout);
    assert.match(again.stdout, /3 errors suppressed by the baseline\./);
  });

  it('the profile decides: PgBouncer 1.24 keeps named statements, so pgbouncer=true in the clean twin is reported', async () => {
    const [app, clean] = await Promise.all([
      runCli([APP, '--pooler', 'pgbouncer', '--pgbouncer-version', '1.24', '--format', 'json']),
      runCli([CLEAN, '--pooler', 'pgbouncer', '--pgbouncer-version', '1.24', '--format', 'json']),
    ]);
    assert.deepEqual([...reportedHazards(JSON.parse(app.stdout) as JsonResult[])].sort(), [
      'fixtures/apps/prisma-api/.env.example:3 pooler/url-startup-parameter',
      'fixtures/apps/prisma-api/prisma/schema.prisma:7 pooler/prisma-migrate-through-pooler',
    ]);
    assert.equal(clean.code, 1);
    assert.deepEqual([...reportedHazards(JSON.parse(clean.stdout) as JsonResult[])], ['fixtures/apps/prisma-clean-api/.env.example:4 pooler/prisma-pgbouncer-mode']);
  });

  it('--help documents the flags', async () => {
    const help = await runCli(['--help']);
    assert.match(help.stdout, /--no-prisma +do not read Prisma schemas/);
    assert.match(help.stdout, /--no-env-files +do not read env files/);
    assert.match(help.stdout, /--no-compose +do not read Compose files/);
  });
});
