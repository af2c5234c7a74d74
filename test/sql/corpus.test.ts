import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeSql, analyzeSqlHazards } from '../../src/sql/index.js';
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

describe('SQL corpus: the rules’ entry (analyzeSqlHazards) finds what analyzeSql finds', () => {
  // Its word filter skips the parser for text with no hazard and no transaction control: a word it missed
  // would lose a finding here.
  for (const entry of corpus) {
    it(`${entry.file}:${entry.line} filtered`, () => {
      const analysis = analyzeSqlHazards(entry.sql);
      assert.deepEqual(analysisItems(analysis), entry.expected);
      assert.equal(analysis.transactionEffect, analyzeSql(entry.sql).transactionEffect);
    });
  }

  it('the application queries of the corpus without such words are not parsed (no statements)', () => {
    const skipped = corpus.filter((entry) => entry.expected.length === 0 && analyzeSqlHazards(entry.sql).statements.length === 0);
    assert.ok(skipped.length >= 50, `only ${skipped.length} entries skipped the parser`);
    // `set` only as a row update's (`UPDATE t SET`, `DO UPDATE SET`).
    const rowUpdate = /\bupdate\s+[\w$."]+(?:\s+(?:as\s+)?\w+)?\s+set\b|\bdo\s+update\s+set\b/gi;
    for (const entry of skipped) assert.ok(!/\b(?:set|begin|listen)\b/i.test(entry.sql.replace(rowUpdate, ' ')), entry.sql);
  });
});
