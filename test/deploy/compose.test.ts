import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { composeServices, interpolationDefault, isComposeFile, parseImage } from '../../src/deploy/compose.js';

const FILE = '/repo/docker-compose.yml';

/** The environment of one service as `name → value`. */
function envOf(text: string, service: string): Record<string, string | undefined> {
  const found = composeServices(text, FILE).find((s) => s.name === service);
  assert.ok(found, `service ${service}`);
  return Object.fromEntries(found.environment.map((entry) => [entry.name, entry.value]));
}

describe('composeServices: services, images and environment with positions', () => {
  const text = [
    'services:', //                                   1
    '  app:', //                                      2
    '    build: .', //                                3
    '    environment:', //                            4
    '      DATABASE_URL: postgres://app:secret@pgbouncer:6432/app', // 5
    '  pgbouncer:', //                                6
    '    image: edoburu/pgbouncer:v1.22.1-p0', //     7
    '    environment:', //                            8
    '      - POOL_MODE=transaction', //               9
    '      - MAX_PREPARED_STATEMENTS=200', //         10
    '      - DEBUG', //                               11
    '    env_file: .env.pgbouncer', //                12
    '',
  ].join('\n');

  it('lists the services in file order, with the service key position and the file', () => {
    const services = composeServices(text, FILE);
    assert.deepEqual(
      services.map((s) => [s.file, s.name, s.line, s.column]),
      [
        [FILE, 'app', 2, 3],
        [FILE, 'pgbouncer', 6, 3],
      ],
    );
  });

  it('gives the image as written and its position; a service built from source has none', () => {
    const [app, pgbouncer] = composeServices(text, FILE);
    assert.equal(app?.image, undefined);
    assert.equal(pgbouncer?.image, 'edoburu/pgbouncer:v1.22.1-p0');
    assert.deepEqual([pgbouncer?.imageLine, pgbouncer?.imageColumn], [7, 12]);
  });

  it('reads the map form with the key position', () => {
    const [app] = composeServices(text, FILE);
    assert.deepEqual(app?.environment, [{ name: 'DATABASE_URL', value: 'postgres://app:secret@pgbouncer:6432/app', line: 5, column: 7 }]);
  });

  it('reads the list form KEY=value; a bare KEY has no value; env_file is not followed', () => {
    const [, pgbouncer] = composeServices(text, FILE);
    assert.deepEqual(pgbouncer?.environment, [
      { name: 'POOL_MODE', value: 'transaction', line: 9, column: 9 },
      { name: 'MAX_PREPARED_STATEMENTS', value: '200', line: 10, column: 9 },
      { name: 'DEBUG', value: undefined, line: 11, column: 9 },
    ]);
  });
});

describe('composeServices: values as written', () => {
  it('keeps plain scalars as their source text: numbers, versions, booleans; null means no value', () => {
    const env = envOf(
      ['services:', '  p:', '    image: x', '    environment:', '      A: 1.10', '      B: 020', '      C: true', '      D:', '      E: ~', '      F: ""'].join('\n'),
      'p',
    );
    assert.deepEqual(env, { A: '1.10', B: '020', C: 'true', D: undefined, E: undefined, F: '' });
  });

  it('unquotes quoted values and keeps = inside list values', () => {
    const env = envOf(
      [
        'services:',
        '  p:',
        '    environment:',
        `      - 'IGNORE_STARTUP_PARAMETERS=extra_float_digits,options'`,
        '      - "URL=postgres://h/db?options=-c%20a=b"',
        '      - EMPTY=',
        '      - =nameless',
      ].join('\n'),
      'p',
    );
    assert.deepEqual(env, {
      IGNORE_STARTUP_PARAMETERS: 'extra_float_digits,options',
      URL: 'postgres://h/db?options=-c%20a=b',
      EMPTY: '',
    });
  });

  it('keeps Compose interpolation as written', () => {
    const env = envOf(['services:', '  p:', '    environment:', '      POOL_MODE: ${POOL_MODE:-session}'].join('\n'), 'p');
    assert.equal(env.POOL_MODE, '${POOL_MODE:-session}');
  });

  it('ignores comments', () => {
    const env = envOf(
      ['# stack', 'services:', '  p:  # the pooler', '    environment:', '      # POOL_MODE: session', '      POOL_MODE: transaction # not session'].join('\n'),
      'p',
    );
    assert.deepEqual(env, { POOL_MODE: 'transaction' });
  });
});

