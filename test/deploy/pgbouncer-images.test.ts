import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PgBouncerConfig } from '../../src/deploy/pgbouncer-config.js';
import { poolersInCompose, versionFromTag, type ImagePooler } from '../../src/deploy/pgbouncer-images.js';

const FILE = '/repo/docker-compose.yml';

/** A Compose file with one service of `image` and these environment lines (list form). */
function compose(image: string, env: readonly string[], extra: readonly string[] = []): string {
  return ['services:', '  pgbouncer:', `    image: ${image}`, '    environment:', ...env.map((line) => `      - ${line}`), ...extra, ''].join('\n');
}

function onlyPgBouncer(text: string): PgBouncerConfig {
  const poolers = poolersInCompose(text, FILE);
  assert.equal(poolers.length, 1);
  const [pooler] = poolers as [ImagePooler];
  assert.equal(pooler.kind, 'pgbouncer');
  return (pooler as Extract<ImagePooler, { kind: 'pgbouncer' }>).config;
}

describe('edoburu/pgbouncer', () => {
  const config = onlyPgBouncer(
    compose('edoburu/pgbouncer:v1.22.1-p0', [
      'DATABASE_URL=postgres://app:secret@db:5432/app', //  line 5
      'POOL_MODE=transaction', //                          line 6
      'MAX_PREPARED_STATEMENTS=200', //                    line 7
      'DEFAULT_POOL_SIZE=25', //                           line 8
      'MAX_CLIENT_CONN=500', //                            line 9
      'MAX_DB_CONNECTIONS=60', //                          line 10
      'MAX_USER_CONNECTIONS=50', //                        line 11
      'RESERVE_POOL_SIZE=5', //                            line 12
      'IGNORE_STARTUP_PARAMETERS=extra_float_digits,options', // line 13
    ]),
  );

  it('starts at the image, names the image and the service, and takes the version from the tag', () => {
    assert.deepEqual([config.file, config.line, config.column], [FILE, 3, 12]);
    assert.deepEqual([config.image?.reference, config.image?.service, config.image?.variables.pool_mode], ['edoburu/pgbouncer:v1.22.1-p0', 'pgbouncer', 'POOL_MODE']);
    assert.equal(config.version, '1.22.1');
  });

  it('maps its unprefixed variables to settings, each at its line', () => {
    assert.deepEqual(config.poolMode, { value: 'transaction', name: 'POOL_MODE', line: 6, column: 9 });
    assert.deepEqual(config.maxPreparedStatements, { value: 200, name: 'MAX_PREPARED_STATEMENTS', line: 7, column: 9 });
    assert.deepEqual(
      [config.defaultPoolSize?.value, config.maxClientConn?.value, config.maxDbConnections?.value, config.maxUserConnections?.value, config.reservePoolSize?.value],
      [25, 500, 60, 50, 5],
    );
    assert.deepEqual(config.ignoreStartupParameters?.value, ['extra_float_digits', 'options']);
  });

  it('has one database (DATABASE_URL), no forced user, and no secret anywhere', () => {
    assert.deepEqual(
      config.databases.map((d) => [d.name, d.forcedUser]),
      [['DATABASE_URL', false]],
    );
    assert.doesNotMatch(JSON.stringify(config), /secret|postgres:\/\//);
    assert.deepEqual(config.notes, []);
  });

  it('counts DATABASE_URLS entries as databases', () => {
    const many = onlyPgBouncer(compose('edoburu/pgbouncer:1.21.0', ['DATABASE_URLS=postgres://a:1@h/a,postgres://b:2@h/b', 'POOL_MODE=transaction']));
    assert.equal(many.databases.length, 2);
    assert.equal(many.version, '1.21.0');
  });

  it('without POOL_MODE the setting is absent (PgBouncer then runs in session mode), and the default ignore list is noted as the image default', () => {
    const bare = onlyPgBouncer(compose('edoburu/pgbouncer:1.24.1', ['DB_HOST=db']));
    assert.equal(bare.poolMode, undefined);
    assert.deepEqual(bare.ignoreStartupParameters, { value: ['extra_float_digits'], name: 'IGNORE_STARTUP_PARAMETERS (image default)', line: 3, column: 12 });
    assert.deepEqual(
      bare.databases.map((d) => d.name),
      ['*'],
    );
  });

  it('an empty variable is unset, as the entrypoint’s ${VAR:+…} reads it', () => {
    const empty = onlyPgBouncer(compose('edoburu/pgbouncer:1.24.1', ['POOL_MODE=', 'IGNORE_STARTUP_PARAMETERS=']));
    assert.equal(empty.poolMode, undefined);
    assert.deepEqual(empty.ignoreStartupParameters?.value, ['extra_float_digits']);
  });
});

describe('other PgBouncer images', () => {
  it('bitnami/pgbouncer: PGBOUNCER_ variables, PGBOUNCER_DATABASE plus PGBOUNCER_DSN_n databases', () => {
    const config = onlyPgBouncer(
      compose('docker.io/bitnami/pgbouncer:1.24.1-debian-12-r3', [
        'PGBOUNCER_POOL_MODE=transaction',
        'PGBOUNCER_DEFAULT_POOL_SIZE=15',
        'PGBOUNCER_MAX_PREPARED_STATEMENTS=100',
        'PGBOUNCER_DATABASE=app',
        'PGBOUNCER_SET_DATABASE_USER=yes',
        'PGBOUNCER_DSN_0=reports=host=db dbname=reports pool_size=4',
        'PGBOUNCER_DSN_1=audit=host=db user=auditor',
        'PGBOUNCER_DSN_3=skipped=host=db',
      ]),
    );
    assert.equal(config.version, '1.24.1');
    assert.deepEqual([config.poolMode?.value, config.poolMode?.name], ['transaction', 'PGBOUNCER_POOL_MODE']);
    assert.equal(config.defaultPoolSize?.value, 15);
    assert.equal(config.maxPreparedStatements?.value, 100);
    assert.deepEqual(
      config.databases.map((d) => [d.name, d.forcedUser, d.poolSize]),
      [
        ['app', true, undefined],
        ['reports', false, 4],
        ['audit', true, undefined],
      ],
    );
  });

  it('bitnamilegacy/pgbouncer is the same image', () => {
    const config = onlyPgBouncer(compose('bitnamilegacy/pgbouncer:1.23.1', ['PGBOUNCER_POOL_MODE=session']));
    assert.deepEqual([config.poolMode?.value, config.version], ['session', '1.23.1']);
    assert.deepEqual(
      config.databases.map((d) => d.name),
      ['postgres'],
    );
  });

  it('pgbouncer/pgbouncer: PGBOUNCER_ variables and DATABASES_ overrides of its one database', () => {
    const config = onlyPgBouncer(
      compose('pgbouncer/pgbouncer:1.15.0', [
        'DATABASES_HOST=db',
        'DATABASES_USER=app',
        'DATABASES_POOL_SIZE=10',
        'DATABASES_POOL_MODE=transaction',
        'DATABASES_RESERVE_POOL=2',
        'PGBOUNCER_POOL_MODE=session',
        'PGBOUNCER_MAX_CLIENT_CONN=20',
      ]),
    );
    assert.deepEqual([config.poolMode?.value, config.maxClientConn?.value], ['session', 20]);
    assert.deepEqual(config.databases, [{ name: '*', line: 3, column: 12, forcedUser: true, poolSize: 10, reservePool: 2, poolMode: 'transaction' }]);
  });

  it('brainsam/pgbouncer: unprefixed variables, one database with a forced user, no max_prepared_statements', () => {
    const config = onlyPgBouncer(compose('brainsam/pgbouncer:latest', ['POOL_MODE=transaction', 'MAX_PREPARED_STATEMENTS=100']));
    assert.equal(config.poolMode?.value, 'transaction');
    assert.equal(config.maxPreparedStatements, undefined);
    assert.deepEqual(
      config.databases.map((d) => [d.name, d.forcedUser]),
      [['*', true]],
    );
    assert.deepEqual(config.notes, [
      "The image brainsam/pgbouncer:latest has the tag 'latest', which names no PgBouncer version: the version is unknown, so pooler-lint assumes the oldest version the settings allow; set settings.pooler.version to the one you run.",
      'MAX_PREPARED_STATEMENTS is set for service pgbouncer, but brainsam/pgbouncer:latest does not write it into pgbouncer.ini: it has no effect.',
    ]);
  });
});

describe('PgBouncer images: values and versions', () => {
  it('reads the map form too', () => {
    const text = 'services:\n  pgb:\n    image: edoburu/pgbouncer:1.21.0\n    environment:\n      POOL_MODE: transaction\n      DEFAULT_POOL_SIZE: 30\n';
    const config = onlyPgBouncer(text);
    assert.deepEqual([config.poolMode?.value, config.poolMode?.line, config.defaultPoolSize?.value], ['transaction', 5, 30]);
  });

  it('uses the default of ${VAR:-default}; a value from the shell is unknown, with a note', () => {
    const config = onlyPgBouncer(compose('edoburu/pgbouncer:1.22.0', ['POOL_MODE=${POOL_MODE:-transaction}', 'DEFAULT_POOL_SIZE=${POOL_SIZE}']));
    assert.equal(config.poolMode?.value, 'transaction');
    assert.equal(config.defaultPoolSize, undefined);
    assert.deepEqual(config.notes, ['DEFAULT_POOL_SIZE (docker-compose.yml, service pgbouncer) takes its value from the shell: pooler-lint does not know it.']);
  });

  it('a value PgBouncer refuses is left out with a note naming the service and line', () => {
    const config = onlyPgBouncer(compose('edoburu/pgbouncer:1.22.0', ['POOL_MODE=transactions']));
    assert.equal(config.poolMode, undefined);
    assert.deepEqual(config.notes, [
      "POOL_MODE = 'transactions' at docker-compose.yml, service pgbouncer, line 5 is not session, transaction or statement: PgBouncer refuses to start with it, so pooler-lint ignores it.",
    ]);
  });

  it('drops a setting the tagged version does not know, with a note', () => {
    const config = onlyPgBouncer(compose('bitnami/pgbouncer:1.18.0', ['PGBOUNCER_POOL_MODE=transaction', 'PGBOUNCER_MAX_PREPARED_STATEMENTS=100']));
    assert.equal(config.maxPreparedStatements, undefined);
    assert.match(config.notes[0] ?? '', /PGBOUNCER_MAX_PREPARED_STATEMENTS \(docker-compose\.yml, service pgbouncer\) needs PgBouncer 1\.21 or later, but the version is 1\.18\.0/);
  });

  it('notes a variable that no image writes (TRACK_EXTRA_PARAMETERS)', () => {
    const config = onlyPgBouncer(compose('edoburu/pgbouncer:1.24.1', ['POOL_MODE=transaction', 'TRACK_EXTRA_PARAMETERS=search_path']));
    assert.equal(config.trackExtraParameters, undefined);
    assert.deepEqual(config.notes, ['TRACK_EXTRA_PARAMETERS is set for service pgbouncer, but edoburu/pgbouncer:1.24.1 does not write it into pgbouncer.ini: it has no effect.']);
  });

  it('with an env_file, the variables the environment does not set are unknown (not defaulted), with a note', () => {
    const config = onlyPgBouncer(compose('edoburu/pgbouncer:1.22.1', ['DEFAULT_POOL_SIZE=10'], ['    env_file: .env.pgbouncer']));
    assert.equal(config.poolMode, undefined);
    assert.ok(config.unknown.includes('pool_mode'));
    assert.ok(config.unknown.includes('ignore_startup_parameters'));
    assert.equal(config.ignoreStartupParameters, undefined);
    assert.ok(!config.unknown.includes('default_pool_size'));
    assert.deepEqual(config.notes, [
      'Service pgbouncer reads env_file .env.pgbouncer, which pooler-lint does not follow: POOL_MODE, MAX_CLIENT_CONN, MAX_DB_CONNECTIONS, RESERVE_POOL_SIZE, IGNORE_STARTUP_PARAMETERS, MAX_USER_CONNECTIONS, MAX_PREPARED_STATEMENTS may be set there.',
    ]);
  });

  it('no tag, or a digest only: the version is unknown, said in a note', () => {
    for (const image of ['edoburu/pgbouncer', 'edoburu/pgbouncer@sha256:abc']) {
      const config = onlyPgBouncer(compose(image, ['POOL_MODE=transaction']));
      assert.equal(config.version, undefined);
      assert.match(config.notes[0] ?? '', /has no tag: the version is unknown/);
    }
  });
});

describe('PgBouncer images: a mounted pgbouncer.ini', () => {
  it('a file mounted at the config path replaces the environment', () => {
    const text = compose('edoburu/pgbouncer:1.22.1', ['POOL_MODE=session'], ['    volumes:', '      - ./pgbouncer/pgbouncer.ini:/etc/pgbouncer/pgbouncer.ini:ro']);
    const [pooler] = poolersInCompose(text, FILE);
    assert.ok(pooler?.kind === 'pgbouncer');
    assert.equal(pooler.mountedIni, '/repo/pgbouncer/pgbouncer.ini');
    assert.equal(pooler.config.poolMode, undefined);
    assert.equal(pooler.config.version, '1.22.1');
  });

  it('a folder mounted at the config folder (Bitnami) holds the file', () => {
    const text = compose('bitnami/pgbouncer:1.24.0', [], ['    volumes:', '      - ./conf/:/bitnami/pgbouncer/conf/']);
    const [pooler] = poolersInCompose(text, FILE);
    assert.ok(pooler?.kind === 'pgbouncer');
    assert.equal(pooler.mountedIni, '/repo/conf/pgbouncer.ini');
  });

  it('pgbouncer/pgbouncer always writes its own file; other mounts change nothing', () => {
    const mounts = ['    volumes:', '      - ./pgbouncer.ini:/etc/pgbouncer/pgbouncer.ini', '      - ./userlist.txt:/etc/pgbouncer/userlist.txt'];
    const [official] = poolersInCompose(compose('pgbouncer/pgbouncer:1.15.0', ['PGBOUNCER_POOL_MODE=transaction'], mounts), FILE);
    assert.ok(official?.kind === 'pgbouncer');
    assert.equal(official.mountedIni, undefined);
    assert.equal(official.config.poolMode?.value, 'transaction');
    const [edoburu] = poolersInCompose(compose('edoburu/pgbouncer:1.22.1', ['POOL_MODE=transaction'], mounts), FILE);
    assert.ok(edoburu?.kind === 'pgbouncer');
    assert.equal(edoburu.mountedIni, '/repo/pgbouncer.ini');
  });
});

describe('other poolers and unknown images', () => {
  it('Supavisor, PgCat and PgDog images give their profile only', () => {
    const text = [
      'services:',
      '  supavisor:',
      '    image: supabase/supavisor:2.5.1',
      '  pgcat:',
      '    image: ghcr.io/postgresml/pgcat:latest',
      '  pgdog:',
      '    image: ghcr.io/pgdogdev/pgdog:main',
    ].join('\n');
    assert.deepEqual(
      poolersInCompose(text, FILE).map((p) => (p.kind === 'other' ? [p.profile, p.service, p.line] : p.kind)),
      [
        ['supavisor', 'supavisor', 3],
        ['pgcat', 'pgcat', 5],
        ['pgdog', 'pgdog', 7],
      ],
    );
  });

  it('an unknown image, a look-alike name, a built service and Postgres itself give nothing', () => {
    const text = [
      'services:',
      '  a:',
      '    image: myorg/pgbouncer:1.22.0',
      '    environment:',
      '      POOL_MODE: transaction',
      '  b:',
      '    image: edoburu/pgbouncer-exporter:1.0',
      '  c:',
      '    build: ./pgbouncer',
      '    environment:',
      '      POOL_MODE: transaction',
      '  d:',
      '    image: postgres:16',
    ].join('\n');
    assert.deepEqual(poolersInCompose(text, FILE), []);
  });

  it('malformed YAML gives nothing and does not throw', () => {
    assert.deepEqual(poolersInCompose('services:\n  pgb:\n    image: [edoburu/pgbouncer\n', FILE), []);
  });
});

describe('versionFromTag', () => {
  const cases: [string | undefined, string | undefined][] = [
    ['v1.22.1-p0', '1.22.1'],
    ['1.21.0', '1.21.0'],
    ['1.21', '1.21'],
    ['1.24.1-debian-12-r3', '1.24.1'],
    ['1.23.1_2', '1.23.1'],
    ['latest', undefined],
    ['1', undefined],
    ['main', undefined],
    ['v1', undefined],
    ['1.x', undefined],
    [undefined, undefined],
    ['', undefined],
  ];
  for (const [tag, version] of cases) {
    it(`${String(tag)} → ${String(version)}`, () => assert.equal(versionFromTag(tag), version));
  }
});
