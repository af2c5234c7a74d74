import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_DIRECT_URL_PATTERN } from '../../src/drivers/index.js';
import { deploySourceOf, isDeployFile, isEnvTemplate, scanDeployment } from '../../src/deploy/scan.js';
import { resolveProfile } from '../../src/profiles/index.js';

const CONTEXT = { profile: resolveProfile(undefined), directUrlPattern: DEFAULT_DIRECT_URL_PATTERN };

let root: string;
before(() => {
  root = mkdtempSync(path.join(tmpdir(), 'pooler-deploy-'));
});
after(() => rmSync(root, { recursive: true, force: true }));

/** A fresh folder under this file's temporary root. */
function folder(): string {
  return mkdtempSync(path.join(root, 'case-'));
}

describe('deploy: the scan', () => {
  let dir: string;
  const file = (relative: string, text: string) => {
    const full = path.join(dir, relative);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, text);
    return full;
  };
  before(() => {
    dir = folder();
  });

  it('knows deployment files by name; code files named like env files are code', () => {
    assert.deepEqual(
      ['schema.prisma', 'prisma.config.ts', '.env', '.env.example', '.env.production.local', '.env.ts', 'env.example', 'prisma.ts'].map((name) => deploySourceOf(`/app/${name}`) ?? '-'),
      ['prisma', 'prisma', 'env', 'env', 'env', '-', '-', '-'],
    );
    assert.equal(isDeployFile('/app/.env.local'), true);
    assert.deepEqual(
      ['.env.example', '.env.production.example', '.env.sample', '.env.template', '.env', '.env.local', '.env.examples.ts'].map((name) => isEnvTemplate(`/app/${name}`)),
      [true, true, true, true, false, false, false],
    );
  });

  it('joins env("X") to the env files, checks every URL once, and takes connection_limit for the inventory', async () => {
    const pkg = file('api/package.json', JSON.stringify({ dependencies: { '@prisma/client': '^6.2.0' } }));
    const schema = file('api/prisma/schema.prisma', 'datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n  directUrl = env("DIRECT_URL")\n}\n');
    const env = file('api/.env.example', 'DATABASE_URL=postgres://u:p@pgbouncer:6432/app?connection_limit=7&statement_timeout=1000\nDIRECT_URL=postgres://u:p@db:5432/app\n');
    const scan = await scanDeployment([env, schema], dir, CONTEXT);
    assert.equal(scan.files, 2);
    assert.deepEqual(scan.unreadable, []);
    assert.deepEqual(
      scan.findings.map((f) => `${path.relative(dir, f.file)}:${f.line}:${f.column} ${f.id}`),
      ['api/.env.example:1:14 url-startup-parameter', 'api/prisma/schema.prisma:3:9 prisma-named-prepared-statements'],
    );
    assert.deepEqual(scan.prismaPools.map((p) => [p.variable, p.connectionLimit, path.relative(dir, p.file)]), [['DATABASE_URL', 7, 'api/.env.example']]);
    assert.deepEqual(scan.env.map((e) => e.name), ['DATABASE_URL', 'DIRECT_URL']);
    rmSync(pkg);
  });

  it("reads Migrate's URL from prisma.config.ts when it has one, even without a schema beside it", async () => {
    const config = file('v7/prisma.config.ts', "export default defineConfig({ datasource: { url: env('DATABASE_URL') } });\n");
    const env = file('v7/.env', 'DATABASE_URL=postgres://u:p@x.pooler.supabase.com:6543/postgres\n');
    const scan = await scanDeployment([config, env], dir, CONTEXT);
    assert.deepEqual(scan.findings.map((f) => `${path.relative(dir, f.file)}:${f.line}:${f.column} ${f.id}`), ['v7/prisma.config.ts:1:50 prisma-migrate-through-pooler']);
  });

  it('lists a file it cannot read and goes on', async () => {
    const scan = await scanDeployment([path.join(dir, 'missing/.env')], dir, CONTEXT);
    assert.equal(scan.files, 0);
    assert.match(scan.unreadable[0]!.reason, /^could not be read: ENOENT/);
  });
});

