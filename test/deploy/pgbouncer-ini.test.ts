import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { connectionPairs, isPgBouncerIni, parsePgBouncerIni } from '../../src/deploy/pgbouncer-ini.js';

const FILE = '/repo/deploy/pgbouncer.ini';

describe('parsePgBouncerIni: the [pgbouncer] settings with their positions', () => {
  const text = [
    ';; PgBouncer for the API', //                           1
    '[databases]', //                                         2
    'app = host=db port=5432 dbname=app', //                  3
    '', //                                                    4
    '[pgbouncer]', //                                         5
    'listen_port = 6432', //                                  6
    '  pool_mode = transaction', //                           7
    'max_prepared_statements = 200', //                       8
    'default_pool_size=25', //                                9
    'max_client_conn = 500', //                               10
    'max_db_connections = 80', //                             11
    'max_user_connections = 40', //                           12
    'reserve_pool_size = 5', //                               13
    'ignore_startup_parameters = extra_float_digits, Options', // 14
    'track_extra_parameters = search_path', //               15
    '',
  ].join('\n');
  const config = parsePgBouncerIni(text, FILE);

  it('starts at the [pgbouncer] header', () => {
    assert.deepEqual([config.file, config.line, config.column], [FILE, 5, 1]);
  });

  it('reads each setting with its name, line and column', () => {
    assert.deepEqual(config.poolMode, { value: 'transaction', name: 'pool_mode', line: 7, column: 3 });
    assert.deepEqual(config.maxPreparedStatements, { value: 200, name: 'max_prepared_statements', line: 8, column: 1 });
    assert.deepEqual(config.defaultPoolSize, { value: 25, name: 'default_pool_size', line: 9, column: 1 });
    assert.equal(config.maxClientConn?.value, 500);
    assert.equal(config.maxDbConnections?.value, 80);
    assert.equal(config.maxUserConnections?.value, 40);
    assert.deepEqual([config.reservePoolSize?.value, config.reservePoolSize?.line], [5, 13]);
  });

  it('reads parameter lists lower case', () => {
    assert.deepEqual(config.ignoreStartupParameters?.value, ['extra_float_digits', 'options']);
    assert.deepEqual(config.trackExtraParameters?.value, ['search_path']);
  });

  it('has no notes for a clean file', () => {
    assert.deepEqual(config.notes, []);
  });
});

