/** Test helpers: findings as plain objects with the exact text of their span. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { analyzeSql, type SqlFinding, type SqlFragment } from '../../src/sql/index.js';

/** A finding as the tests compare it: its span as text instead of offsets. */
export interface Seen {
  hazard: SqlFinding['hazard'];
  span: string;
  confidence: SqlFinding['confidence'];
  inTransaction: SqlFinding['inTransaction'];
  guc?: string;
  name?: string;
  closedInText?: true;
}

/**
 * The findings of `input`, each with `text.slice(start, end)` as `span`.
 *
 * @example seen('LISTEN a') // [{ hazard: 'listen', span: 'LISTEN a', name: 'a', confidence: 'parsed', inTransaction: 'none' }]
 */
export function seen(input: string | SqlFragment): Seen[] {
  const analysis = analyzeSql(input);
  return analysis.findings.map((f) => {
    const s: Seen = { hazard: f.hazard, span: analysis.text.slice(f.start, f.end), confidence: f.confidence, inTransaction: f.inTransaction };
    if (f.guc !== undefined) s.guc = f.guc;
    if (f.name !== undefined) s.name = f.name;
    if (f.closedInText) s.closedInText = true;
    return s;
  });
}

/**
 * An expected finding; parsed and outside any transaction unless `extra` says otherwise.
 *
 * @example finding('listen', 'LISTEN a', { name: 'a' })
 */
export function finding(hazard: Seen['hazard'], span: string, extra: Partial<Seen> = {}): Seen {
  return { hazard, span, confidence: 'parsed', inTransaction: 'none', ...extra };
}

/** One test case: title, input, the exact findings expected. */
export type Case = [title: string, input: string | SqlFragment, expected: Seen[]];

/**
 * Registers one `it` per case, asserting the exact findings (hazard, span text, guc/name, confidence, scope).
 *
 * @example itFinds([['LISTEN', 'LISTEN a', [finding('listen', 'LISTEN a', { name: 'a' })]]])
 */
export function itFinds(cases: readonly Case[]): void {
  for (const [title, input, expected] of cases) it(title, () => assert.deepEqual(seen(input), expected));
}
