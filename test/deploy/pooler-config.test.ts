import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePgBouncerIni } from '../../src/deploy/pgbouncer-ini.js';
import { poolersInCompose } from '../../src/deploy/pgbouncer-images.js';
import { choosePoolerConfig, describePoolerOrigin, foundPoolerConfig, mergePoolerSettings } from '../../src/deploy/pooler-config.js';
import type { FoundPoolerConfig } from '../../src/deploy/types.js';
import { resolveProfile } from '../../src/profiles/index.js';

const ROOT = '/repo';
const INI = `${ROOT}/pgbouncer.ini`;
const COMPOSE = `${ROOT}/docker-compose.yml`;

const ini = (body: string) => parsePgBouncerIni(`[pgbouncer]\n${body}`, INI);
const image = (ref: string, env: readonly string[], extra: readonly string[] = []) =>
  poolersInCompose(['services:', '  pgbouncer:', `    image: ${ref}`, '    environment:', ...env.map((e) => `      - ${e}`), ...extra, ''].join('\n'), COMPOSE);

describe('foundPoolerConfig: the profile a PgBouncer configuration implies', () => {
  it('transaction mode → pgbouncer, with max_prepared_statements and track_extra_parameters; the origin is the [pgbouncer] header', () => {
    const found = foundPoolerConfig(ini('pool_mode = transaction\nmax_prepared_statements = 200\ntrack_extra_parameters = search_path\n'));
    assert.deepEqual(found, {
      source: { file: INI, line: 1, column: 1 },
      settings: { profile: 'pgbouncer', maxPreparedStatements: 200, trackExtraParameters: ['search_path'] },
      notes: [],
    });
  });

  it('the image tag gives the version; the settings resolve to a valid profile', () => {
    const [pooler] = image('edoburu/pgbouncer:v1.22.1-p0', ['POOL_MODE=transaction', 'MAX_PREPARED_STATEMENTS=200']);
    assert.ok(pooler?.kind === 'pgbouncer');
    const found = foundPoolerConfig(pooler.config);
    assert.deepEqual(found.settings, { profile: 'pgbouncer', version: '1.22.1', maxPreparedStatements: 200 });
    assert.deepEqual(found.source, { file: COMPOSE, line: 3, column: 12 });
    assert.equal(resolveProfile(found.settings).verdict('named-prepared-statement').verdict, 'ok');
  });

  it('1.21 without max_prepared_statements: the profile leaves it to the version default (0), so named statements need the setting', () => {
    const [pooler] = image('edoburu/pgbouncer:1.21.0', ['POOL_MODE=transaction']);
    assert.ok(pooler?.kind === 'pgbouncer');
    const found = foundPoolerConfig(pooler.config);
    assert.deepEqual(found.settings, { profile: 'pgbouncer', version: '1.21.0' });
    assert.equal(resolveProfile(found.settings).verdict('named-prepared-statement').verdict, 'needs-setting');
  });

  it('session mode → the session profile, and options that do not apply to it are not carried', () => {
    const found = foundPoolerConfig(ini('pool_mode = session\nmax_prepared_statements = 100\n'));
    assert.deepEqual(found.settings, { profile: 'session' });
  });

  it('no pool_mode → PgBouncer’s default session mode, said in a note', () => {
    const found = foundPoolerConfig(ini('default_pool_size = 10\n'));
    assert.deepEqual(found.settings, { profile: 'session' });
    assert.deepEqual(found.notes, ["No pool_mode is set: PgBouncer's default is session mode, so this configuration implies the session profile."]);
  });

  it('statement mode is checked as transaction mode, with a note', () => {
    const found = foundPoolerConfig(ini('pool_mode = statement\n'));
    assert.deepEqual(found.settings, { profile: 'pgbouncer' });
    assert.match(found.notes?.[0] ?? '', /statement mode also refuses every multi-statement transaction/);
  });

  it('a pool mode from the shell implies no profile', () => {
    const [pooler] = image('edoburu/pgbouncer:1.22.1', ['POOL_MODE=${MODE}']);
    assert.ok(pooler?.kind === 'pgbouncer');
    const found = foundPoolerConfig(pooler.config);
    assert.deepEqual(found.settings, {});
    assert.match(found.notes?.at(-1) ?? '', /pool mode is not known/);
  });

  it('notes ignored startup parameters other than extra_float_digits: accepted and dropped silently', () => {
    const found = foundPoolerConfig(ini('pool_mode = transaction\nignore_startup_parameters = extra_float_digits, statement_timeout, options\n'));
    assert.deepEqual(found.notes, [
      'ignore_startup_parameters lists statement_timeout, options: PgBouncer accepts these startup parameters and drops their values silently, so a client that sets them connects but runs without them.',
    ]);
    assert.deepEqual(foundPoolerConfig(ini('pool_mode = transaction\nignore_startup_parameters = extra_float_digits\n')).notes, []);
  });

  it('notes databases and users whose pool mode differs from the global one', () => {
    const found = foundPoolerConfig(parsePgBouncerIni('[databases]\nreports = host=db pool_mode=session\n[users]\nadmin = pool_mode=session\n[pgbouncer]\npool_mode = transaction\n', INI));
    assert.deepEqual(found.notes, [
      'database reports (pgbouncer.ini:2) runs in session mode; the profile follows the global transaction mode.',
      'user admin (pgbouncer.ini:4) runs in session mode; the profile follows the global transaction mode.',
    ]);
  });

  it('other poolers give their profile', () => {
    const [pgcat] = poolersInCompose('services:\n  pgcat:\n    image: ghcr.io/postgresml/pgcat:v1.2.0\n', COMPOSE);
    assert.ok(pgcat?.kind === 'other');
    assert.deepEqual(foundPoolerConfig(pgcat), { source: { file: COMPOSE, line: 3, column: 12 }, settings: { profile: 'pgcat' }, notes: [] });
  });
});

