import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LruCache } from '../../src/sql/lru-cache.js';
import { scanSql } from '../../src/sql/pg-parser.js';
import { callArguments, dottedName, statementRanges, stringContent, verbatimContentStart } from '../../src/sql/tokens.js';
import { transactionScope } from '../../src/sql/transaction-scope.js';
import { unterminatedStart } from '../../src/sql/unterminated.js';

describe('scanSql', () => {
  it('drops comments and keeps the input text of each token', () => {
    assert.deepEqual(scanSql("SeT x = 'a' -- c\n/* d */ ;")!.map((t) => t.text), ['SeT', 'x', '=', "'a'", ';']);
  });

  it('scans text with control characters at unchanged offsets', () => {
    const text = "LISTEN a;\u0001 SELECT 'b\u0002'";
    const tokens = scanSql(text)!;
    assert.deepEqual(tokens.map((t) => text.slice(t.start, t.end)), ['LISTEN', 'a', ';', 'SELECT', "'b\u0002'"]);
  });
});

describe('tokens', () => {
  it('statementRanges splits on top-level semicolons, keeping BEGIN ATOMIC bodies and parentheses whole', () => {
    const text = 'CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT CASE WHEN true THEN 1 END; END; ; SELECT (1)';
    const tokens = scanSql(text)!;
    const pieces = statementRanges(tokens).map(([from, to]) => text.slice(tokens[from]!.start, tokens[to - 1]!.end));
    assert.deepEqual(pieces, ['CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT CASE WHEN true THEN 1 END; END', 'SELECT (1)']);
  });

  it('dottedName unquotes and lower-cases', () => {
    assert.deepEqual(dottedName(scanSql('App."Tenant" = 1')!, 0), { name: 'app.Tenant', next: 3 });
  });

  it('stringContent decodes the usual string forms', () => {
    assert.deepEqual(["'it''s'", "E'a\\'b'", '$$x$$', '$t$y$t$'].map((s) => stringContent(scanSql(s)![0])), ["it's", "a'b", 'x', 'y']);
  });

  it('callArguments splits on top-level commas only', () => {
    const args = callArguments(scanSql("f('a', g(1, 2), ARRAY[3, 4])")!, 1)!;
    assert.deepEqual(args.map((arg) => arg.map((t) => t.text).join(' ')), ["'a'", 'g ( 1 , 2 )', 'ARRAY [ 3 , 4 ]']);
  });

  it('verbatimContentStart only for strings whose content is their verbatim slice', () => {
    assert.equal(verbatimContentStart(scanSql('x $q$abc$q$')![1]!, 'abc'), 5);
    assert.equal(verbatimContentStart(scanSql("'abc'")![0]!, 'abc'), 1);
    assert.equal(verbatimContentStart(scanSql("'a''b'")![0]!, "a'b"), undefined);
  });
});

describe('unterminatedStart', () => {
  const cases: Array<[string, number | undefined]> = [
    ["SELECT 'ok'", undefined],
    ["SET x = 1; SET y = 'oops", 19],
    ['SELECT "ident', 7],
    ['SELECT $$ body', 7],
    ['SELECT $tag$ x $tag$, $other$ y', 22],
    ['SELECT 1 /* a /* b */', 9],
    ["SELECT E'it\\'s", 8],
    ["SELECT 'a''b' || 'c", 17],
    ["-- it's a comment\nSELECT $1, a$b", undefined],
  ];
  for (const [text, expected] of cases) {
    it(JSON.stringify(text), () => assert.equal(unterminatedStart(text), expected));
  }
});

describe('transactionScope', () => {
  it('explicit inside BEGIN…COMMIT, implicit before the last statement, none otherwise', () => {
    const scope = transactionScope([{}, { transactionControl: 'begin' }, {}, { transactionControl: 'commit' }, {}, {}]);
    assert.deepEqual(scope.inTransaction, ['implicit', 'implicit', 'explicit', 'explicit', 'implicit', 'none']);
    assert.equal(scope.effect, 'none');
  });
});

describe('LruCache', () => {
  it('evicts the least recently used entry beyond its entry count', () => {
    const cache = new LruCache<number>(2, 100);
    cache.set('a', 1, 1);
    cache.set('b', 2, 1);
    assert.equal(cache.get('a'), 1);
    cache.set('c', 3, 1);
    assert.deepEqual([cache.get('a'), cache.get('b'), cache.get('c')], [1, undefined, 3]);
  });

  it('moves an entry read long after it was stored; one of the most recent quarter stays where it is', () => {
    const cache = new LruCache<number>(8, 100);
    for (const key of 'abcdefgh') cache.set(key, 1, 1);
    assert.equal(cache.get('a'), 1); // the oldest entry, read: moved to the recent end
    assert.equal(cache.get('h'), 1); // among the two most recent: not moved
    cache.set('i', 1, 1);
    cache.set('j', 1, 1);
    assert.deepEqual([..."abcdefghij"].filter((key) => cache.get(key) !== undefined), [...'adefghij']);
  });

  it('evicts beyond its total size and never stores an entry larger than the budget', () => {
    const cache = new LruCache<number>(10, 10);
    cache.set('a', 1, 6);
    cache.set('b', 2, 6);
    cache.set('huge', 3, 11);
    assert.deepEqual([cache.get('a'), cache.get('b'), cache.get('huge')], [undefined, 2, undefined]);
  });
});
