import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli, writeProjectFile } from './run-cli.js';

interface JsonResult {
  filePath: string;
  source?: string;
  messages: Array<{ ruleId: string | null; line: number; column: number; message: string }>;
}

const SEQUELIZE_CONFIG = `{
  "development": { "url": "postgres://app:s3cret-pw@localhost:5432/app", "dialect": "postgres" },
  "production": {
    "url": "postgres://app:s3cret-pw@pgbouncer:6432/app?options=-c%20search_path%3Dtenant",
    "dialect": "postgres"
  }
}
`;

const ORMCONFIG = `type: postgres
url: postgres://app:s3cret-pw@db.example.com:6543/app?pgbouncer=true&statement_timeout=5000
`;

describe("pooler-lint: connection strings in the project's config files", () => {
  let dir: string;
  const write = (file: string, text: string) => writeProjectFile(dir, file, text);

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'pooler-config-files-'));
    write('package.json', JSON.stringify({ type: 'module', dependencies: { pg: '^8.13.0' } }));
    write('config/config.json', SEQUELIZE_CONFIG);
    write('config/tsconfig.json', '{ "url": "postgres://app@pgbouncer:6432/app?options=-c%20x%3D1" }');
    write('ormconfig.yml', ORMCONFIG);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reports the startup parameters of pooled URLs at the value, named by key path, without secrets or source', async () => {
    const [json, stylish, sarif] = await Promise.all([
      runCli(['.', '--format', 'json'], { cwd: dir }),
      runCli(['.'], { cwd: dir }),
      runCli(['.', '--format', 'sarif'], { cwd: dir }),
    ]);
    assert.equal(json.code, 1, json.stderr);
    const results = JSON.parse(json.stdout) as JsonResult[];
    const located = results.flatMap((r) => r.messages.map((m) => `${path.relative(dir, r.filePath)}:${m.line}:${m.column} ${m.ruleId}`));
    assert.deepEqual(located, [
      'config/config.json:4:13 pooler/url-startup-parameter',
      'ormconfig.yml:2:6 pooler/url-startup-parameter',
    ]);
    const messages = results.flatMap((r) => r.messages.map((m) => m.message));
    assert.match(messages[0]!, /^`production\.url` sends `-c search_path` in the `options` startup parameter: under a transaction-mode pooler it makes the connection fail/);
    assert.match(messages[1]!, /^`url` sends the startup parameter `statement_timeout`: under a transaction-mode pooler/);
    assert.ok(results.every((r) => r.source === undefined));
    for (const run of [json, stylish, sarif]) assert.ok(!run.stdout.includes('s3cret-pw') && !run.stderr.includes('s3cret-pw'));
    assert.match(sarif.stdout, /"ruleId": "pooler\/url-startup-parameter"/);
  });

  it('--no-config-files reads none of them', async () => {
    const run = await runCli(['.', '--no-config-files', '--format', 'json'], { cwd: dir });
    assert.equal(run.code, 0, run.stdout);
    assert.deepEqual((JSON.parse(run.stdout) as JsonResult[]).flatMap((r) => r.messages), []);
  });

  it('a config file given by path is read', async () => {
    const run = await runCli(['ormconfig.yml', '--format', 'json'], { cwd: dir });
    assert.deepEqual((JSON.parse(run.stdout) as JsonResult[]).flatMap((r) => r.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}`)), ['2:6 pooler/url-startup-parameter']);
  });
});
