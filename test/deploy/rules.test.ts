import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_DIRECT_URL_PATTERN } from '../../src/drivers/index.js';
import { parseEnvFile } from '../../src/deploy/env-files.js';
import type { PrismaDatasource } from '../../src/deploy/prisma.js';
import {
  migrateFindings,
  namedStatementFindings,
  pgbouncerModeFindings,
  startupFindings,
  type DeployContext,
  type EnvLookup,
  type UrlSite,
} from '../../src/deploy/rules.js';
import { parsePostgresUrl } from '../../src/deploy/urls.js';
import { resolveProfile } from '../../src/profiles/index.js';

function context(settings?: Parameters<typeof resolveProfile>[0]): DeployContext {
  return { profile: resolveProfile(settings), directUrlPattern: DEFAULT_DIRECT_URL_PATTERN };
}

function site(name: string | undefined, text: string): UrlSite {
  return { file: '/app/.env', line: 3, column: 14, ...(name !== undefined ? { name } : {}), url: parsePostgresUrl(text)! };
}

function lookupOf(text: string): EnvLookup {
  const entries = parseEnvFile('/app/.env.example', text);
  return (name) => entries.find((entry) => entry.name === name);
}

const POOLED = 'postgres://api:pw@pgbouncer:6432/app';
const SCHEMA: PrismaDatasource = {
  file: '/app/prisma/schema.prisma',
  origin: 'schema',
  line: 6,
  column: 1,
  provider: 'postgresql',
  url: { env: 'DATABASE_URL', line: 8, column: 15 },
};
const PRISMA_6 = { major: 6, version: '@prisma/client 6.19.0' };

describe('deploy rules: url-startup-parameter', () => {
  const url = site('DATABASE_URL', `${POOLED}?options=-c%20search_path%3Dapp&statement_timeout=5000&sslmode=require`);

  it('reports each startup parameter the profile rejects, at the value, naming the variable and never the value', () => {
    const found = startupFindings(url, context({ profile: 'pgbouncer', version: '1.18' }));
    assert.deepEqual(found.map((f) => `${f.line}:${f.column} ${f.id}`), ['3:14 url-startup-parameter', '3:14 url-startup-parameter']);
    assert.equal(
      found[1]!.message,
      '`DATABASE_URL` sends the startup parameter `statement_timeout`: under PgBouncer 1.18 in transaction mode it makes the connection fail with ' +
        '`unsupported startup parameter: statement_timeout`. Remove it from the connection string; set it per role with `ALTER ROLE … SET`, or with `SET LOCAL` inside transactions.',
    );
    assert.match(found[0]!.message, /^`DATABASE_URL` sends `-c search_path` in the `options` startup parameter: under PgBouncer 1\.18/);
    for (const f of found) assert.ok(!f.message.includes('pw@') && !f.message.includes('pgbouncer:6432'), f.message);
  });

  it('follows the profile: PgBouncer tracking search_path takes it in options; PgDog replays startup parameters', () => {
    const tracked = startupFindings(url, context({ profile: 'pgbouncer', version: '1.23', trackExtraParameters: ['search_path'] }));
    assert.deepEqual(tracked.map((f) => f.message.slice(0, 62)), ['`DATABASE_URL` sends the startup parameter `statement_timeout`']);
    assert.deepEqual(startupFindings(url, context({ profile: 'pgdog' })), []);
  });

  it('says nothing about a direct connection string', () => {
    assert.deepEqual(startupFindings(site('DIRECT_URL', 'postgres://db:5432/app?statement_timeout=5000'), context()), []);
    assert.deepEqual(startupFindings(site('DATABASE_URL', 'postgres://db.abcdefgh.supabase.co:5432/postgres?statement_timeout=1'), context()), []);
  });
});

