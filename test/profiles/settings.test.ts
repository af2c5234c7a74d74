import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PROFILE_IDS, PoolerSettingsError, resolveProfile } from '../../src/profiles/index.js';

function throwsWith(input: unknown, message: string | RegExp): void {
  assert.throws(
    () => resolveProfile(input),
    (error: unknown) => {
      assert.ok(error instanceof PoolerSettingsError);
      assert.ok(error instanceof Error);
      assert.equal(error.name, 'PoolerSettingsError');
      if (typeof message === 'string') assert.equal(error.message, message);
      else assert.match(error.message, message);
      return true;
    },
  );
}

describe('resolveProfile: profiles and defaults', () => {
  it('keeps the ten profile ids in their order', () => {
    assert.deepEqual(PROFILE_IDS, [
      'transaction', 'pgbouncer', 'rds-proxy', 'supavisor', 'pgcat', 'pgdog', 'odyssey', 'neon', 'azure', 'session',
    ]);
  });

  it('uses the transaction profile when nothing is configured', () => {
    for (const input of [undefined, null, {}]) {
      const profile = resolveProfile(input);
      assert.equal(profile.id, 'transaction');
      assert.equal(profile.label, 'a transaction-mode pooler');
      assert.deepEqual(profile.settings, { profile: 'transaction' });
    }
  });

  it('labels every profile', () => {
    const labels = PROFILE_IDS.map((id) => resolveProfile({ profile: id }).label);
    assert.deepEqual(labels, [
      'a transaction-mode pooler',
      'PgBouncer in transaction mode',
      'RDS Proxy',
      'Supavisor (transaction mode)',
      'PgCat (transaction mode)',
      'PgDog (transaction mode)',
      'Odyssey (transaction mode)',
      "Neon's pooler (PgBouncer)",
      "Azure's built-in PgBouncer",
      'a session-mode pooler',
    ]);
    assert.equal(resolveProfile({ profile: 'pgbouncer', version: '1.18' }).label, 'PgBouncer 1.18 in transaction mode');
  });

  it('assumes PgBouncer 1.18 (observed) without a version, and the oldest version the settings imply', () => {
    const settingsOf = (input: object) => resolveProfile({ profile: 'pgbouncer', ...input }).settings;
    assert.deepEqual(settingsOf({}), {
      profile: 'pgbouncer', version: '1.18', maxPreparedStatements: 0, trackExtraParameters: [],
    });
    assert.equal(settingsOf({ trackExtraParameters: ['search_path'] }).version, '1.20');
    assert.equal(settingsOf({ maxPreparedStatements: 50 }).version, '1.21');
    assert.equal(settingsOf({ maxPreparedStatements: 0 }).version, '1.18');
  });

  it('defaults maxPreparedStatements to 0 before 1.24 and 200 from 1.24 (PGB-NEWS 1.24.0)', () => {
    const mps = (version: string) =>
      resolveProfile({ profile: 'pgbouncer', version }).settings.maxPreparedStatements;
    assert.equal(mps('1.21'), 0);
    assert.equal(mps('1.23.1'), 0);
    assert.equal(mps('1.24'), 200);
    assert.equal(mps('1.25.1'), 200);
    assert.equal(mps('2.0'), 200);
    assert.equal(resolveProfile({ profile: 'pgbouncer', version: '1.24', maxPreparedStatements: 0 }).settings.maxPreparedStatements, 0);
  });

  it('lower-cases trackExtraParameters and treats them as tracked for SET and startup parameters', () => {
    const profile = resolveProfile({ profile: 'pgbouncer', version: '1.20', trackExtraParameters: ['Search_Path'] });
    assert.deepEqual(profile.settings.trackExtraParameters, ['search_path']);
    assert.equal(profile.verdict('session-set', { guc: 'search_path' }).verdict, 'ok');
    assert.equal(profile.verdict('session-hook', { guc: 'SEARCH_PATH' }).verdict, 'ok');
    assert.equal(profile.verdict('startup-parameter', { parameter: 'search_path' }).verdict, 'ok');
    assert.equal(profile.verdict('startup-parameter', { parameter: 'options', guc: 'search_path' }).verdict, 'ok');
    assert.equal(profile.verdict('session-set', { guc: 'statement_timeout' }).verdict, 'broken');
    assert.equal(profile.verdict('startup-parameter', { parameter: 'statement_timeout' }).verdict, 'broken');
    const without = resolveProfile({ profile: 'pgbouncer', version: '1.20' });
    assert.equal(without.verdict('session-set', { guc: 'search_path' }).verdict, 'broken');
  });

  it('fills the managed variants from their docs', () => {
    assert.deepEqual(resolveProfile({ profile: 'neon' }).settings, { profile: 'neon', version: '1.22', maxPreparedStatements: 1000 });
    assert.deepEqual(resolveProfile({ profile: 'azure' }).settings, { profile: 'azure', version: '1.23.1', maxPreparedStatements: 0 });
    assert.equal(resolveProfile({ profile: 'azure', maxPreparedStatements: 100 }).settings.maxPreparedStatements, 100);
  });

  it('accepts directUrlPattern on every profile and keeps it', () => {
    for (const profile of PROFILE_IDS) {
      assert.equal(resolveProfile({ profile, directUrlPattern: ':5432/' }).settings.directUrlPattern, ':5432/');
    }
  });

  it('accepts nonServingFiles on every profile and keeps it, the empty list included', () => {
    for (const profile of PROFILE_IDS) {
      assert.deepEqual(resolveProfile({ profile, nonServingFiles: ['tools/**'] }).settings.nonServingFiles, ['tools/**']);
    }
    assert.deepEqual(resolveProfile({ nonServingFiles: [] }).settings.nonServingFiles, []);
  });

  it('returns frozen results and the same object for the same settings object', () => {
    const input = { profile: 'pgbouncer', version: '1.21' };
    const profile = resolveProfile(input);
    assert.equal(resolveProfile(input), profile);
    assert.ok(Object.isFrozen(profile) && Object.isFrozen(profile.settings));
    assert.ok(Object.isFrozen(profile.verdict('listen')));
  });
});

