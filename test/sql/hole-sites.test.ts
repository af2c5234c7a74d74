/**
 * Holes wherever a template puts them: in code, inside quoted identifiers, string literals, dollar quotes
 * and comments, touching a word, as whole statements, and in keyword or operator positions. Each case
 * asserts the exact findings (the statement still parses) and that a name from a hole stays unknown.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { holeSites } from '../../src/sql/hole-context.js';
import { analyzeSql, locateInFragment, type SqlFragment } from '../../src/sql/index.js';
import { finding, itFinds } from './helpers.js';

const raw = (...parts: string[]): SqlFragment => ({ parts, holes: parts.slice(1).map(() => 'raw' as const) });

describe('hole sites: the lexical context of each hole', () => {
  it('code, quoted identifier, string, comment', () => {
    assert.deepEqual(
      holeSites(['LISTEN ', '; LISTEN "', '"; SELECT \'', "'; -- ", '\n']).map((s) => s.context),
      ['code', 'identifier', 'string', 'comment'],
    );
  });

  it('a quote opened before one hole and closed after a later one', () => {
    assert.deepEqual(holeSites(["SELECT 'a ", ' b ', " c' || ", '']).map((s) => s.context), ['string', 'string', 'code']);
    assert.deepEqual(holeSites(['LISTEN "', '_', '"; UNLISTEN ', '']).map((s) => s.context), ['identifier', 'identifier', 'code']);
  });

  it("E'…' strings: a backslash-escaped quote does not end them; a doubled quote does not either", () => {
    assert.deepEqual(holeSites(["SET a.b = E'x\\'", "'; SET c.d = 'it''s ", "'; LISTEN ", '']).map((s) => s.context), ['string', 'string', 'code']);
  });

  it('dollar quotes: a DO body is code again; the outer tag closes it whatever the body is in', () => {
    assert.deepEqual(holeSites(['DO $$ BEGIN PERFORM ', "; RAISE NOTICE '", "'; END $$; LISTEN ", '']).map((s) => s.context), ['code', 'string', 'code']);
    assert.deepEqual(holeSites(["SELECT $f$ it's ", ' $f$; LISTEN ', '']).map((s) => s.context), ['string', 'code']);
    assert.deepEqual(holeSites(['SELECT $a$ $b$ ', ' $b$ ', ' $a$ ', '']).map((s) => s.context), ['code', 'code', 'code']);
  });

  it('block comments nest; a line comment ends at the line', () => {
    assert.deepEqual(holeSites(['/* a /* b */ ', ' */ LISTEN ', ' -- ', '\nLISTEN ', '']).map((s) => s.context), ['comment', 'code', 'comment', 'code']);
  });

  it('a hole touching a word, and a hole that is a statement of its own', () => {
    const [tenant, prefix, alone, last] = holeSites(['LISTEN tenant_', '; LISTEN ', '_jobs; ', ' ;\nSELECT 1; ', '']);
    assert.deepEqual(tenant, { context: 'code', joined: true, statement: false });
    assert.deepEqual(prefix, { context: 'code', joined: true, statement: false });
    assert.deepEqual(alone, { context: 'code', joined: false, statement: true });
    assert.deepEqual(last, { context: 'code', joined: false, statement: true });
  });
});