describe('choosePoolerConfig', () => {
  it('joins an image and the pgbouncer.ini it mounts: the file’s settings, the image’s version, the file as origin', () => {
    const images = image('edoburu/pgbouncer:1.22.1', ['POOL_MODE=session'], ['    volumes:', '      - ./pgbouncer.ini:/etc/pgbouncer/pgbouncer.ini:ro']);
    const chosen = choosePoolerConfig([ini('pool_mode = transaction\nmax_prepared_statements = 50\n')], images, ROOT);
    assert.deepEqual(chosen.found?.settings, { profile: 'pgbouncer', version: '1.22.1', maxPreparedStatements: 50 });
    assert.equal(chosen.found?.source.file, INI);
    assert.equal(chosen.pgbouncers.length, 1);
    assert.equal(chosen.pgbouncers[0]?.image?.service, 'pgbouncer');
  });

  it('a mounted file with a setting the image’s version does not know: dropped with a note', () => {
    const images = image('bitnami/pgbouncer:1.18.0', [], ['    volumes:', '      - ./pgbouncer.ini:/bitnami/pgbouncer/conf/pgbouncer.ini']);
    const chosen = choosePoolerConfig([ini('pool_mode = transaction\nmax_prepared_statements = 50\n')], images, ROOT);
    assert.deepEqual(chosen.found?.settings, { profile: 'pgbouncer', version: '1.18.0' });
    assert.ok(
      chosen.found?.notes?.includes(
        'max_prepared_statements (pgbouncer.ini, read by bitnami/pgbouncer:1.18.0) needs PgBouncer 1.21 or later, but the version is 1.18.0: PgBouncer 1.18.0 refuses to start with an unknown setting, so pooler-lint ignores it.',
      ),
    );
  });

  it('an image that mounts a file not in the repository sets no profile', () => {
    const images = image('edoburu/pgbouncer:1.22.1', ['POOL_MODE=transaction'], ['    volumes:', '      - ./conf/pgbouncer.ini:/etc/pgbouncer/pgbouncer.ini']);
    const chosen = choosePoolerConfig([], images, ROOT);
    assert.deepEqual(chosen.found?.settings, {});
    assert.ok(chosen.found?.notes?.some((note) => note === 'conf/pgbouncer.ini was not read, so its settings are unknown.'));
  });

  it('with several configurations the first (Compose before standalone ini files) sets the profile, and a note names the others', () => {
    const images = image('bitnami/pgbouncer:1.24.1', ['PGBOUNCER_POOL_MODE=transaction']);
    const chosen = choosePoolerConfig([ini('pool_mode = session\n')], images, ROOT);
    assert.deepEqual(chosen.found?.settings, { profile: 'pgbouncer', version: '1.24.1' });
    assert.deepEqual(chosen.found?.notes?.at(-1), 'Other pooler configurations were found (pgbouncer.ini:1); the profile follows the first. Set settings.pooler to choose.');
    assert.equal(chosen.pgbouncers.length, 2);
  });

  it('nothing found → no configuration', () => {
    assert.deepEqual(choosePoolerConfig([], [], ROOT), { pgbouncers: [] });
  });
});