describe('resolveProfile: PoolerSettingsError messages', () => {
  it('rejects a settings value that is not an object', () => {
    throwsWith('pgbouncer', "settings.pooler must be an object such as { profile: 'pgbouncer' }, got 'pgbouncer'.");
    throwsWith(['pgbouncer'], `settings.pooler must be an object such as { profile: 'pgbouncer' }, got ["pgbouncer"].`);
  });

  it('rejects unknown keys', () => {
    throwsWith(
      { profile: 'pgbouncer', poolMode: 'transaction' },
      "settings.pooler has an unknown key 'poolMode'; the known keys are profile, version, maxPreparedStatements, trackExtraParameters, directUrlPattern, driverSpecifiers, nonServingFiles.",
    );
  });

  it('rejects an unknown profile and lists the valid ones', () => {
    throwsWith(
      { profile: 'pgbouncr' },
      "settings.pooler.profile 'pgbouncr' is not a pooler profile; use one of: transaction, pgbouncer, rds-proxy, supavisor, pgcat, pgdog, odyssey, neon, azure, session.",
    );
    throwsWith({ profile: 3 }, /^settings\.pooler\.profile 3 is not a pooler profile; use one of: transaction, /);
  });

  it('rejects bad version strings, including numbers (1.20 would read as 1.2)', () => {
    throwsWith(
      { profile: 'pgbouncer', version: '1.x' },
      "settings.pooler.version must be a PgBouncer version string such as '1.21' or '1.24.1', got '1.x'.",
    );
    throwsWith(
      { profile: 'pgbouncer', version: 1.2 },
      "settings.pooler.version must be a PgBouncer version string such as '1.21' or '1.24.1', got 1.2.",
    );
  });

  it('rejects negative or fractional maxPreparedStatements', () => {
    throwsWith(
      { profile: 'pgbouncer', maxPreparedStatements: -1 },
      'settings.pooler.maxPreparedStatements must be a whole number of 0 or more, got -1.',
    );
    throwsWith(
      { profile: 'azure', maxPreparedStatements: '100' },
      "settings.pooler.maxPreparedStatements must be a whole number of 0 or more, got '100'.",
    );
    throwsWith(
      { profile: 'pgbouncer', maxPreparedStatements: 1.5 },
      'settings.pooler.maxPreparedStatements must be a whole number of 0 or more, got 1.5.',
    );
  });

  it('rejects a trackExtraParameters that is not a list of names', () => {
    throwsWith(
      { profile: 'pgbouncer', trackExtraParameters: 'search_path' },
      "settings.pooler.trackExtraParameters must be an array of parameter names such as ['search_path'], got 'search_path'.",
    );
    throwsWith(
      { profile: 'pgbouncer', trackExtraParameters: [''] },
      `settings.pooler.trackExtraParameters must be an array of parameter names such as ['search_path'], got [""].`,
    );
  });

  it('rejects options that do not belong to the profile', () => {
    throwsWith(
      { profile: 'rds-proxy', version: '1.21' },
      "settings.pooler.version does not apply to profile 'rds-proxy'; it applies to: pgbouncer.",
    );
    throwsWith({ version: '1.21' }, "settings.pooler.version does not apply to profile 'transaction'; it applies to: pgbouncer.");
    throwsWith(
      { profile: 'neon', maxPreparedStatements: 10 },
      "settings.pooler.maxPreparedStatements does not apply to profile 'neon'; it applies to: pgbouncer, azure.",
    );
    throwsWith(
      { profile: 'azure', trackExtraParameters: ['search_path'] },
      "settings.pooler.trackExtraParameters does not apply to profile 'azure'; it applies to: pgbouncer.",
    );
  });

  it('rejects options the configured PgBouncer version does not have', () => {
    throwsWith(
      { profile: 'pgbouncer', version: '1.18', maxPreparedStatements: 100 },
      "settings.pooler.maxPreparedStatements needs PgBouncer 1.21 or later, but version is '1.18'.",
    );
    throwsWith(
      { profile: 'pgbouncer', version: '1.19.1', trackExtraParameters: ['search_path'] },
      "settings.pooler.trackExtraParameters needs PgBouncer 1.20 or later, but version is '1.19.1'.",
    );
    assert.doesNotThrow(() => resolveProfile({ profile: 'pgbouncer', version: '1.18', maxPreparedStatements: 0 }));
  });

  it('rejects a directUrlPattern that is not a regular expression string', () => {
    throwsWith({ directUrlPattern: 5432 }, 'settings.pooler.directUrlPattern must be a regular expression in a string, got 5432.');
    throwsWith({ directUrlPattern: '(' }, /^settings\.pooler\.directUrlPattern '\(' is not a valid regular expression \(Invalid regular expression: .+\)\.$/);
  });

  it('rejects a nonServingFiles that is not an array of glob patterns, in one sentence naming the key', () => {
    const sentence = (got: string) =>
      `settings.pooler.nonServingFiles must be an array of glob patterns such as ['**/test/**', 'tools/**'] (empty: every file serves), got ${got}.`;
    throwsWith({ nonServingFiles: '**/test/**' }, sentence("'**/test/**'"));
    throwsWith({ nonServingFiles: ['**/test/**', 3] }, sentence('["**/test/**",3]'));
    throwsWith({ nonServingFiles: [''] }, sentence('[""]'));
  });
});
