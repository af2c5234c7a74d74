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

/** `file:line:column rule` of every message, paths relative to `dir`. */
function located(dir: string, stdout: string): string[] {
  return (JSON.parse(stdout) as JsonResult[]).flatMap((r) => r.messages.map((m) => `${path.relative(dir, r.filePath)}:${m.line}:${m.column} ${m.ruleId}`));
}

const APP_CODE = `import { Pool } from 'pg';

export const pool = new Pool({ max: 20, connectionTimeoutMillis: 5000 });

export async function find(id: string) {
  return pool.query({ name: 'find-user', text: 'SELECT * FROM users WHERE id = $1', values: [id] });
}
`;

const COMPOSE = `services:
  db:
    image: postgres:16
  pgbouncer:
    image: edoburu/pgbouncer:v1.22.1-p0
    environment:
      DATABASE_URL: postgres://app:s3cret-pw@db:5432/app
      POOL_MODE: transaction
      MAX_PREPARED_STATEMENTS: "100"
      DEFAULT_POOL_SIZE: "100"
      MAX_CLIENT_CONN: "50"
`;

describe("pooler-lint: the pooler's own configuration", () => {
  let dir: string;
  const write = (file: string, text: string) => writeProjectFile(dir, file, text);

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'pooler-config-cli-'));
    write('app/package.json', JSON.stringify({ type: 'module', dependencies: { pg: '^8.13.0' } }));
    write('app/src/db.ts', APP_CODE);
    write('app/docker-compose.yml', COMPOSE);
    write('ini/package.json', JSON.stringify({ type: 'module', dependencies: { pg: '^8.13.0' } }));
    write('ini/src/db.ts', APP_CODE);
    write('ini/deploy/pgbouncer.ini', '[databases]\napp = host=db dbname=app password=s3cret-pw\n\n[pgbouncer]\nlisten_port = 6432\nmax_client_conn = 1000\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a PgBouncer image in Compose sets the profile, the code rules follow it, and its sizing is checked against the inventory', async () => {
    const app = path.join(dir, 'app');
    const [stylish, json] = await Promise.all([
      runCli(['.', '--instances', '4'], { cwd: app }),
      runCli(['.', '--instances', '4', '--format', 'json'], { cwd: app }),
    ]);
    assert.equal(json.code, 1, json.stderr);
    // PgBouncer 1.22 with max_prepared_statements keeps named statements: no no-named-prepared-statements finding.
    assert.deepEqual(located(app, json.stdout), ['docker-compose.yml:10:7 pooler/pooler-size-budget', 'docker-compose.yml:11:7 pooler/pooler-max-client-conn']);
    assert.match(stylish.stdout, /\nPooler: profile pgbouncer \(1\.22\.1, max_prepared_statements=100\) from docker-compose\.yml:5\.\n✖ 2 blockers for transaction pooling on PgBouncer 1\.22\.1/);
    assert.match(stylish.stdout, /accepts at most 50 client connections \(MAX_CLIENT_CONN=50 at docker-compose\.yml:11\), but the app's pools open up to 80 at peak/);
    assert.match(json.stderr, /Pooler: profile pgbouncer \(1\.22\.1, max_prepared_statements=100\) from docker-compose\.yml:5\./);
    for (const run of [stylish, json]) assert.ok(!run.stdout.includes('s3cret-pw') && !run.stderr.includes('s3cret-pw'));
  });

  it('--no-pooler-config: the default profile, no sizing checks, and the named statement is reported', async () => {
    const app = path.join(dir, 'app');
    const run = await runCli(['.', '--instances', '4', '--no-pooler-config', '--format', 'json'], { cwd: app });
    assert.deepEqual(located(app, run.stdout), ['src/db.ts:6:23 pooler/no-named-prepared-statements']);
    assert.doesNotMatch(run.stderr, /Pooler:/);
  });

  it('flags win over the configuration found, and the report says so', async () => {
    const app = path.join(dir, 'app');
    const run = await runCli(['.', '--pooler', 'rds-proxy'], { cwd: app });
    assert.match(run.stdout, /\nPooler: profile rds-proxy from the command line\.\n {2}--pooler rds-proxy wins over the pgbouncer configuration found at docker-compose\.yml:5\.\n/);
    assert.match(run.stdout, /on RDS Proxy/);
  });

  it('a pgbouncer.ini without pool_mode is session mode: profile session and a pooler-pool-mode finding; passwords stay out of json', async () => {
    const app = path.join(dir, 'ini');
    const [stylish, json, markdown] = await Promise.all([
      runCli(['.'], { cwd: app }),
      runCli(['.', '--format', 'json'], { cwd: app }),
      runCli(['.', '--format', 'markdown'], { cwd: app }),
    ]);
    assert.deepEqual(located(app, json.stdout), ['deploy/pgbouncer.ini:4:1 pooler/pooler-pool-mode']);
    const ini = (JSON.parse(json.stdout) as JsonResult[]).find((r) => r.filePath.endsWith('pgbouncer.ini'))!;
    assert.equal(ini.source, undefined);
    assert.match(stylish.stdout, /\nPooler: profile session from deploy\/pgbouncer\.ini:4\.\n {2}No pool_mode is set: PgBouncer's default is session mode/);
    assert.match(markdown.stdout, /\n\nPooler: profile session from deploy\/pgbouncer\.ini:4\.\n- No pool_mode is set/);
    for (const run of [stylish, json, markdown]) assert.ok(!run.stdout.includes('s3cret-pw'));
  });
});
