import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeSql, locateInFragment } from '../../src/sql/index.js';
import { finding, seen } from './helpers.js';

describe('fragments with holes', () => {
  it('joins parts with placeholders and records where each part starts', () => {
    const analysis = analyzeSql({ parts: ['SELECT * FROM ', ' WHERE id = ', ''], holes: ['identifier', 'value'] });
    assert.equal(analysis.text, 'SELECT * FROM "__pooler_hole_0" WHERE id = $9002');
    assert.deepEqual(analysis.partOffsets, [0, 31, 48]);
  });

  it('a plain string has one part at 0', () => {
    assert.deepEqual(analyzeSql('SELECT 1').partOffsets, [0]);
  });

  it('SET search_path TO ${value}: the SET and its guc', () => {
    assert.deepEqual(seen({ parts: ['SET search_path TO ', ''], holes: ['value'] }), [
      finding('session-set', 'SET search_path TO $9001', { guc: 'search_path' }),
    ]);
  });

  it("set_config('app.x', ${value}, false) parses with a value hole", () => {
    assert.deepEqual(seen({ parts: ["SELECT set_config('app.x', ", ', false)'], holes: ['value'] }), [
      finding('session-set', "set_config('app.x', $9001, false)", { guc: 'app.x' }),
    ]);
  });

  it('a name that comes from a hole is left out', () => {
    assert.deepEqual(seen({ parts: ['SET ', ' = 1'], holes: ['identifier'] }), [finding('session-set', 'SET "__pooler_hole_0" = 1')]);
    assert.deepEqual(seen({ parts: ['SELECT set_config(', ", 'x', false)"], holes: ['value'] }), [
      finding('session-set', "set_config($9001, 'x', false)"),
    ]);
  });

  it('a value hole that makes a statement unparsable falls back to the scanner for that statement only', () => {
    assert.deepEqual(seen({ parts: ['SET search_path TO app; LISTEN ', '; SET LOCAL a.b = 1; SELECT 1'], holes: ['value'] }), [
      finding('session-set', 'SET search_path TO app', { guc: 'search_path', inTransaction: 'implicit' }),
      finding('listen', 'LISTEN $9001', { confidence: 'scanned', inTransaction: 'implicit' }),
      finding('transaction-set', 'SET LOCAL a.b = 1', { guc: 'a.b', inTransaction: 'implicit' }),
    ]);
  });

  it('an identifier hole keeps LISTEN parsed', () => {
    assert.deepEqual(seen({ parts: ['LISTEN ', ''], holes: ['identifier'] }), [finding('listen', 'LISTEN "__pooler_hole_0"')]);
  });

  it('a fragment the grammar rejects whatever its holes are is scanned; the other statements stay parsed', () => {
    const analysis = analyzeSql({ parts: ['SELECT pg_advisory_lock(1) ', '; SET LOCAL x.y = 1'], holes: ['raw'] });
    assert.equal(analysis.confidence, 'parsed');
    const broken = { parts: ['SELECT pg_advisory_lock(1) WHERE ', ' ', ' ); SET x.y = 1'], holes: ['raw', 'raw'] } as const;
    assert.equal(analyzeSql(broken).confidence, 'scanned');
    assert.deepEqual(seen(broken), [
      finding('session-advisory-lock', 'pg_advisory_lock(1)', { name: 'pg_advisory_lock', confidence: 'scanned', inTransaction: 'implicit' }),
      finding('session-set', 'SET x.y = 1', { guc: 'x.y' }),
    ]);
  });

  it('the same text from a string and from a fragment are cached apart', () => {
    const fromFragment = analyzeSql({ parts: ['LISTEN ', ''], holes: ['value'] });
    const fromString = analyzeSql('LISTEN $9001');
    assert.notEqual(fromFragment, fromString);
    assert.deepEqual(fromFragment.partOffsets, [0, 12]);
    assert.deepEqual(fromString.partOffsets, [0]);
  });
});

describe('locateInFragment', () => {
  const analysis = analyzeSql({ parts: ['SET search_path TO ', '; LISTEN ', ''], holes: ['identifier', 'value'] });

  it('maps offsets in a part to (part, offset)', () => {
    assert.deepEqual(locateInFragment(analysis, 0), { part: 0, offset: 0 });
    assert.deepEqual(locateInFragment(analysis, 4), { part: 0, offset: 4 });
    const listen = analysis.text.indexOf('LISTEN');
    assert.deepEqual(locateInFragment(analysis, listen), { part: 1, offset: 2 });
  });

  it('the end of a part (where a placeholder starts) belongs to that part', () => {
    assert.deepEqual(locateInFragment(analysis, 19), { part: 0, offset: 19 });
  });

  it('undefined inside a placeholder', () => {
    assert.equal(locateInFragment(analysis, 20), undefined);
    assert.equal(locateInFragment(analysis, analysis.text.length - 1), undefined);
  });

  it('the end of the text maps to the end of the last part', () => {
    assert.deepEqual(locateInFragment(analysis, analysis.text.length), { part: 2, offset: 0 });
  });

  it('undefined outside the text', () => {
    assert.equal(locateInFragment(analysis, -1), undefined);
    assert.equal(locateInFragment(analysis, analysis.text.length + 1), undefined);
  });

  it('maps a finding back to the source parts', () => {
    const fragment = analyzeSql({ parts: ['SELECT 1; SELECT pg_advisory_lock(', ')'], holes: ['value'] });
    const lock = fragment.findings[0]!;
    assert.deepEqual(locateInFragment(fragment, lock.start), { part: 0, offset: 17 });
    assert.deepEqual(locateInFragment(fragment, lock.end), { part: 1, offset: 1 });
  });
});
