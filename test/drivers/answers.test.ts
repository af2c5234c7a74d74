import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PerNodeAnswers } from '../../src/drivers/answers.js';
import { makeValue } from '../../src/drivers/values.js';
import { readDriverSettings } from '../../src/drivers/settings.js';

describe('PerNodeAnswers: one answer per node and key', () => {
  it('computes once, replays a skipped lookup on every later answer, and answers afresh while in progress', () => {
    let skipped = 0;
    let computed = 0;
    const answers = new PerNodeAnswers<object>(() => skipped++, () => skipped);
    const node = {};
    const pool = makeValue('pg.Pool');
    const compute = () => {
      computed++;
      skipped++; // a project module's lookup skipped on the way
      return pool;
    };
    assert.equal(answers.answer(node, 'k', compute), pool);
    assert.equal(answers.answer(node, 'k', compute), pool);
    assert.deepEqual({ computed, skipped }, { computed: 1, skipped: 2 });
    assert.equal(answers.answer(node, 'other', () => undefined), undefined);
    assert.equal(skipped, 2); // no lookup skipped: nothing to replay
    const inner: unknown[] = [];
    const cyclic = answers.answer(node, 'self', () => {
      inner.push(answers.answer(node, 'self', () => undefined)); // asked again while being worked out
      return pool;
    });
    assert.deepEqual([cyclic, inner], [pool, [undefined]]);
    assert.equal(answers.answer(node, 'self', () => undefined), pool);
  });
});

describe('readDriverSettings', () => {
  it('reads a settings.pooler object once, whatever settings object holds it', () => {
    const pooler = { directUrlPattern: '^SESSION_URL$' };
    const first = readDriverSettings({ pooler });
    assert.equal(readDriverSettings({ pooler, other: 1 }), first);
    assert.ok(first.directUrlPattern.test('session_url'));
    assert.equal(readDriverSettings({}), readDriverSettings(undefined));
    assert.notEqual(readDriverSettings({ pooler: { directUrlPattern: 'X' } }), first);
  });
});