describe('deploy rules: prisma-pgbouncer-mode', () => {
  const url = site('DATABASE_URL', `${POOLED}?pgbouncer=true`);

  it('reports pgbouncer=true on PgBouncer 1.21 with max_prepared_statements (I-8) and on later versions', () => {
    const on121 = pgbouncerModeFindings(url, context({ profile: 'pgbouncer', version: '1.21', maxPreparedStatements: 100 }));
    assert.deepEqual(on121.map((f) => f.id), ['prisma-pgbouncer-mode']);
    assert.match(on121[0]!.message, /^`DATABASE_URL` sets `pgbouncer=true`: Prisma then runs `DEALLOCATE ALL` around its queries, and under PgBouncer 1\.21/);
    assert.match(on121[0]!.message, /prisma\/orm#21635/);
    const on124 = pgbouncerModeFindings(url, context({ profile: 'pgbouncer', version: '1.24' }));
    assert.match(on124[0]!.message, /each query is prepared again\. Prisma's docs say not to set it from PgBouncer 1\.21 on/);
    assert.equal(pgbouncerModeFindings(url, context({ profile: 'neon' })).length, 1);
  });

  it('keeps quiet where pgbouncer=true is what Prisma needs: older PgBouncer, no max_prepared_statements, other poolers', () => {
    for (const settings of [undefined, { profile: 'pgbouncer', version: '1.18' }, { profile: 'pgbouncer', version: '1.21' }, { profile: 'supavisor' }, { profile: 'azure' }] as const) {
      assert.deepEqual(pgbouncerModeFindings(url, context(settings)), [], JSON.stringify(settings));
    }
    assert.deepEqual(pgbouncerModeFindings(site('DATABASE_URL', POOLED), context({ profile: 'pgbouncer', version: '1.24' })), []);
  });
});

describe('deploy rules: prisma-migrate-through-pooler', () => {
  it('reports a datasource without directUrl whose url goes through the pooler, at the block', () => {
    const found = migrateFindings(SCHEMA, lookupOf(`DATABASE_URL=${POOLED}`), context());
    assert.deepEqual(found.map((f) => `${f.file}:${f.line}:${f.column} ${f.id}`), ['/app/prisma/schema.prisma:6:1 prisma-migrate-through-pooler']);
    assert.match(
      found[0]!.message,
      /^`prisma migrate` connects with `url` \(the datasource has no `directUrl`\): `DATABASE_URL`, which goes through the pooler \(\.env\.example: port 6432, PgBouncer's default\)\. Migrate holds a session advisory lock/,
    );
    assert.match(found[0]!.message, /Add `directUrl = env\("DIRECT_URL"\)`/);
  });

  it('reports a directUrl that points at the pooler, at the directUrl', () => {
    const withDirect = { ...SCHEMA, directUrl: { env: 'DIRECT_URL', line: 9, column: 15 } };
    const found = migrateFindings(withDirect, lookupOf('DIRECT_URL=postgres://u:p@x.pooler.supabase.com:6543/postgres'), context());
    assert.deepEqual(found.map((f) => `${f.line}:${f.column}`), ['9:15']);
    assert.match(found[0]!.message, /connects with `directUrl`: `DIRECT_URL`, which goes through the pooler \(\.env\.example: Supabase's transaction-mode pooler, port 6543\)/);
    assert.deepEqual(migrateFindings(withDirect, lookupOf('DIRECT_URL=postgres://db:5432/app'), context()), []);
  });

  it('uses prisma.config.ts (Prisma 7) and follows the profile: session pooling and RDS Proxy pinning are fine', () => {
    const config: PrismaDatasource = { file: '/app/prisma.config.ts', origin: 'config', line: 4, column: 3, url: { env: 'DATABASE_URL', line: 5, column: 10 } };
    const found = migrateFindings(config, lookupOf(`DATABASE_URL=${POOLED}`), context());
    assert.deepEqual(found.map((f) => `${f.file}:${f.line}:${f.column}`), ['/app/prisma.config.ts:5:10']);
    assert.match(found[0]!.message, /prisma\.config\.ts's `datasource\.url` \(no `directUrl`\)/);
    assert.deepEqual(migrateFindings(SCHEMA, lookupOf(`DATABASE_URL=${POOLED}`), context({ profile: 'session' })), []);
    assert.deepEqual(migrateFindings(SCHEMA, lookupOf(`DATABASE_URL=${POOLED}`), context({ profile: 'rds-proxy' })), []);
  });
});

describe('deploy rules: prisma-named-prepared-statements', () => {
  it('reports Prisma ≤ 6 on a pooled url without pgbouncer=true, at the url', () => {
    const found = namedStatementFindings(SCHEMA, PRISMA_6, true, lookupOf(`DATABASE_URL=${POOLED}`), context({ profile: 'supavisor' }));
    assert.deepEqual(found.map((f) => `${f.line}:${f.column} ${f.id}`), ['8:15 prisma-named-prepared-statements']);
    assert.match(found[0]!.message, /^Prisma Client 6 \(`@prisma\/client 6\.19\.0`, Rust query engine\) prepares every query as a named statement \(`s0`, `s1`, …\) on `DATABASE_URL`, which goes through the pooler/);
    assert.match(found[0]!.message, /under Supavisor/);
    const unknown = namedStatementFindings(SCHEMA, PRISMA_6, true, lookupOf(''), context());
    assert.match(unknown[0]!.message, /no env file gives its value: unless the deployed value carries `pgbouncer=true`/);
  });

  it('keeps quiet with pgbouncer=true, a direct url, prepared-statement support, Prisma 7, an adapter, no Rust engine or no version', () => {
    const pooled = lookupOf(`DATABASE_URL=${POOLED}`);
    const quiet = [
      namedStatementFindings(SCHEMA, PRISMA_6, true, lookupOf(`DATABASE_URL=${POOLED}?pgbouncer=true`), context()),
      namedStatementFindings(SCHEMA, PRISMA_6, true, lookupOf('DATABASE_URL=postgres://db.abcdefgh.supabase.co:5432/postgres'), context()),
      namedStatementFindings(SCHEMA, PRISMA_6, true, pooled, context({ profile: 'pgbouncer', version: '1.21', maxPreparedStatements: 100 })),
      namedStatementFindings(SCHEMA, { major: 7, version: '@prisma/client 7.0.0' }, true, pooled, context()),
      namedStatementFindings(SCHEMA, { ...PRISMA_6, adapter: '@prisma/adapter-pg' }, true, pooled, context()),
      namedStatementFindings(SCHEMA, PRISMA_6, false, pooled, context()),
      namedStatementFindings(SCHEMA, {}, true, pooled, context()),
    ];
    assert.deepEqual(quiet.map((found) => found.length), [0, 0, 0, 0, 0, 0, 0]);
  });
});
