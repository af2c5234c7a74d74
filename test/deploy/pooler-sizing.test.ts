import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PgBouncerConfig } from '../../src/deploy/pgbouncer-config.js';
import { parsePgBouncerIni } from '../../src/deploy/pgbouncer-ini.js';
import { poolersInCompose } from '../../src/deploy/pgbouncer-images.js';
import { poolerSizingFindings } from '../../src/deploy/pooler-sizing.js';

const INI = '/repo/deploy/pgbouncer.ini';
const COMPOSE = '/repo/docker-compose.yml';

function ini(lines: readonly string[]): PgBouncerConfig {
  return parsePgBouncerIni(lines.join('\n'), INI);
}

function image(ref: string, env: readonly string[], extra: readonly string[] = []): PgBouncerConfig {
  const [pooler] = poolersInCompose(['services:', '  pgbouncer:', `    image: ${ref}`, '    environment:', ...env.map((e) => `      - ${e}`), ...extra, ''].join('\n'), COMPOSE);
  assert.ok(pooler?.kind === 'pgbouncer');
  return pooler.config;
}

const ids = (config: PgBouncerConfig, options: Parameters<typeof poolerSizingFindings>[1] = {}) => poolerSizingFindings(config, options).map((f) => [f.id, f.line]);

describe('pooler-size-budget: server connections against max_connections less reserved', () => {
  const fourDatabases = [
    '[databases]', //                                    1
    'app = host=db dbname=app', //                       2
    'jobs = host=db dbname=jobs', //                     3
    'reports = host=db dbname=reports pool_size=5', //   4
    'audit = host=db dbname=audit user=auditor', //      5
    '[pgbouncer]', //                                    6
    'pool_mode = transaction', //                        7
    'default_pool_size = 25', //                         8
    'reserve_pool_size = 5', //                          9
  ];

  it('sums pool size + reserve per database and reports at default_pool_size, with the numbers and what to do', () => {
    const [finding, ...rest] = poolerSizingFindings(ini(fourDatabases));
    assert.deepEqual(rest, []);
    assert.deepEqual([finding?.id, finding?.file, finding?.line, finding?.column], ['pooler-size-budget', INI, 8, 1]);
    assert.equal(
      finding?.message,
      'PgBouncer (pgbouncer.ini) may open 100 server connections (app 30, jobs 30, reports 10, audit 30; default_pool_size=25 at pgbouncer.ini:8, ' +
        'reserve_pool_size=5 at pgbouncer.ini:9), for each user that logs in through it, more than the 90 the database allows ' +
        '(max_connections 100 − 10 reserved). When its pools fill, PostgreSQL refuses further connections ("sorry, too many clients already") ' +
        'and migrations, admin tools and other services cannot connect. Lower default_pool_size (or pool_size per database), or cap each ' +
        'database with max_db_connections, so the total stays within 90; if the database allows more, pass --max-connections.',
    );
  });

  it('uses the budget options as the pool budget does (max_connections, reserved; 10% reserved by default)', () => {
    assert.deepEqual(ids(ini(fourDatabases), { maxConnections: 112 }), []);
    assert.deepEqual(ids(ini(fourDatabases), { maxConnections: 111 }), [['pooler-size-budget', 8]]);
    assert.deepEqual(ids(ini(fourDatabases), { maxConnections: 100, reserved: 0 }), []);
  });

  it('max_db_connections caps each database, globally or per database', () => {
    assert.deepEqual(ids(ini([...fourDatabases, 'max_db_connections = 20'])), []);
    const perDatabase = ini(fourDatabases.map((line) => (line.startsWith('app ') ? 'app = host=db max_db_connections=4' : line)));
    assert.deepEqual(ids(perDatabase), []);
  });

  it('PgBouncer’s defaults apply when nothing is set: 20 per database, no reserve', () => {
    const five = ini(['[databases]', 'a = host=db', 'b = host=db', 'c = host=db', 'd = host=db', 'e = host=db', '[pgbouncer]', 'pool_mode = transaction']);
    const [finding] = poolerSizingFindings(five);
    assert.equal(finding?.id, 'pooler-size-budget');
    assert.deepEqual([finding?.line, finding?.column], [7, 1]);
    assert.match(finding?.message ?? '', /may open 100 server connections \(a 20, b 20, c 20, d 20, e 20; default_pool_size not set: PgBouncer's default 20\)/);
  });

  it('per-database overrides only: reports at the largest database', () => {
    const overrides = ini(['[databases]', 'small = host=db pool_size=10', 'big = host=db pool_size=95', '[pgbouncer]', 'pool_mode = transaction']);
    const [finding] = poolerSizingFindings(overrides);
    assert.deepEqual([finding?.id, finding?.line], ['pooler-size-budget', 3]);
  });

  it('a wildcard database makes the total a floor; forced users are not per user', () => {
    const config = ini(['[databases]', '* = host=db user=app', '[pgbouncer]', 'pool_mode = transaction', 'default_pool_size = 95']);
    const message = poolerSizingFindings(config)[0]?.message ?? '';
    assert.match(message, /may open at least 95 server connections/);
    assert.doesNotMatch(message, /for each user/);
  });

  it('no databases, or pool sizes from the shell: no budget finding', () => {
    assert.deepEqual(ids(ini(['[pgbouncer]', 'pool_mode = transaction', 'default_pool_size = 500'])), []);
    assert.deepEqual(ids(image('edoburu/pgbouncer:1.22.1', ['POOL_MODE=transaction', 'DEFAULT_POOL_SIZE=${SIZE}', 'DATABASE_URLS=a,b,c,d,e'])), []);
  });

  it('names the image variables for an image', () => {
    const [finding] = poolerSizingFindings(image('edoburu/pgbouncer:1.22.1', ['POOL_MODE=transaction', 'DEFAULT_POOL_SIZE=50', 'DATABASE_URLS=a,b']));
    assert.deepEqual([finding?.id, finding?.file, finding?.line], ['pooler-size-budget', COMPOSE, 6]);
    assert.match(finding?.message ?? '', /^PgBouncer \(edoburu\/pgbouncer:1\.22\.1, service pgbouncer\) may open 100 server connections \(DATABASE_URLS\[0\] 50, DATABASE_URLS\[1\] 50; DEFAULT_POOL_SIZE=50 at docker-compose\.yml:6\)/);
    assert.match(finding?.message ?? '', /Lower DEFAULT_POOL_SIZE \(or pool_size per database\), or cap each database with MAX_DB_CONNECTIONS/);
  });
});

describe('pooler-pool-mode: session mode', () => {
  it('no pool_mode: PgBouncer’s default session mode is reported at the [pgbouncer] header, whatever the load', () => {
    const [finding, ...rest] = poolerSizingFindings(ini(['[databases]', 'app = host=db', '[pgbouncer]', 'listen_port = 6432']));
    assert.deepEqual(rest, []);
    assert.deepEqual([finding?.id, finding?.line, finding?.column], ['pooler-pool-mode', 3, 1]);
    assert.equal(
      finding?.message,
      "PgBouncer (pgbouncer.ini) has no pool_mode, so it runs in PgBouncer's default session mode: each client holds a server connection until it " +
        'disconnects, so nothing is multiplexed. With many clients this is the problem a pooler is meant to solve: idle client connections keep ' +
        'server connections busy. Set pool_mode = transaction and fix what pooler-lint reports under --pooler pgbouncer (session state, named ' +
        "prepared statements), or size the app's pools within what PgBouncer holds.",
    );
  });

  it('an image without its pool mode variable: reported at the image, naming the variable', () => {
    const [finding] = poolerSizingFindings(image('bitnami/pgbouncer:1.24.1', ['PGBOUNCER_DATABASE=app']));
    assert.deepEqual([finding?.id, finding?.file, finding?.line, finding?.column], ['pooler-pool-mode', COMPOSE, 3, 12]);
    assert.match(finding?.message ?? '', /has no PGBOUNCER_POOL_MODE, so it runs in PgBouncer's default session mode/);
    assert.match(finding?.message ?? '', /Set PGBOUNCER_POOL_MODE=transaction/);
  });

  it('session mode set on purpose: reported only when the app’s clients outnumber the server connections', () => {
    const config = ini(['[databases]', 'app = host=db', '[pgbouncer]', 'pool_mode = session', 'default_pool_size = 30']);
    assert.deepEqual(ids(config), []);
    assert.deepEqual(ids(config, { peakClients: 30 }), []);
    const [finding] = poolerSizingFindings(config, { peakClients: 31 });
    assert.deepEqual([finding?.id, finding?.line], ['pooler-pool-mode', 4]);
    assert.match(finding?.message ?? '', /runs in session mode \(pool_mode=session, pgbouncer\.ini:4\)/);
    assert.match(finding?.message ?? '', /The app's pools open up to 31 client connections at peak but PgBouncer's pools hold 30: the other clients wait and time out\./);
  });

  it('a pool mode that may be set in an env_file: no finding', () => {
    assert.deepEqual(ids(image('edoburu/pgbouncer:1.22.1', ['DATABASE_URLS=a,b,c,d,e'], ['    env_file: .env.pgbouncer']), { peakClients: 500 }), []);
  });

  it('a pool mode that may be set in an %include file: no finding', () => {
    assert.deepEqual(ids(ini(['[databases]', 'app = host=db', '[pgbouncer]', '%include /etc/pgbouncer/mode.ini']), { peakClients: 500 }), []);
  });

  it('transaction and statement mode, or a mode from the shell: no finding', () => {
    assert.deepEqual(ids(ini(['[databases]', 'app = host=db', '[pgbouncer]', 'pool_mode = transaction']), { peakClients: 50 }), []);
    assert.deepEqual(ids(ini(['[databases]', 'app = host=db', '[pgbouncer]', 'pool_mode = statement']), { peakClients: 50 }), []);
    assert.deepEqual(ids(image('edoburu/pgbouncer:1.22.1', ['POOL_MODE=${MODE}']), { peakClients: 50 }), []);
  });
});

describe('pooler-max-client-conn: the app’s clients at peak against max_client_conn', () => {
  const config = ini(['[databases]', 'app = host=db', '[pgbouncer]', 'pool_mode = transaction', 'max_client_conn = 200']);

  it('reports at max_client_conn when the peak exceeds it, with both numbers and the fix', () => {
    assert.deepEqual(ids(config, { peakClients: 200 }), []);
    const [finding] = poolerSizingFindings(config, { peakClients: 244 });
    assert.deepEqual([finding?.id, finding?.line, finding?.column], ['pooler-max-client-conn', 5, 1]);
    assert.equal(
      finding?.message,
      'PgBouncer (pgbouncer.ini) accepts at most 200 client connections (max_client_conn=200 at pgbouncer.ini:5), but the app\'s pools open up ' +
        'to 244 at peak: the connections beyond 200 are refused ("no more connections allowed (max_client_conn)") and the requests that wait ' +
        'for them fail. Raise max_client_conn to at least 244 (PgBouncer needs a file descriptor for each: check its ulimit -n), or shrink ' +
        "the app's pools.",
    );
  });

  it('the default 100 applies when not set, reported at the config', () => {
    const [finding] = poolerSizingFindings(image('edoburu/pgbouncer:1.22.1', ['POOL_MODE=transaction']), { peakClients: 120 });
    assert.deepEqual([finding?.id, finding?.line], ['pooler-max-client-conn', 3]);
    assert.match(finding?.message ?? '', /accepts at most 100 client connections \(MAX_CLIENT_CONN not set: PgBouncer's default 100\)/);
    assert.match(finding?.message ?? '', /Raise MAX_CLIENT_CONN to at least 120/);
  });

  it('no peak figure, or a limit from the shell: no finding', () => {
    assert.deepEqual(ids(config), []);
    assert.deepEqual(ids(image('edoburu/pgbouncer:1.22.1', ['POOL_MODE=transaction', 'MAX_CLIENT_CONN=${MAX}']), { peakClients: 500 }), []);
  });
});

describe('poolerSizingFindings: all three, in order', () => {
  it('budget, pool mode, max_client_conn', () => {
    const config = ini(['[databases]', 'a = host=db', 'b = host=db', 'c = host=db', 'd = host=db', 'e = host=db', '[pgbouncer]', 'listen_port = 6432']);
    assert.deepEqual(ids(config, { peakClients: 150 }), [
      ['pooler-size-budget', 7],
      ['pooler-pool-mode', 7],
      ['pooler-max-client-conn', 7],
    ]);
  });
});