describe('parsePgBouncerIni: [databases] and [users]', () => {
  const text = [
    '[databases]', //                                                          1
    'app = host=db dbname=app pool_size=10 reserve_pool=2', //                 2
    'reports = host=db dbname=reports pool_mode=session max_db_connections=5', // 3
    "forced = host=db dbname='my db' user=svc password='p\\'w'", //             4
    '* = host=db', //                                                          5
    'newer = host=db reserve_pool_size=3', //                                  6
    'app = host=db dbname=app pool_size=12', //                                7
    '[users]', //                                                              8
    'svc = pool_mode=transaction max_user_connections=30', //                  9
    '[pgbouncer]', //                                                          10
    'pool_mode = transaction', //                                              11
  ].join('\n');
  const config = parsePgBouncerIni(text, FILE);

  it('lists the databases; the last of two equal names wins, in the first one’s place', () => {
    assert.deepEqual(
      config.databases.map((d) => d.name),
      ['app', 'reports', 'forced', '*', 'newer'],
    );
    assert.deepEqual(config.databases[0], { name: 'app', line: 7, column: 1, poolSize: 12, forcedUser: false });
  });

  it('reads per-database overrides: pool size, reserve, pool mode, max_db_connections, a forced user', () => {
    const byName = new Map(config.databases.map((d) => [d.name, d]));
    assert.deepEqual(byName.get('reports'), { name: 'reports', line: 3, column: 1, poolMode: 'session', maxDbConnections: 5, forcedUser: false });
    assert.deepEqual(byName.get('forced'), { name: 'forced', line: 4, column: 1, forcedUser: true });
    assert.deepEqual(byName.get('newer'), { name: 'newer', line: 6, column: 1, reservePool: 3, forcedUser: false });
  });

  it('keeps no host, password or database name of an entry', () => {
    assert.doesNotMatch(JSON.stringify(config), /p'w|my db|host/);
  });

  it('reads [users] entries', () => {
    assert.deepEqual(config.users, [{ name: 'svc', line: 9, column: 1, poolMode: 'transaction', maxUserConnections: 30 }]);
  });

  it('reads a reserve_pool given with the old name', () => {
    const app = parsePgBouncerIni('[databases]\nx = host=db reserve_pool=2\n', FILE).databases[0];
    assert.equal(app?.reservePool, 2);
  });
});

describe('parsePgBouncerIni: what PgBouncer 1.18 refuses or ignores', () => {
  it('comments start only at the start of a line: an inline comment makes the value invalid', () => {
    const config = parsePgBouncerIni('[pgbouncer]\n; pool_mode = session\n# max_client_conn = 5\ndefault_pool_size = 7 ; seven\n', FILE);
    assert.equal(config.poolMode, undefined);
    assert.equal(config.maxClientConn, undefined);
    assert.equal(config.defaultPoolSize, undefined);
    assert.deepEqual(config.notes, [
      "default_pool_size = '7 ; seven' at pgbouncer.ini:4 is not a whole number: PgBouncer refuses to start with it, so pooler-lint ignores it.",
    ]);
  });

  it('reads the pool mode in any case, refuses anything else (quotes included)', () => {
    assert.equal(parsePgBouncerIni('[pgbouncer]\npool_mode = Transaction\n', FILE).poolMode?.value, 'transaction');
    const quoted = parsePgBouncerIni('[pgbouncer]\npool_mode = "transaction"\n', FILE);
    assert.equal(quoted.poolMode, undefined);
    assert.match(quoted.notes[0] ?? '', /pool_mode = '"transaction"' at pgbouncer\.ini:2 is not session, transaction or statement/);
  });

  it('setting names are case-sensitive: a capitalised one is refused with a note', () => {
    const config = parsePgBouncerIni('[pgbouncer]\nPool_Mode = transaction\n', FILE);
    assert.equal(config.poolMode, undefined);
    assert.deepEqual(config.notes, ["Pool_Mode at pgbouncer.ini:2: PgBouncer reads setting names case-sensitively and refuses 'Pool_Mode'; write pool_mode."]);
  });

  it('section names are case-sensitive: settings under [PgBouncer] are not read', () => {
    const config = parsePgBouncerIni('[PgBouncer]\npool_mode = transaction\n', FILE);
    assert.equal(config.poolMode, undefined);
    assert.match(config.notes[0] ?? '', /Section \[PgBouncer\] at pgbouncer\.ini:1 is not one PgBouncer knows/);
  });

  it('the last of two equal settings wins', () => {
    const config = parsePgBouncerIni('[pgbouncer]\ndefault_pool_size = 5\ndefault_pool_size = 9\n', FILE);
    assert.deepEqual([config.defaultPoolSize?.value, config.defaultPoolSize?.line], [9, 3]);
  });

  it('lists %include lines and says they are not followed', () => {
    const config = parsePgBouncerIni('[pgbouncer]\npool_mode = transaction\n%include /etc/pgbouncer/extra.ini\n', FILE);
    assert.deepEqual(config.includes, [{ value: '/etc/pgbouncer/extra.ini', name: '%include', line: 3, column: 1 }]);
    assert.deepEqual(config.notes, ['%include /etc/pgbouncer/extra.ini (pgbouncer.ini:3) is not followed: settings in included files are not read.']);
  });

  it('with an %include, the settings this file does not set are unknown (not defaulted)', () => {
    const config = parsePgBouncerIni('[pgbouncer]\npool_mode = transaction\n%include extra.ini\n', FILE);
    assert.ok(!config.unknown.includes('pool_mode'));
    assert.ok(config.unknown.includes('max_client_conn'));
    assert.ok(config.unknown.includes('default_pool_size'));
    assert.deepEqual(parsePgBouncerIni('[pgbouncer]\npool_mode = transaction\n', FILE).unknown, []);
  });

  it('ignores negative numbers and refuses bad parameter lists', () => {
    const config = parsePgBouncerIni('[pgbouncer]\nmax_client_conn = -1\nignore_startup_parameters = a b\n', FILE);
    assert.equal(config.maxClientConn, undefined);
    assert.equal(config.ignoreStartupParameters, undefined);
    assert.equal(config.notes.length, 2);
  });

  it('an empty list is an empty list', () => {
    assert.deepEqual(parsePgBouncerIni('[pgbouncer]\nignore_startup_parameters =\n', FILE).ignoreStartupParameters?.value, []);
  });
});

describe('parsePgBouncerIni: odd input', () => {
  it('reads nothing from an empty file, or a file without sections', () => {
    for (const text of ['', '\n\n', 'pool_mode = transaction\n', '[pgbouncer\npool_mode = transaction\n']) {
      const config = parsePgBouncerIni(text, FILE);
      assert.equal(config.poolMode, undefined, JSON.stringify(text));
      assert.deepEqual([config.line, config.column, config.databases], [1, 1, []]);
    }
  });

  it('reads CRLF and CR line ends', () => {
    assert.deepEqual(parsePgBouncerIni('[pgbouncer]\r\npool_mode = session\r\n', FILE).poolMode?.line, 2);
    assert.deepEqual(parsePgBouncerIni('[pgbouncer]\rpool_mode = session\r', FILE).poolMode?.line, 2);
  });

  it('skips lines without a key, and settings outside [pgbouncer]', () => {
    const config = parsePgBouncerIni('[pgbouncer]\n= 5\njust words\n[databases]\npool_mode = transaction\n', FILE);
    assert.equal(config.poolMode, undefined);
    assert.deepEqual(
      config.databases.map((d) => d.name),
      ['pool_mode'],
    );
  });

  it('does not throw on binary junk', () => {
    assert.doesNotThrow(() => parsePgBouncerIni('\u0000[\u0001]=\u0002\n[pgbouncer]\n\u0000=\u0000', FILE));
  });
});

describe('connectionPairs', () => {
  it('reads plain and single-quoted values with escapes, keys lower case', () => {
    const pairs = connectionPairs(`host=db  DBNAME='a b' password='it\\'s' pool_size=3 empty=`);
    assert.deepEqual(Object.fromEntries(pairs), { host: 'db', dbname: 'a b', password: "it's", pool_size: '3', empty: '' });
  });

  it('stops at text that is not key=value', () => {
    assert.deepEqual(Object.fromEntries(connectionPairs('host=db garbage pool_size=3')), { host: 'db' });
    assert.deepEqual(Object.fromEntries(connectionPairs('')), {});
  });
});

describe('isPgBouncerIni', () => {
  it('matches PgBouncer config file names', () => {
    for (const file of ['/r/pgbouncer.ini', '/r/deploy/pgbouncer.prod.ini', '/r/pgbouncer-local.ini', '/r/PgBouncer.ini']) {
      assert.equal(isPgBouncerIni(file), true, file);
    }
  });

  it('does not match other ini files', () => {
    for (const file of ['/r/php.ini', '/r/pgbouncer.ini.example', '/r/my-pgbouncer.ini', '/r/pgbouncer.conf']) {
      assert.equal(isPgBouncerIni(file), false, file);
    }
  });
});
