import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeSql, clearSqlCache, type SqlFragment } from '../../src/sql/index.js';
import { finding, seen } from './helpers.js';

function binaryJunk(length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) text += String.fromCharCode((i * 7919 + 13) % 65536);
  return text;
}

describe('the engine never throws', () => {
  const inputs: Array<[string, string]> = [
    ['empty string', ''],
    ['only white space', ' \n\t '],
    ['only comments', '-- one\n/* two /* nested */ */'],
    ['only semicolons', ';;;'],
    ['unterminated quote', "SELECT 'abc"],
    ['unterminated identifier', 'SELECT "abc'],
    ['unterminated dollar quote', 'DO $$ BEGIN'],
    ['unterminated comment', 'SELECT 1 /* abc'],
    ['control characters and NUL', 'SELECT \u0001\u0002\u0000 1'],
    ['lone surrogates', 'SELECT \ud800 \udfff'],
    ['binary junk', binaryJunk(4096)],
    ['deep nesting', `SELECT ${'('.repeat(20000)}1${')'.repeat(20000)}`],
    ['1 MB of statements', "SELECT a FROM t WHERE x = 'y';\n".repeat(35000)],
    ['1 MB of junk', binaryJunk(1 << 20)],
  ];
  for (const [label, text] of inputs) {
    it(label, () => {
      const analysis = analyzeSql(text);
      assert.equal(analysis.text, text);
      for (const f of analysis.findings) assert.ok(f.start >= 0 && f.start <= f.end && f.end <= text.length);
    });
  }

  it('malformed fragments and non-string input', () => {
    const odd = [null, undefined, 42, {}, { parts: null }, { parts: ['a', 'b'], holes: [] }] as unknown as SqlFragment[];
    for (const input of odd) assert.doesNotThrow(() => analyzeSql(input));
  });

  it('empty and comment-only texts have no statements', () => {
    assert.deepEqual(analyzeSql('').statements, []);
    assert.deepEqual(analyzeSql('/* x */ -- y').statements, []);
    assert.equal(analyzeSql('-- y').confidence, 'parsed');
  });
});

describe('scanner fallback', () => {
  it('one bad statement does not degrade the others', () => {
    const analysis = analyzeSql('SET a.b = 1; SELEC oops; LISTEN jobs');
    assert.deepEqual(analysis.statements.map((s) => s.node), ['VariableSetStmt', 'SELEC', 'ListenStmt']);
    assert.deepEqual(seen('SET a.b = 1; SELEC oops; LISTEN jobs'), [
      finding('session-set', 'SET a.b = 1', { guc: 'a.b', inTransaction: 'implicit' }),
      finding('listen', 'LISTEN jobs', { name: 'jobs' }),
    ]);
    assert.equal(analysis.confidence, 'scanned');
  });

  it('classifies an unparsable statement by its leading keywords and function calls', () => {
    assert.deepEqual(seen("SET LOCAL statement_timeout = ; SELECT set_config('app.t', 'x', true) FROM"), [
      finding('transaction-set', 'SET LOCAL statement_timeout =', { guc: 'statement_timeout', confidence: 'scanned', inTransaction: 'implicit' }),
      finding('transaction-set', "set_config('app.t', 'x', true)", { guc: 'app.t', confidence: 'scanned' }),
    ]);
  });

  it('a scanned PREPARE TRANSACTION is not sql-prepare, a scanned PREPARE is', () => {
    assert.deepEqual(seen('PREPARE TRANSACTION'), []);
    assert.deepEqual(seen('PREPARE s AS SELEC'), [finding('sql-prepare', 'PREPARE s AS SELEC', { name: 's', confidence: 'scanned' })]);
  });

  it('scanned look-alikes stay silent', () => {
    assert.deepEqual(seen('SET CONSTRAINTS ALL DEFERRED ,'), []);
    assert.deepEqual(seen("UPDATE t SET search_path = 'x' WHERE"), []);
    assert.deepEqual(seen('SELECT pg_advisory_lock_count FROM WHERE'), []);
  });

  it('an unterminated quote: statements before it as usual, the broken one by its leading keywords', () => {
    const text = "LISTEN a; SET search_path TO 'tenant";
    assert.deepEqual(seen(text), [
      finding('listen', 'LISTEN a', { name: 'a', inTransaction: 'implicit' }),
      finding('session-set', "SET search_path TO 'tenant", { guc: 'search_path', confidence: 'scanned' }),
    ]);
  });

  it('an unterminated quote reports nothing from inside the broken string', () => {
    assert.deepEqual(seen("SELECT 'abc; LISTEN x; SELECT pg_advisory_lock(1)"), []);
  });

  it('an unterminated dollar quote after complete calls keeps the calls', () => {
    assert.deepEqual(seen('SELECT pg_advisory_lock(1), $$oops'), [
      finding('session-advisory-lock', 'pg_advisory_lock(1)', { name: 'pg_advisory_lock', confidence: 'scanned' }),
    ]);
  });
});

describe('cache', () => {
  it('returns the same object for the same text', () => {
    const first = analyzeSql('SET search_path TO cached');
    assert.equal(analyzeSql('SET search_path TO cached'), first);
  });

  it('returns the same object for an equal fragment', () => {
    const make = (): SqlFragment => ({ parts: ['LISTEN ', ''], holes: ['identifier'] });
    assert.equal(analyzeSql(make()), analyzeSql(make()));
  });

  it('results are frozen', () => {
    const analysis = analyzeSql('LISTEN frozen');
    assert.ok(Object.isFrozen(analysis) && Object.isFrozen(analysis.findings) && Object.isFrozen(analysis.findings[0]));
  });

  it('a cleared cache analyses afresh to an equal result', () => {
    const first = analyzeSql('LISTEN again');
    clearSqlCache();
    const second = analyzeSql('LISTEN again');
    assert.notEqual(second, first);
    assert.deepEqual(second, first);
  });
});