describe('composeServices: anchors, aliases and merge keys', () => {
  const text = [
    'x-pooler-env: &pooler-env', //        1
    '  POOL_MODE: transaction', //         2
    '  DEFAULT_POOL_SIZE: 10', //          3
    'x-image: &img edoburu/pgbouncer:1.21.0', // 4
    'services:', //                        5
    '  a:', //                             6
    '    image: *img', //                  7
    '    environment:', //                 8
    '      <<: *pooler-env', //            9
    '      DEFAULT_POOL_SIZE: 25', //      10
    '  b:', //                             11
    '    image: bitnami/pgbouncer', //     12
    '    environment: *pooler-env', //     13
    '',
  ].join('\n');

  it('expands a merge key; the map’s own keys win; merged entries point at their definition', () => {
    const a = composeServices(text, FILE).find((s) => s.name === 'a');
    assert.deepEqual(a?.environment, [
      { name: 'POOL_MODE', value: 'transaction', line: 2, column: 3 },
      { name: 'DEFAULT_POOL_SIZE', value: '25', line: 10, column: 7 },
    ]);
  });

  it('resolves an aliased image (positioned at the image key) and an aliased environment', () => {
    const [a, b] = composeServices(text, FILE);
    assert.equal(a?.image, 'edoburu/pgbouncer:1.21.0');
    assert.deepEqual([a?.imageLine, a?.imageColumn], [7, 5]);
    assert.deepEqual(
      b?.environment.map((e) => [e.name, e.value, e.line]),
      [
        ['POOL_MODE', 'transaction', 2],
        ['DEFAULT_POOL_SIZE', '10', 3],
      ],
    );
  });
});

describe('composeServices: odd input never throws', () => {
  for (const [what, text] of [
    ['empty text', ''],
    ['a comment only', '# nothing\n'],
    ['a scalar document', 'hello\n'],
    ['a list document', '- a\n- b\n'],
    ['unclosed flow sequence', 'services:\n  p:\n    environment: [\n'],
    ['bad indentation', 'services:\n  p:\n    image: x\n   environment:\n      A: 1\n'],
    ['a tab-indented file', 'services:\n\tp:\n\t\timage: x\n'],
    ['duplicate keys', 'services:\n  p:\n    image: a\n    image: b\n'],
    ['services is a list', 'services:\n  - image: x\n'],
    ['services is null', 'services:\n'],
    ['an alias to nothing', 'services:\n  p: *nowhere\n'],
    ['binary junk', '\u0000\u0001\u0002:::\n'],
  ] as const) {
    it(`${what} → no services`, () => {
      assert.deepEqual(composeServices(text, FILE), []);
    });
  }

  it('skips a service that is not a map and an environment that is neither map nor list', () => {
    const services = composeServices('services:\n  a: just-a-string\n  b:\n    image: x\n    environment: FOO=bar\n', FILE);
    assert.deepEqual(
      services.map((s) => [s.name, s.image, s.environment]),
      [['b', 'x', []]],
    );
  });

  it('a recursive merge does not loop', () => {
    const text = 'services:\n  p: &p\n    image: x\n    environment: &e\n      <<: *e\n      A: 1\n';
    assert.doesNotThrow(() => composeServices(text, FILE));
  });
});

describe('composeServices: legacy version-1 files', () => {
  it('reads top-level maps with image or build as services', () => {
    const services = composeServices('pgbouncer:\n  image: pgbouncer/pgbouncer:1.18.0\n  environment:\n    - DATABASES_HOST=db\nnotes:\n  owner: me\n', FILE);
    assert.deepEqual(
      services.map((s) => [s.name, s.image, s.environment.length]),
      [['pgbouncer', 'pgbouncer/pgbouncer:1.18.0', 1]],
    );
  });
});

describe('parseImage', () => {
  const cases: [string, ReturnType<typeof parseImage>][] = [
    ['edoburu/pgbouncer:v1.22.1-p0', { repository: 'edoburu/pgbouncer', tag: 'v1.22.1-p0' }],
    ['edoburu/pgbouncer', { repository: 'edoburu/pgbouncer' }],
    ['docker.io/bitnami/pgbouncer:1.24.1-debian-12-r3', { repository: 'docker.io/bitnami/pgbouncer', tag: '1.24.1-debian-12-r3' }],
    ['localhost:5000/pgbouncer', { repository: 'localhost:5000/pgbouncer' }],
    ['localhost:5000/pgbouncer:1.21', { repository: 'localhost:5000/pgbouncer', tag: '1.21' }],
    ['ghcr.io/postgresml/pgcat@sha256:abc', { repository: 'ghcr.io/postgresml/pgcat', digest: 'sha256:abc' }],
    ['Edoburu/PgBouncer:latest@sha256:abc', { repository: 'edoburu/pgbouncer', tag: 'latest', digest: 'sha256:abc' }],
    ['  postgres:16  ', { repository: 'postgres', tag: '16' }],
    ['pgbouncer:', { repository: 'pgbouncer' }],
  ];
  for (const [image, expected] of cases) {
    it(image, () => assert.deepEqual(parseImage(image), expected));
  }
});

describe('isComposeFile', () => {
  it('matches Compose file names and their override variants', () => {
    for (const file of ['/r/docker-compose.yml', '/r/docker-compose.yaml', '/r/compose.yaml', '/r/compose.yml', '/r/deploy/docker-compose.prod.yml', '/r/compose.override.yaml', '/r/docker-compose-dev.yml', '/r/Docker-Compose.YML']) {
      assert.equal(isComposeFile(file), true, file);
    }
  });

  it('does not match other YAML files', () => {
    for (const file of ['/r/compose.json', '/r/.github/workflows/ci.yml', '/r/my-compose.yml', '/r/docker-compose.yml.bak', '/r/composer.yaml', '/r/kustomization.yaml']) {
      assert.equal(isComposeFile(file), false, file);
    }
  });
});