describe('holes keep the statement parsed, and their names unknown', () => {
  itFinds([
    ['LISTEN ${ch}', raw('LISTEN ', ''), [finding('listen', 'LISTEN "__pooler_hole_0"')]],
    ['LISTEN "${ch}"', raw('LISTEN "', '"'), [finding('listen', 'LISTEN "__pooler_hole_0"')]],
    ['LISTEN "prefix_${x}"', raw('LISTEN "prefix_', '"'), [finding('listen', 'LISTEN "prefix___pooler_hole_0"')]],
    ['LISTEN tenant_${id}', raw('LISTEN tenant_', ''), [finding('listen', 'LISTEN tenant___pooler_hole_0')]],
    ['UNLISTEN "${a}_${b}"', raw('UNLISTEN "', '_', '"'), [finding('listen', 'UNLISTEN "__pooler_hole_0___pooler_hole_1"')]],
    [
      'SET search_path TO "${s}"',
      raw('SET search_path TO "', '"'),
      [finding('session-set', 'SET search_path TO "__pooler_hole_0"', { guc: 'search_path' })],
    ],
    [
      'SET search_path TO tenant_${id}, public',
      raw('SET search_path TO tenant_', ', public'),
      [finding('session-set', 'SET search_path TO tenant___pooler_hole_0, public', { guc: 'search_path' })],
    ],
    ["SET app.tenant = '${id}'", raw("SET app.tenant = '", "'"), [finding('session-set', "SET app.tenant = '__pooler_hole_0'", { guc: 'app.tenant' })]],
    ["SET app.tenant = E'\\\\${id}'", raw("SET app.tenant = E'\\\\", "'"), [finding('session-set', "SET app.tenant = E'\\\\__pooler_hole_0'", { guc: 'app.tenant' })]],
    [
      "set_config('app.${key}', …): the name is unknown",
      raw("SELECT set_config('app.", "', '1', false)"),
      [finding('session-set', "set_config('app.__pooler_hole_0', '1', false)")],
    ],
    [
      'pg_advisory_lock(${key}) and a dollar-quoted string before it',
      raw('SELECT $$', '$$, pg_advisory_lock(', ')'),
      [finding('session-advisory-lock', 'pg_advisory_lock("__pooler_hole_1")', { name: 'pg_advisory_lock' })],
    ],
    [
      'a hole in a DO body',
      raw('DO $$ BEGIN PERFORM pg_advisory_lock(', "); RAISE NOTICE '", "'; END $$"),
      [finding('session-advisory-lock', 'pg_advisory_lock("__pooler_hole_0")', { name: 'pg_advisory_lock' })],
    ],
    ['LIMIT ${n}; LISTEN a', raw('SELECT * FROM t LIMIT ', '; LISTEN a'), [finding('listen', 'LISTEN a', { name: 'a' })]],
    ['ORDER BY a ${dir}; LISTEN a', raw('SELECT * FROM t ORDER BY a ', '; LISTEN a'), [finding('listen', 'LISTEN a', { name: 'a' })]],
    [
      'WHERE a ${op} b, with a session lock',
      raw('SELECT pg_advisory_lock(1) FROM t WHERE a ', ' b'),
      [finding('session-advisory-lock', 'pg_advisory_lock(1)', { name: 'pg_advisory_lock' })],
    ],
    ['a whole statement: ${setup}; LISTEN a', raw('', '; LISTEN a'), [finding('listen', 'LISTEN a', { name: 'a' })]],
    [
      'a whole statement after SET LOCAL keeps it in the implicit transaction',
      raw('SET LOCAL app.tenant = 1; ', ''),
      [finding('transaction-set', 'SET LOCAL app.tenant = 1', { guc: 'app.tenant', inTransaction: 'implicit' })],
    ],
    [
      'several holes: a string across holes, a comment, then UNLISTEN',
      raw("SELECT 'it''s ", ' and ', "'; LISTEN a -- ", '\n; UNLISTEN ', ''),
      [finding('listen', 'LISTEN a', { name: 'a', inTransaction: 'implicit' }), finding('listen', 'UNLISTEN "__pooler_hole_3"')],
    ],
    [
      'LISTEN in a comment with a hole is no LISTEN',
      raw('SELECT 1 /* LISTEN ', ' */'),
      [],
    ],
  ]);

  it('every analysis above parses (no statement falls back to the scanner)', () => {
    for (const fragment of [raw('LISTEN "', '"'), raw('SELECT * FROM t ORDER BY a ', '; LISTEN a'), raw('', '; LISTEN a'), raw('SELECT 1 WHERE a ', ' b')]) {
      assert.equal(analyzeSql(fragment).confidence, 'parsed', fragment.parts.join('${…}'));
    }
  });

  it('placeholders are recorded, and offsets inside one map to no part (an empty one maps to the next part)', () => {
    const quoted = analyzeSql(raw('LISTEN "', '"'));
    assert.deepEqual(quoted.holes, [{ start: 8, end: 23 }]);
    assert.equal(locateInFragment(quoted, 10), undefined);
    assert.deepEqual(locateInFragment(quoted, 23), { part: 1, offset: 0 });
    const keyword = analyzeSql(raw('SELECT * FROM t ORDER BY a ', '; LISTEN a'));
    assert.deepEqual(keyword.holes, [{ start: 27, end: 27 }]);
    assert.deepEqual(locateInFragment(keyword, 27), { part: 1, offset: 0 });
  });
});
