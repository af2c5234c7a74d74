import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeSql } from '../../src/sql/index.js';
import { finding, itFinds, seen, type Case, type Seen } from './helpers.js';

const local = (span: string, extra: Partial<Seen>) => finding('transaction-set', span, extra);

describe('transaction-scoped forms', () => {
  itFinds([
    ['SET LOCAL → transaction-set', 'SET LOCAL search_path TO tenant_a', [local('SET LOCAL search_path TO tenant_a', { guc: 'search_path' })]],
    [
      'SET TRANSACTION → transaction-set with the characteristic set',
      'SET TRANSACTION ISOLATION LEVEL SERIALIZABLE',
      [local('SET TRANSACTION ISOLATION LEVEL SERIALIZABLE', { guc: 'transaction_isolation' })],
    ],
    ['SET TRANSACTION SNAPSHOT', "SET TRANSACTION SNAPSHOT '0001'", [local("SET TRANSACTION SNAPSHOT '0001'", { guc: 'transaction_snapshot' })]],
    [
      'set_config(…, true) and its spellings of true → transaction-set',
      "SELECT set_config('app.a', $1, true), set_config('app.b', $1, 'on'), set_config('app.c', $1, TRUE::bool)",
      [
        local("set_config('app.a', $1, true)", { guc: 'app.a' }),
        local("set_config('app.b', $1, 'on')", { guc: 'app.b' }),
        local("set_config('app.c', $1, TRUE::bool)", { guc: 'app.c' }),
      ],
    ],
    ...['pg_advisory_xact_lock', 'pg_advisory_xact_lock_shared', 'pg_try_advisory_xact_lock', 'pg_try_advisory_xact_lock_shared'].map(
      (fn): Case => [`${fn} → xact-advisory-lock`, `SELECT ${fn}(1, 2)`, [finding('xact-advisory-lock', `${fn}(1, 2)`, { name: fn })]],
    ),
    [
      'CREATE TEMP TABLE … ON COMMIT DROP → temp-on-commit-drop',
      'CREATE TEMP TABLE batch (id int) ON COMMIT DROP',
      [finding('temp-on-commit-drop', 'CREATE TEMP TABLE batch (id int) ON COMMIT DROP', { name: 'table' })],
    ],
    [
      'DECLARE … CURSOR without hold → cursor',
      'DECLARE c NO SCROLL CURSOR WITHOUT HOLD FOR SELECT 1',
      [finding('cursor', 'DECLARE c NO SCROLL CURSOR WITHOUT HOLD FOR SELECT 1', { name: 'c' })],
    ],
  ]);
});

describe('transaction control and inTransaction', () => {
  it('records each transaction control statement', () => {
    const sql = "BEGIN; SAVEPOINT a; RELEASE SAVEPOINT a; ROLLBACK TO SAVEPOINT a; COMMIT; START TRANSACTION; ROLLBACK; BEGIN; END; BEGIN; PREPARE TRANSACTION 'x'";
    assert.deepEqual(
      analyzeSql(sql).statements.map((s) => s.transactionControl),
      ['begin', 'savepoint', 'release', 'rollback-to', 'commit', 'begin', 'rollback', 'begin', 'commit', 'begin', 'prepare-transaction'],
    );
  });

  it('explicit after BEGIN until COMMIT', () => {
    assert.deepEqual(seen("BEGIN; SET LOCAL lock_timeout = '1s'; SELECT pg_advisory_xact_lock(1); COMMIT; SET LOCAL a.b = 1"), [
      finding('transaction-set', "SET LOCAL lock_timeout = '1s'", { guc: 'lock_timeout', inTransaction: 'explicit' }),
      finding('xact-advisory-lock', 'pg_advisory_xact_lock(1)', { name: 'pg_advisory_xact_lock', inTransaction: 'explicit' }),
      finding('transaction-set', 'SET LOCAL a.b = 1', { guc: 'a.b', inTransaction: 'none' }),
    ]);
  });

  it('implicit in a multi-statement string when statements follow (SET LOCAL x; SELECT … works)', () => {
    assert.deepEqual(seen('SET LOCAL search_path TO t; SELECT * FROM invoices'), [
      finding('transaction-set', 'SET LOCAL search_path TO t', { guc: 'search_path', inTransaction: 'implicit' }),
    ]);
  });

  it('none for the last statement of a string and for a single statement', () => {
    assert.equal(seen('SELECT 1; SET LOCAL a.b = 1')[0]?.inTransaction, 'none');
    assert.equal(seen('SET LOCAL a.b = 1')[0]?.inTransaction, 'none');
  });

  it('COMMIT AND CHAIN keeps the text in a transaction', () => {
    assert.equal(seen('BEGIN; COMMIT AND CHAIN; SET LOCAL a.b = 1')[0]?.inTransaction, 'explicit');
    assert.equal(analyzeSql('BEGIN; COMMIT AND CHAIN').transactionEffect, 'opens');
  });

  it('transactionEffect: opens, closes or none', () => {
    assert.equal(analyzeSql('BEGIN').transactionEffect, 'opens');
    assert.equal(analyzeSql('BEGIN; SELECT 1').transactionEffect, 'opens');
    assert.equal(analyzeSql('SELECT 1; COMMIT').transactionEffect, 'closes');
    assert.equal(analyzeSql('ROLLBACK').transactionEffect, 'closes');
    assert.equal(analyzeSql('BEGIN; SELECT 1; COMMIT').transactionEffect, 'none');
    assert.equal(analyzeSql('SAVEPOINT a').transactionEffect, 'none');
    assert.equal(analyzeSql('COMMIT; BEGIN').transactionEffect, 'opens');
  });

  it('COMMIT PREPARED / ROLLBACK PREPARED are not transaction control of this session', () => {
    assert.deepEqual(analyzeSql("COMMIT PREPARED 'x'; ROLLBACK PREPARED 'y'").statements.map((s) => s.transactionControl), [undefined, undefined]);
  });

  it('scanned statements keep their transaction control', () => {
    const analysis = analyzeSql('BEGIN; LISTEN $1; COMMIT');
    assert.deepEqual(analysis.statements.map((s) => [s.node, s.transactionControl]), [
      ['TransactionStmt', 'begin'],
      ['LISTEN', undefined],
      ['TransactionStmt', 'commit'],
    ]);
    assert.deepEqual(seen('BEGIN; LISTEN $1; COMMIT'), [finding('listen', 'LISTEN $1', { confidence: 'scanned', inTransaction: 'explicit' })]);
  });
});