describe('interpolationDefault', () => {
  it('uses the default of ${X:-d} and ${X-d}, unescapes $$, and leaves plain text alone', () => {
    assert.equal(interpolationDefault('${POOL_MODE:-session}'), 'session');
    assert.equal(interpolationDefault('${POOL_MODE-transaction}'), 'transaction');
    assert.equal(interpolationDefault('${SIZE:-}'), '');
    assert.equal(interpolationDefault('pre-${A:-x}-post'), 'pre-x-post');
    assert.equal(interpolationDefault('a$$b'), 'a$b');
    assert.equal(interpolationDefault('transaction'), 'transaction');
  });

  it('is undefined when a variable without default decides the value', () => {
    assert.equal(interpolationDefault('${POOL_MODE}'), undefined);
    assert.equal(interpolationDefault('$POOL_MODE'), undefined);
    assert.equal(interpolationDefault('${A:?required}'), undefined);
    assert.equal(interpolationDefault('x-${A:-1}-${B}'), undefined);
  });
});

describe('composeServices: bind mounts', () => {
  it('reads short and long volume syntax, keeps host paths, skips named volumes and other types', () => {
    const text = [
      'services:', //                                                  1
      '  pgbouncer:', //                                               2
      '    image: edoburu/pgbouncer', //                               3
      '    volumes:', //                                               4
      '      - ./pgbouncer/pgbouncer.ini:/etc/pgbouncer/pgbouncer.ini:ro', // 5
      '      - pgdata:/var/lib/data', //                               6
      '      - type: bind', //                                         7
      '        source: ../conf', //                                    8
      '        target: /bitnami/pgbouncer/conf', //                    9
      '      - type: volume', //                                       10
      '        source: ./x', //                                        11
      '        target: /x', //                                         12
      '      - /etc/localtime:/etc/localtime', //                      13
      '      - .:/app', //                                             14
      '      - ./only-source', //                                      15
    ].join('\n');
    const [service] = composeServices(text, FILE);
    assert.deepEqual(service?.mounts, [
      { source: './pgbouncer/pgbouncer.ini', target: '/etc/pgbouncer/pgbouncer.ini', line: 5, column: 9 },
      { source: '../conf', target: '/bitnami/pgbouncer/conf', line: 7, column: 9 },
      { source: '/etc/localtime', target: '/etc/localtime', line: 13, column: 9 },
      { source: '.', target: '/app', line: 14, column: 9 },
    ]);
  });

  it('a service without volumes, or with volumes that are not a list, has no mounts', () => {
    const services = composeServices('services:\n  a:\n    image: x\n  b:\n    image: y\n    volumes: ./x:/x\n', FILE);
    assert.deepEqual(
      services.map((s) => s.mounts),
      [[], []],
    );
  });
});

describe('composeServices: command', () => {
  it('splits a string command at blanks (folded or plain) and keeps a list command as its items, with the position', () => {
    const text = [
      'services:', //                                          1
      '  a:', //                                               2
      '    image: postgres:16', //                             3
      '    command: postgres -c max_connections=200  -c shared_buffers=1GB', // 4
      '  b:', //                                               5
      '    image: postgres:16', //                             6
      '    command: >', //                                     7
      '      postgres -c max_connections=50', //               8
      '  c:', //                                               9
      '    image: postgres:16', //                             10
      '    command: ["postgres", "-c", "max_connections=300"]', // 11
      '  d:', //                                               12
      '    image: postgres:16', //                             13
      '    command: ""', //                                    14
    ].join('\n');
    const services = composeServices(text, FILE);
    assert.deepEqual(services[0]?.command, { words: ['postgres', '-c', 'max_connections=200', '-c', 'shared_buffers=1GB'], line: 4, column: 14 });
    assert.deepEqual(services[1]?.command, { words: ['postgres', '-c', 'max_connections=50'], line: 7, column: 14 });
    assert.deepEqual(services[2]?.command?.words, ['postgres', '-c', 'max_connections=300']);
    assert.equal(services[3]?.command, undefined);
  });
});

describe('composeServices: env_file is listed, not read', () => {
  it('reads a string, a list of strings and a list of { path }', () => {
    const text = [
      'services:',
      '  a:',
      '    env_file: .env.pgbouncer',
      '  b:',
      '    env_file:',
      '      - ./common.env',
      '      - path: ./local.env',
      '        required: false',
      '  c:',
      '    image: x',
    ].join('\n');
    assert.deepEqual(
      composeServices(text, FILE).map((s) => s.envFiles),
      [['.env.pgbouncer'], ['./common.env', './local.env'], []],
    );
  });
});
