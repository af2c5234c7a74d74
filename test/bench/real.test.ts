import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatRatio, parseLabels, score, type Finding, type Label } from '../../bench/real/score.js';

const label = (path: string, line: number, rule: string, verdict: Label['verdict'], repo = 'app'): Label => ({
  repo,
  commit: '0'.repeat(40),
  path,
  line,
  rule,
  verdict,
  why: 'because',
});
const finding = (path: string, line: number, rule: string, repo = 'app'): Finding => ({ repo, path, line, rule, message: `${rule} at ${line}` });

const labels: Label[] = [
  label('src/db.ts', 10, 'no-session-set', 'positive'),
  label('src/db.ts', 20, 'no-session-set', 'positive'),
  label('src/db.ts', 30, 'no-session-set', 'negative'),
  label('src/lock.ts', 5, 'no-session-advisory-lock', 'positive'),
  label('src/lock.ts', 9, 'no-session-advisory-lock', 'negative'),
  label('src/other.ts', 1, 'no-listen', 'positive', 'other'),
];

describe('bench:real scoring', () => {
  it('matches a finding to a label only by repo, path, line and rule', () => {
    const result = score(
      labels,
      [
        finding('src/db.ts', 10, 'no-session-set'),
        finding('src/db.ts', 10, 'no-session-set'), // the same line twice counts once
        finding('src/db.ts', 20, 'no-listen'), // other rule: not a match
        finding('src/db.ts', 21, 'no-session-set'), // other line: not a match
        finding('src/db.ts', 10, 'no-session-set', 'elsewhere'), // repository not in scope
      ],
      new Set(['app', 'other']),
    );
    const set = result.rules.find((r) => r.rule === 'no-session-set')!;
    assert.deepEqual({ positives: set.positives, found: set.found, negatives: set.negatives, negativesFlagged: set.negativesFlagged, findings: set.findings }, {
      positives: 2,
      found: 1,
      negatives: 1,
      negativesFlagged: 0,
      findings: 2,
    });
    assert.equal(set.recall, 0.5);
    assert.equal(set.precision, 1);
    assert.deepEqual(
      result.unlabelled.map((f) => `${f.path}:${f.line} ${f.rule}`),
      ['src/db.ts:20 no-listen', 'src/db.ts:21 no-session-set'],
    );
    assert.deepEqual(
      result.missed.map((l) => `${l.repo} ${l.path}:${l.line}`),
      ['app src/db.ts:20', 'app src/lock.ts:5', 'other src/other.ts:1'],
    );
  });

  it('computes recall over positives and precision over judged findings, per rule and in total', () => {
    const result = score(
      labels,
      [
        finding('src/db.ts', 10, 'no-session-set'),
        finding('src/db.ts', 20, 'no-session-set'),
        finding('src/db.ts', 30, 'no-session-set'), // a judged false positive
        finding('src/lock.ts', 5, 'no-session-advisory-lock'),
        finding('src/lock.ts', 9, 'no-session-advisory-lock'), // a judged false positive
        finding('src/new.ts', 3, 'no-session-advisory-lock'), // unjudged: not in precision
      ],
      new Set(['app', 'other']),
    );
    const lock = result.rules.find((r) => r.rule === 'no-session-advisory-lock')!;
    assert.equal(lock.recall, 1);
    assert.equal(lock.precision, 0.5);
    assert.equal(lock.findings, 3);
    const listen = result.rules.find((r) => r.rule === 'no-listen')!;
    assert.equal(listen.recall, 0);
    assert.equal(listen.precision, undefined);
    assert.equal(result.total.positives, 4);
    assert.equal(result.total.found, 3);
    assert.equal(result.total.recall, 0.75);
    assert.equal(result.total.negativesFlagged, 2);
    assert.equal(result.total.precision, 3 / 5);
    assert.equal(formatRatio(result.total.recall, result.total.found, result.total.positives), '0.75 (3/4)');
    assert.equal(formatRatio(listen.precision, 0, 0), '—');
    assert.deepEqual(result.unlabelled.map((f) => f.path), ['src/new.ts']);
  });

  it('leaves out a repository whose run failed instead of scoring its positives as missed', () => {
    const result = score(labels, [], new Set(['app']));
    assert.equal(result.total.positives, 3);
    assert.ok(result.missed.every((l) => l.repo === 'app'));
    assert.equal(result.rules.some((r) => r.rule === 'no-listen'), false);
  });

  it('parses labels.jsonl and names a bad line', () => {
    const text = `${JSON.stringify(labels[0])}\n\n${JSON.stringify(labels[2])}\n`;
    assert.deepEqual(parseLabels(text), [labels[0], labels[2]]);
    assert.throws(() => parseLabels(`${JSON.stringify(labels[0])}\n{"repo":"app"}\n`), /labels line 2 needs repo, commit, path, line, rule, verdict and why/);
    assert.throws(() => parseLabels('not json'), /labels line 1 is not JSON/);
  });
});