describe('mergePoolerSettings: flags > settings.pooler > found > default', () => {
  const found: FoundPoolerConfig = {
    source: { file: COMPOSE, line: 12, column: 12 },
    settings: { profile: 'pgbouncer', version: '1.22.1', maxPreparedStatements: 200 },
  };

  it('nothing given → the default profile', () => {
    const merged = mergePoolerSettings({});
    assert.deepEqual(merged, { settings: {}, origin: { profile: 'default' }, notes: [] });
    assert.equal(describePoolerOrigin(merged, ROOT), 'profile transaction from the default');
  });

  it('only a found configuration → its settings, and the origin line names the file and line', () => {
    const merged = mergePoolerSettings({ found });
    assert.deepEqual(merged.settings, found.settings);
    assert.deepEqual(merged.origin, { profile: 'found', version: 'found', maxPreparedStatements: 'found' });
    assert.equal(describePoolerOrigin(merged, ROOT), 'profile pgbouncer (1.22.1, max_prepared_statements=200) from docker-compose.yml:12');
  });

  it('settings.pooler wins per key over the found configuration of the same profile', () => {
    const merged = mergePoolerSettings({ project: { maxPreparedStatements: 0, nonServingFiles: ['tools/**'] }, found });
    assert.deepEqual(merged.settings, { profile: 'pgbouncer', version: '1.22.1', maxPreparedStatements: 0, nonServingFiles: ['tools/**'] });
    assert.equal(merged.origin.maxPreparedStatements, 'settings');
    assert.equal(merged.origin.version, 'found');
    assert.equal(describePoolerOrigin(merged, ROOT), 'profile pgbouncer (1.22.1) from docker-compose.yml:12; max_prepared_statements=0 from settings.pooler');
  });

  it('flags win over settings.pooler', () => {
    const merged = mergePoolerSettings({ flags: { version: '1.24.0' }, project: { profile: 'pgbouncer', version: '1.21' }, found });
    assert.deepEqual(merged.settings, { profile: 'pgbouncer', version: '1.24.0', maxPreparedStatements: 200 });
    assert.deepEqual(merged.origin, { profile: 'settings', version: 'flags', maxPreparedStatements: 'found' });
    assert.equal(describePoolerOrigin(merged, ROOT), 'profile pgbouncer from settings.pooler; version 1.24.0 from the command line; max_prepared_statements=200 from docker-compose.yml:12');
  });

  it('another profile named by flags or settings → the found configuration does not contribute, with a note', () => {
    const byFlag = mergePoolerSettings({ flags: { profile: 'rds-proxy' }, found });
    assert.deepEqual(byFlag.settings, { profile: 'rds-proxy' });
    assert.equal(byFlag.found, undefined);
    assert.deepEqual(byFlag.notes, ['--pooler rds-proxy wins over the pgbouncer configuration found at docker-compose.yml:12.']);
    assert.equal(describePoolerOrigin(byFlag, ROOT), 'profile rds-proxy from the command line');
    const bySettings = mergePoolerSettings({ project: { profile: 'supavisor' }, found });
    assert.deepEqual(bySettings.notes, ["settings.pooler.profile 'supavisor' wins over the pgbouncer configuration found at docker-compose.yml:12."]);
  });

  it('found options that conflict with the user’s settings are dropped, the profile kept', () => {
    const merged = mergePoolerSettings({ project: { version: '1.18' }, found });
    assert.deepEqual(merged.settings, { profile: 'pgbouncer', version: '1.18' });
    assert.deepEqual(merged.origin, { profile: 'found', version: 'settings' });
    assert.match(merged.notes[0] ?? '', /conflict with your pooler settings; only its profile is used/);
    assert.doesNotThrow(() => resolveProfile(merged.settings));
  });

  it('when even the profile does not fit, the user’s settings stand alone (their own error is reported later)', () => {
    const session: FoundPoolerConfig = { source: found.source, settings: { profile: 'session' } };
    const merged = mergePoolerSettings({ project: { version: '1.22' }, found: session });
    assert.deepEqual(merged.settings, { version: '1.22' });
    assert.match(merged.notes[0] ?? '', /does not fit your pooler settings and is not used/);
  });

  it('a found configuration without a profile contributes nothing', () => {
    const merged = mergePoolerSettings({ project: { profile: 'neon' }, found: { source: found.source, settings: {} } });
    assert.deepEqual(merged, { settings: { profile: 'neon' }, origin: { profile: 'settings' }, notes: [] });
  });
});
