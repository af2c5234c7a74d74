/**
 * The text a wrapper puts around its argument: joining fragments, mapping the call site's text back to the
 * caller's source, and telling the caller's part of the analysed text from the wrapper's.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TSESTree } from '@typescript-eslint/utils';
import type { ResolvedSql } from '../../src/ast/sql-text.js';
import { EMPTY_FRAGMENT, holeFragment, isEmpty, joinFragments, textFragment, wrapSql } from '../../src/program/fragments.js';
import { analyzeSql } from '../../src/sql/index.js';

/** A stand-in argument node at source range [100, 140). */
const ARG = { type: 'Literal', range: [100, 140] } as unknown as TSESTree.Node;

/** The caller's text `LISTEN a` + hole + `;` with each character at source index 200 + offset (part 1 at 300). */
const inner: ResolvedSql = {
  fragment: { parts: ['LISTEN ', ''], holes: ['identifier'] },
  node: ARG,
  holeNodes: [ARG],
  complete: false,
  sourceIndex: (part, offset) => (part === 0 ? 200 + offset : 300 + offset),
};

describe('wrapper text fragments', () => {
  it('joins fragments part by part', () => {
    assert.deepEqual(joinFragments(textFragment('SET '), holeFragment('raw')), { parts: ['SET ', ''], holes: ['raw'] });
    assert.deepEqual(joinFragments(holeFragment('raw'), textFragment(' LIMIT 1')), { parts: ['', ' LIMIT 1'], holes: ['raw'] });
    assert.equal(joinFragments(EMPTY_FRAGMENT, textFragment('x')).parts[0], 'x');
    assert.equal(isEmpty(EMPTY_FRAGMENT), true);
    assert.equal(isEmpty(textFragment(' ')), false);
  });

  it('maps the caller\'s characters to the caller\'s source and the wrapper\'s to the argument', () => {
    const { resolved } = wrapSql(textFragment('/* app */ '), inner, holeFragment('raw'), ARG);
    assert.deepEqual(resolved.fragment, { parts: ['/* app */ LISTEN ', '', ''], holes: ['identifier', 'raw'] });
    assert.equal(resolved.sourceIndex(0, 0), 100, 'the wrapper\'s comment');
    assert.equal(resolved.sourceIndex(0, 10), 200, 'L of LISTEN');
    assert.equal(resolved.sourceIndex(0, 16), 206, 'the space after LISTEN');
    assert.deepEqual(resolved.holeNodes, [ARG, ARG]);
    assert.equal(resolved.complete, false);
  });

  it('keeps findings that start in the caller\'s argument only', () => {
    const listen = wrapSql(textFragment('/* app */ '), { ...inner, fragment: { parts: ['LISTEN jobs'], holes: [] } }, EMPTY_FRAGMENT, ARG);
    const analysis = analyzeSql(listen.resolved.fragment);
    const finding = analysis.findings.find((f) => f.hazard === 'listen');
    assert.ok(finding);
    assert.equal(listen.inArgument(analysis, finding.start), true);
    assert.equal(listen.inArgument(analysis, 0), false, 'the wrapper\'s comment');

    const set = wrapSql(textFragment('SET search_path TO '), { ...inner, fragment: { parts: ['app'], holes: [] } }, EMPTY_FRAGMENT, ARG);
    const setAnalysis = analyzeSql(set.resolved.fragment);
    const setFinding = setAnalysis.findings.find((f) => f.hazard === 'session-set');
    assert.ok(setFinding);
    assert.equal(set.inArgument(setAnalysis, setFinding.start), false, 'the SET is the wrapper\'s own text');
  });
});