describe('deploy: Compose files in the scan', () => {
  let dir: string;
  before(() => {
    dir = folder();
  });

  it("checks the app services' connection strings (defaults of ${X:-…} included), not the pooler's own", async () => {
    const compose = path.join(dir, 'docker-compose.yml');
    writeFileSync(
      compose,
      [
        'services:',
        '  pgbouncer:',
        '    image: edoburu/pgbouncer:v1.18.0-p0',
        '    environment:',
        '      DATABASE_URL: postgres://u:p@db:5432/app?options=-c%20search_path%3Dx',
        '  api:',
        '    image: node:22',
        '    environment:',
        '      DATABASE_URL: ${DATABASE_URL:-postgres://u:p@pgbouncer:5432/app?statement_timeout=5000}',
        '      PORT: "3000"',
      ].join('\n'),
    );
    const scan = await scanDeployment([compose], dir, CONTEXT);
    assert.deepEqual(scan.findings.map((f) => `${f.line}:${f.column} ${f.id} ${f.message.slice(0, 62)}`), [
      '9:7 url-startup-parameter `DATABASE_URL` sends the startup parameter `statement_timeout`',
    ]);
    assert.equal(deploySourceOf(compose), 'compose');
  });
});

describe('deploy: the code that reads a variable', () => {
  let dir: string;
  before(() => {
    dir = folder();
  });

  it('names the pools fed from the variable; postgres.js adds the parameters only it sends', async () => {
    const env = path.join(dir, '.env.example');
    writeFileSync(env, 'DATABASE_URL=postgres://u:p@pgbouncer:6432/app?options=-c%20search_path%3Dapp&schema=app\nOTHER_URL=postgres://u:p@pgbouncer:6432/app?schema=app\n');
    const readers = [
      { variable: 'DATABASE_URL', driver: 'pg', file: path.join(dir, 'src/db.ts'), line: 4 },
      { variable: 'DATABASE_URL', driver: 'postgres', file: path.join(dir, 'src/sql.ts'), line: 2 },
    ];
    const scan = await scanDeployment([env], dir, CONTEXT, readers);
    assert.deepEqual(
      scan.findings.map((f) => `${f.line}:${f.column} ${f.message.replace(/: under .*? inside transactions\./, ':….')}`),
      [
        '1:14 `DATABASE_URL` sends `-c search_path` in the `options` startup parameter:…. Read by pg at src/db.ts:4 and postgres.js at src/sql.ts:2.',
        '1:14 `DATABASE_URL` sends the startup parameter `schema`:…. Read by postgres.js at src/sql.ts:2, which sends every URL parameter it does not know as a startup parameter.',
      ],
    );
  });
});

describe('deploy: a Prisma Client given its own URL in the code', () => {
  let dir: string;
  before(() => {
    dir = folder();
  });

  it("leaves the schema's url out of the named-statement check unless the code reads that same variable", async () => {
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ dependencies: { '@prisma/client': '^6.19.0' } }));
    const schema = path.join(dir, 'schema.prisma');
    writeFileSync(schema, 'datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n  directUrl = env("DIRECT_URL")\n}\n');
    const ids = async (readers: Parameters<typeof scanDeployment>[3]) => (await scanDeployment([schema], dir, CONTEXT, readers)).findings.map((f) => f.id);
    const client = { driver: 'prisma', file: path.join(dir, 'db.ts'), line: 3 };
    assert.deepEqual(await ids([]), ['prisma-named-prepared-statements']);
    assert.deepEqual(await ids([client]), [], 'datasourceUrl: getDatabaseUrl()');
    assert.deepEqual(await ids([{ ...client, variable: 'DATABASE_URL' }]), ['prisma-named-prepared-statements']);
    assert.deepEqual(await ids([{ ...client, variable: 'POOLED_URL' }]), []);
  });
});
