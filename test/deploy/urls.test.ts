import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_DIRECT_URL_PATTERN } from '../../src/drivers/index.js';
import { parsePostgresUrl, routingOf, safeUrl, urlParam, urlStartupParameters } from '../../src/deploy/urls.js';

function parse(text: string) {
  const url = parsePostgresUrl(text);
  assert.ok(url, text);
  return url;
}

describe('deploy: connection strings', () => {
  it('parses a URL without keeping the credentials', () => {
    const url = parse('postgresql://api:s3cr%40t@Db.Example.com:6543/app?pgbouncer=true&connection_limit=5&options=-c%20search_path%3Dapp');
    assert.deepEqual(url, {
      form: 'url',
      host: 'db.example.com',
      port: 6543,
      database: 'app',
      params: [
        { key: 'pgbouncer', value: 'true' },
        { key: 'connection_limit', value: '5' },
        { key: 'options', value: '-c search_path=app' },
      ],
    });
    assert.ok(!JSON.stringify(url).includes('s3cr'), 'no password');
    assert.equal(safeUrl(url), 'db.example.com:6543/app');
    assert.equal(urlParam(url, 'connection_limit'), '5');
  });

  it('reads templated, multi-host and key=value connection strings; other text is none', () => {
    assert.deepEqual(parse('postgres://${PGUSER}:${PGPASSWORD}@${PGHOST}:5432/app'), { form: 'url', host: '${pghost}', port: 5432, database: 'app', params: [] });
    assert.equal(parse('postgres://u@a:5432,b:6432/app').port, 6432);
    assert.deepEqual(parse("host=db port=6432 dbname=app user=api password=pw options='-c statement_timeout=5s'"), {
      form: 'keywords',
      host: 'db',
      port: 6432,
      database: 'app',
      params: [{ key: 'options', value: '-c statement_timeout=5s' }],
    });
    assert.equal(parsePostgresUrl('mysql://db/app'), undefined);
    assert.equal(parsePostgresUrl('hello=world'), undefined);
    assert.equal(parsePostgresUrl('3000'), undefined);
  });

  it('tells pooled from direct by known pooler hosts and ports, then by the variable name', () => {
    const routing = (name: string | undefined, text: string) => routingOf(name, parsePostgresUrl(text), DEFAULT_DIRECT_URL_PATTERN);
    assert.deepEqual(routing('DIRECT_URL', 'postgres://db:5432/app'), { pooled: false, reason: 'named like a direct connection' });
    assert.deepEqual(routing('DATABASE_URL', 'postgres://aws-0-eu.pooler.supabase.com:6543/postgres'), { pooled: true, reason: "Supabase's transaction-mode pooler, port 6543" });
    assert.equal(routing('DATABASE_URL', 'postgres://aws-0-eu.pooler.supabase.com:5432/postgres').pooled, false);
    assert.equal(routing('DATABASE_URL', 'postgres://db.abcdefgh.supabase.co:5432/postgres').pooled, false);
    assert.equal(routing('DATABASE_URL', 'postgres://ep-x-123-pooler.us-east-2.aws.neon.tech/neondb').pooled, true);
    assert.equal(routing('DATABASE_URL', 'postgres://ep-x-123.us-east-2.aws.neon.tech/neondb').pooled, false);
    assert.equal(routing('DATABASE_URL', 'postgres://app.proxy-abc123.eu-west-1.rds.amazonaws.com/app').pooled, true);
    assert.equal(routing('DATABASE_URL', 'postgres://pgbouncer:5432/app').pooled, true);
    // A "direct" URL that points at the pooler is pooled: the address wins over the name.
    assert.equal(routing('DIRECT_URL', 'postgres://x.pooler.supabase.com:6543/postgres').pooled, true);
    // Nothing says direct: pooled, as pooler-lint assumes for the code.
    assert.deepEqual(routing('DATABASE_URL', 'postgres://localhost:5432/app'), { pooled: true, reason: 'not named or addressed as a direct connection' });
    assert.equal(routing(undefined, 'postgres://localhost/app').pooled, true);
  });

  it('lists the startup parameters pg and libpq send; postgres.js also sends every parameter it does not know', () => {
    const url = parse('postgres://db/app?schema=app&statement_timeout=5000&sslmode=require&options=--lock_timeout%3D1s%20-c%20search_path%3Dapp&connection_limit=3');
    assert.deepEqual(urlStartupParameters(url), [
      { parameter: 'statement_timeout', guc: 'statement_timeout' },
      { parameter: 'options', guc: 'lock_timeout' },
      { parameter: 'options', guc: 'search_path' },
    ]);
    assert.deepEqual(
      urlStartupParameters(url, 'postgres').map((p) => p.parameter),
      ['schema', 'statement_timeout', 'options', 'options', 'connection_limit'],
    );
  });
});
