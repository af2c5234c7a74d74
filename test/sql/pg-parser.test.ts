import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { byteToCharOffsets, parseSql, parsePlpgsql, scanSql } from '../../src/sql/pg-parser.js';

describe('pg-parser (libpg-query loaded synchronously)', () => {
  it('parses synchronously on first use', () => {
    const result = parseSql('LISTEN jobs; SET search_path TO app');
    assert.equal(result.ok, true);
    assert.deepEqual(
      result.ok && result.stmts.map((s) => Object.keys(s.stmt)[0]),
      ['ListenStmt', 'VariableSetStmt'],
    );
  });

  it('reports syntax errors with a position instead of throwing', () => {
    const result = parseSql('SELEC 1');
    assert.equal(result.ok, false);
    assert.match(!result.ok ? result.message : '', /syntax error at or near "SELEC"/);
    assert.equal(!result.ok && result.position, 0);
  });

  it('scans tokens with string offsets, even after non-ASCII text', () => {
    const tokens = scanSql("SELECT 'é' ; LISTEN x")!;
    const listen = tokens.find((t) => t.text.toUpperCase() === 'LISTEN')!;
    assert.equal("SELECT 'é' ; LISTEN x".slice(listen.start, listen.end), 'LISTEN');
  });

  it('returns undefined when the scanner gives up', () => {
    assert.equal(scanSql("SET x = 'unterminated"), undefined);
  });

  it('parses PL/pgSQL bodies', () => {
    const funcs = parsePlpgsql(
      'CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_advisory_lock(1); END $$',
    );
    assert.ok(JSON.stringify(funcs).includes('pg_advisory_lock'));
    assert.equal(parsePlpgsql('not a function'), undefined);
  });

  it('maps UTF-8 byte offsets to string offsets', () => {
    const map = byteToCharOffsets('é€😀x');
    assert.deepEqual([0, 2, 5, 9].map(map), [0, 1, 2, 4]);
  });
});
