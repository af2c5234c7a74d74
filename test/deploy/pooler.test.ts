import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { composeServices } from '../../src/deploy/compose.js';
import { composeMaxConnections, readPoolerDeployment } from '../../src/deploy/pooler.js';
import { describePoolerOrigin, mergePoolerSettings } from '../../src/deploy/pooler-config.js';
import { resolveProfile } from '../../src/profiles/index.js';

const ROOT = '/repo';

const COMPOSE_TEXT = [
  'services:', //                                         1
  '  api:', //                                            2
  '    build: .', //                                      3
  '    environment:', //                                  4
  '      DATABASE_URL: postgres://app:secret@pgbouncer:5432/app', // 5
  '  pgbouncer:', //                                      6
  '    image: edoburu/pgbouncer:v1.22.1-p0', //           7
  '    environment:', //                                  8
  '      DATABASE_URL: postgres://app:secret@db:5432/app', // 9
  '      POOL_MODE: transaction', //                      10
  '      MAX_PREPARED_STATEMENTS: "200"', //              11
  '      MAX_CLIENT_CONN: "100"', //                      12
  '  db:', //                                             13
  '    image: postgres:16', //                            14
  '',
].join('\n');

describe('readPoolerDeployment', () => {
  it('a Compose PgBouncer sets the profile; the origin line names the file and line; sizing findings follow the peak', () => {
    const deployment = readPoolerDeployment(
      [
        { file: `${ROOT}/docker-compose.yml`, text: COMPOSE_TEXT },
        { file: `${ROOT}/src/db.ts`, text: 'export {}' },
      ],
      ROOT,
      { peakClients: 160 },
    );
    assert.deepEqual(deployment.found?.settings, { profile: 'pgbouncer', version: '1.22.1', maxPreparedStatements: 200 });
    const merged = mergePoolerSettings({ found: deployment.found });
    assert.equal(describePoolerOrigin(merged, ROOT), 'profile pgbouncer (1.22.1, max_prepared_statements=200) from docker-compose.yml:7');
    assert.equal(resolveProfile(merged.settings).label, 'PgBouncer 1.22.1 in transaction mode');
    assert.deepEqual(
      deployment.findings.map((f) => [f.id, f.file, f.line]),
      [['pooler-max-client-conn', `${ROOT}/docker-compose.yml`, 12]],
    );
    assert.doesNotMatch(JSON.stringify(deployment), /secret/);
  });

  it('a pgbouncer.ini mounted by the image is read instead of the environment', () => {
    const compose = COMPOSE_TEXT.replace('  db:\n', '    volumes:\n      - ./ops/pgbouncer.ini:/etc/pgbouncer/pgbouncer.ini:ro\n  db:\n');
    const ini = '[databases]\napp = host=db\n[pgbouncer]\npool_mode = session\n';
    const deployment = readPoolerDeployment(
      [
        { file: `${ROOT}/docker-compose.yml`, text: compose },
        { file: `${ROOT}/ops/pgbouncer.ini`, text: ini },
      ],
      ROOT,
      { peakClients: 40 },
    );
    assert.deepEqual(deployment.found?.settings, { profile: 'session' });
    assert.equal(deployment.found?.source.file, `${ROOT}/ops/pgbouncer.ini`);
    assert.deepEqual(
      deployment.findings.map((f) => [f.id, f.file, f.line]),
      [['pooler-pool-mode', `${ROOT}/ops/pgbouncer.ini`, 4]],
    );
  });

  it('nothing to read → nothing found', () => {
    assert.deepEqual(readPoolerDeployment([{ file: `${ROOT}/.env`, text: 'DATABASE_URL=postgres://h/db' }], ROOT), { pgbouncers: [], findings: [] });
    assert.deepEqual(readPoolerDeployment([{ file: `${ROOT}/docker-compose.yml`, text: 'services: [' }], ROOT), { pgbouncers: [], findings: [] });
  });
});

describe('composeMaxConnections', () => {
  const services = (commands: readonly string[]) =>
    composeServices(['services:', ...commands.flatMap((command, index) => [`  s${index}:`, '    image: postgres:16', `    command: ${command}`])].join('\n'), `${ROOT}/docker-compose.yml`);

  it('reads -c max_connections=N, -cmax_connections=N, --max_connections=N, --max-connections=N and -N N', () => {
    for (const command of ['postgres -c max_connections=250', 'postgres -cmax_connections=250', 'postgres --max_connections=250', 'postgres --max-connections=250', 'postgres -N 250', '["postgres", "-c", "max_connections=250"]']) {
      assert.deepEqual(composeMaxConnections(services([command]))?.value, 250, command);
    }
  });

  it('gives the place it was read', () => {
    assert.deepEqual(composeMaxConnections(services(['postgres -c max_connections=250'])), { value: 250, name: 'docker-compose.yml:4', file: `${ROOT}/docker-compose.yml`, line: 4, column: 14 });
  });

  it('nothing without the flag, for a bare max_connections=N, or when services disagree', () => {
    assert.equal(composeMaxConnections(services(['postgres -c shared_buffers=1GB'])), undefined);
    assert.equal(composeMaxConnections(services(['postgres max_connections=250'])), undefined);
    assert.equal(composeMaxConnections(services(['postgres -c max_connections=100', 'postgres -c max_connections=200'])), undefined);
    assert.equal(composeMaxConnections(services(['postgres -c max_connections=200', 'postgres -c max_connections=200']))?.value, 200);
  });

  it('readPoolerDeployment uses it for the budget unless --max-connections is given', () => {
    const compose = [
      'services:',
      '  db:',
      '    image: postgres:16',
      '    command: postgres -c max_connections=60',
      '  pgbouncer:',
      '    image: edoburu/pgbouncer:1.22.1',
      '    environment:',
      '      POOL_MODE: transaction',
      '      DEFAULT_POOL_SIZE: "60"',
    ].join('\n');
    const files = [{ file: `${ROOT}/docker-compose.yml`, text: compose }];
    const [finding] = readPoolerDeployment(files, ROOT).findings;
    assert.equal(finding?.id, 'pooler-size-budget');
    assert.match(finding?.message ?? '', /more than the 54 the database allows \(max_connections 60 at docker-compose\.yml:4 − 6 reserved\)/);
    assert.deepEqual(readPoolerDeployment(files, ROOT, { maxConnections: 100 }).findings, []);
  });
});
