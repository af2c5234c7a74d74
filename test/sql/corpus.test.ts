import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeSql } from '../../src/sql/index.js';
import { analysisItems, loadCorpus } from './corpus.js';

const corpus = loadCorpus();

describe('SQL corpus (fixtures/sql): every annotation holds', () => {
  it('has at least 300 entries over hazards, look-alikes, PL/pgSQL and application queries', () => {
    assert.ok(corpus.length >= 300, `only ${corpus.length} entries`);
    const files = new Set(corpus.map((entry) => entry.file));
    for (const file of ['hazards.sql', 'lookalikes.sql', 'app-queries.sql', 'plpgsql.sql']) assert.ok(files.has(file), file);
  });

  for (const entry of corpus) {
    it(`${entry.file}:${entry.line} ${entry.sql.split('\n')[0]!.slice(0, 70)}`, () => {
      const analysis = analyzeSql(entry.sql);
      assert.deepEqual(analysisItems(analysis), entry.expected);
      assert.equal(analysis.confidence, entry.scanned ? 'scanned' : 'parsed');
    });
  }
});

describe('SQL corpus: the scanner alone agrees with the annotations', () => {
  // One-statement, one-line entries, broken at the end so that only the scanner sees them. Bodies
  // in strings (DO, CREATE FUNCTION) are left out: the scanner does not look inside strings.
  const single = corpus.filter((e) => !e.sql.includes('\n') && !/;./.test(e.sql) && !/^(DO|CREATE (OR REPLACE )?(FUNCTION|PROCEDURE))\b/i.test(e.sql));

  it('covers most of the corpus', () => assert.ok(single.length >= 300, `only ${single.length} entries`));

  for (const entry of single) {
    it(`${entry.file}:${entry.line} scanned`, () => {
      const analysis = analyzeSql(`${entry.sql.replace(/;\s*$/, '')} ) ) broken (`);
      assert.equal(analysis.confidence, 'scanned');
      assert.deepEqual(analysisItems(analysis), entry.expected);
    });
  }
});
