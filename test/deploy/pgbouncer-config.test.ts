import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  PGBOUNCER_DEFAULTS,
  defaultMaxPreparedStatements,
  dropUnknownToVersion,
  emptyConfig,
  readCount,
  readInteger,
  readNames,
  readPoolMode,
} from '../../src/deploy/pgbouncer-config.js';
import { parsePgBouncerIni } from '../../src/deploy/pgbouncer-ini.js';

describe('readInteger: as PgBouncer 1.18 reads integers (strtol, base 0)', () => {
  const cases: [string, number | undefined][] = [
    ['25', 25],
    [' 12 ', 12],
    ['+5', 5],
    ['-1', -1],
    ['0', 0],
    ['0x10', 16],
    ['0X1f', 31],
    ['010', 8],
    ['08', undefined],
    ['1e3', undefined],
    ['20 ; comment', undefined],
    ['', undefined],
    ['"20"', undefined],
    ['2.5', undefined],
  ];
  for (const [text, value] of cases) {
    it(`${JSON.stringify(text)} → ${String(value)}`, () => assert.equal(readInteger(text), value));
  }

  it('readCount refuses negative numbers', () => {
    assert.equal(readCount('-1'), undefined);
    assert.equal(readCount('0x10'), 16);
  });
});

describe('reading values in a pgbouncer.ini', () => {
  it('notes a leading 0 (octal) and uses the octal value', () => {
    const config = parsePgBouncerIni('[pgbouncer]\ndefault_pool_size = 010\n', '/r/pgbouncer.ini');
    assert.equal(config.defaultPoolSize?.value, 8);
    assert.deepEqual(config.notes, ["default_pool_size = '010' at pgbouncer.ini:2: PgBouncer reads a leading 0 as octal, so this is 8."]);
  });

  it('ignores a negative number with a note that does not claim PgBouncer refuses it', () => {
    const config = parsePgBouncerIni('[pgbouncer]\nmax_client_conn = -1\n', '/r/pgbouncer.ini');
    assert.equal(config.maxClientConn, undefined);
    assert.deepEqual(config.notes, ["max_client_conn = '-1' at pgbouncer.ini:2 is negative, so pooler-lint ignores it."]);
  });
});

describe('readPoolMode and readNames', () => {
  it('pool modes in any case; nothing else', () => {
    assert.deepEqual(['session', 'TRANSACTION', ' Statement '].map(readPoolMode), ['session', 'transaction', 'statement']);
    assert.deepEqual(['', 'transactions', '"session"'].map(readPoolMode), [undefined, undefined, undefined]);
  });

  it('comma-separated names, lower case, blanks dropped; anything else is invalid', () => {
    assert.deepEqual(readNames('extra_float_digits, Search_Path,,'), ['extra_float_digits', 'search_path']);
    assert.deepEqual(readNames(''), []);
    assert.equal(readNames('a b'), undefined);
    assert.equal(readNames("'options'"), undefined);
  });
});

describe('versions', () => {
  it('max_prepared_statements defaults to 0 before 1.24 and 200 from 1.24.0; unknown without a version', () => {
    assert.deepEqual(['1.18', '1.21.0', '1.23.1', '1.24.0', '1.25.2', '2.0'].map(defaultMaxPreparedStatements), [0, 0, 0, 200, 200, 200]);
    assert.equal(defaultMaxPreparedStatements(undefined), undefined);
    assert.equal(defaultMaxPreparedStatements('latest'), undefined);
  });

  it('dropUnknownToVersion drops the settings a version does not know, with a note; keeps them from their version on', () => {
    const at = { line: 2, column: 1 };
    const old = { ...emptyConfig('/r/c.yml', 1, 1), version: '1.20.1' };
    old.maxPreparedStatements = { value: 100, name: 'MAX_PREPARED_STATEMENTS', ...at };
    old.trackExtraParameters = { value: ['search_path'], name: 'track_extra_parameters', ...at };
    dropUnknownToVersion(old, 'c.yml');
    assert.equal(old.maxPreparedStatements, undefined);
    assert.deepEqual(old.trackExtraParameters?.value, ['search_path']);
    assert.deepEqual(old.notes, [
      'MAX_PREPARED_STATEMENTS (c.yml) needs PgBouncer 1.21 or later, but the version is 1.20.1: PgBouncer 1.20.1 refuses to start with an unknown setting, so pooler-lint ignores it.',
    ]);
    const unknownVersion = emptyConfig('/r/c.yml', 1, 1);
    unknownVersion.maxPreparedStatements = { value: 100, name: 'max_prepared_statements', ...at };
    dropUnknownToVersion(unknownVersion, 'c.yml');
    assert.equal(unknownVersion.maxPreparedStatements?.value, 100);
  });

  it('the defaults are those PgBouncer 1.18 reports in SHOW CONFIG', () => {
    assert.deepEqual(PGBOUNCER_DEFAULTS, { poolMode: 'session', defaultPoolSize: 20, maxClientConn: 100, maxDbConnections: 0, maxUserConnections: 0, reservePoolSize: 0 });
  });
});
