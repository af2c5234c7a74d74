import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { repoPath } from '../repo-root.js';
import { plantedHazards, reportedHazards, runCli, writeProjectFile, type CliRun } from './run-cli.js';
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
    assert.match(
      runs.clean!.stdout,
      /Analysed 3 JS\/TS files \(3 with type information\), 0 SQL files and 3 deployment files\.\nPooler: profile pgbouncer \(1\.18\.0\) from fixtures\/apps\/prisma-clean-api\/docker-compose\.yml:10\.\n✔ ready for transaction pooling on PgBouncer 1\.18\.0/,
    );
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
    assert.match(out, /\.env\.example\n {2}3:15 {2}error {2}`DATABASE_URL` sends `-c search_path` in the `options` startup parameter: under PgBouncer 1\.18\.0 in transaction mode it makes the connection fail with `unsupported startup parameter: options`\./);
    assert.match(out, /Pools: 1 configuration, 5 connections per process, 5 at peak \(1 instance\)/);
    assert.match(out, /Analysed 3 JS\/TS files \(3 with type information\), 0 SQL files and 3 deployment files\.\nPooler: profile pgbouncer \(1\.18\.0\) from fixtures\/apps\/prisma-api\/docker-compose\.yml:10\.\n✖ 3 blockers for transaction pooling on PgBouncer 1\.18\.0 in transaction mode\n$/);
  });

  it('markdown: one "Blockers by hazard" row per deployment rule, the Prisma pool sized by connection_limit', () => {
    const out = runs.markdown!.stdout;
    assert.match(out, /^## ❌ pooler-lint: 3 blockers for transaction pooling on PgBouncer 1\.18\.0 in transaction mode\n\n.*\n\nPooler: profile pgbouncer \(1\.18\.0\) from fixtures\/apps\/prisma-api\/docker-compose\.yml:10\.\n/);
    assert.ok(out.includes('| Require a direct (unpooled) connection string for Prisma Migrate | `pooler/prisma-migrate-through-pooler` | 1 |'), out);
    assert.ok(out.includes("| Disallow Prisma Client ≤ 6's named prepared statements through a pooler that does not support them | `pooler/prisma-named-prepared-statements` | 1 |"));
    assert.ok(out.includes('| Disallow startup parameters the pooler rejects in connection strings of env files, config files and Prisma schemas | `pooler/url-startup-parameter` | 1 |'));
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

  it('matches the report the README shows', () => {
    const marker = '<!-- output of `pooler-lint fixtures/apps/prisma-api --format markdown`';
    const readme = readFileSync(repoPath('README.md'), 'utf8');
    assert.ok(readme.includes(marker), 'README.md shows the Prisma demo report');
    const block = /````md\n([\s\S]*?)\n````/.exec(readme.slice(readme.indexOf(marker)))?.[1];
    assert.equal(block, runs.markdown!.stdout.trimEnd());
  });

  it('--help documents the flags', async () => {
    const help = await runCli(['--help']);
    assert.match(help.stdout, /--no-prisma +do not read Prisma schemas/);
    assert.match(help.stdout, /--no-env-files +do not read env files/);
    assert.match(help.stdout, /--no-compose +do not read Compose files/);
    assert.match(help.stdout, /--no-config-files +do not read connection strings in the project's config files/);
    assert.match(help.stdout, /--no-pooler-config +do not read the pooler's own configuration/);
  });
});

describe('pooler-lint on a Prisma 7 app (driver adapter, prisma.config.ts)', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'pooler-prisma7-'));
    const write = (file: string, text: string) => writeProjectFile(dir, file, text);
    write('package.json', JSON.stringify({ type: 'module', dependencies: { '@prisma/client': '7.0.0', '@prisma/adapter-pg': '7.0.0', pg: '^8.13.0' } }));
    write('prisma/schema.prisma', 'generator client {\n  provider = "prisma-client"\n}\n\ndatasource db {\n  provider = "postgresql"\n}\n');
    write('prisma.config.ts', "import { defineConfig, env } from 'prisma/config';\n\nexport default defineConfig({\n  datasource: {\n    url: env('DATABASE_URL'),\n  },\n});\n");
    write('.env.example', `DATABASE_URL="postgresql://api:${PASSWORD}@pgbouncer:6432/app?options=-c%20search_path%3Dapp"\n`);
    // A .gitignore that ignores every env file: the .env is not read, the committed .env.example is.
    write('.gitignore', '.env*\n');
    write('.env', 'DATABASE_URL="postgresql://api:local@localhost:5432/app?statement_timeout=1"\n');
    write(
      'src/db.ts',
      [
        "import { PrismaPg } from '@prisma/adapter-pg';",
        "import { PrismaClient } from '@prisma/client';",
        "import { Pool } from 'pg';",
        'const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 5, connectionTimeoutMillis: 5000 });',
        "export const prisma = new PrismaClient({ adapter: new PrismaPg(pool, { schema: 'app' }) });",
        'const reporting = new PrismaPg({ connectionString: process.env.DATABASE_URL, max: 7, connectionTimeoutMillis: 5000 });',
        'export const reports = new PrismaClient({ adapter: reporting });',
        '',
      ].join('\n'),
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("counts the adapters' pools, not the clients; names the readers of DATABASE_URL; Migrate's URL from prisma.config.ts", async () => {
    const run = await runCli(['--format', 'markdown'], { cwd: dir });
    assert.equal(run.code, 1, run.stderr);
    const out = run.stdout;
    assert.ok(out.includes('| `src/db.ts:4` | pg pool | `5` | 5 |\n| `src/db.ts:6` | prisma pool | `7` | 7 |\n| **Per process** | | | **12** |'), out);
    assert.ok(
      out.includes(
        '| `.env.example:1:15` | `pooler/url-startup-parameter` | `DATABASE_URL` sends `-c search_path` in the `options` startup parameter: under a transaction-mode pooler it makes the connection fail with `unsupported startup parameter: options`. ' +
          'Remove it from the connection string; set it per role with `ALTER ROLE … SET`, or with `SET LOCAL` inside transactions. Read by pg at src/db.ts:4 and prisma at src/db.ts:6. |',
      ),
      out,
    );
    assert.match(out, /\| `prisma\.config\.ts:5:10` \| `pooler\/prisma-migrate-through-pooler` \| `prisma migrate` connects with prisma\.config\.ts's `datasource\.url` \(no `directUrl`\)/);
    assert.doesNotMatch(out, /prisma-named-prepared-statements|statement_timeout/);
    assert.match(out, /and 3 deployment files with profile/);
    assert.ok(!out.includes(PASSWORD));
  });

  it('reads a git-ignored env template given by path; a git-ignored .env given by path is not analysed', async () => {
    const run = await runCli(['.env.example', '.env'], { cwd: dir });
    assert.match(run.stdout, /\.env\.example\n {2}1:15 {2}error/);
    assert.match(run.stdout, /Not analysed: 1 file\.\n {2}\.env: ignored by \.gitignore\n/);
  });
});
