/**
 * The doc-example convention without servers: extraction of annotated blocks, annotation problems, and the
 * conventions every rules/*.md must follow (at least one annotated example, a link to its truth test).
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { extractTruthBlocks } from './doc-blocks.js';
import { blockProblems, docProblems } from './doc-scenarios.js';
import { programSource, repoRoot } from './program.js';

const root = repoRoot();
const read = (file: string) => readFileSync(join(root, file), 'utf8');
const fence = '```';

describe('truth doc blocks: extraction', () => {
  it('finds every annotated example of the sample doc, in order, with its marker', () => {
    const { blocks, problems } = extractTruthBlocks(read('fixtures/truth/sample-rule.md'), 'fixtures/truth/sample-rule.md');
    assert.deepEqual(problems, []);
    assert.deepEqual(
      blocks.map((b) => `${b.marker ?? '-'} ${b.scenario} ${b.lang}`),
      [
        '❌ session-set-leaks js',
        '✅ works js',
        '❌ session-set-leaks js',
        '✅ works js',
        '❌ advisory-lock-leaks js',
        '✅ works js',
        '❌ listen-loses-notifications js',
        '✅ works js',
        '❌ named-statement-fails js',
        '✅ works ts',
        '❌ named-statement-fails js',
        '✅ works js',
        '❌ sql-prepare-fails js',
        '❌ temp-table-fails js',
        '✅ works js',
        '❌ with-hold-cursor-fails js',
        '❌ startup-parameter-rejected js',
        '- startup-parameter-rejected js',
        '❌ hangs js',
        '❌ fails js',
        '❌ fails js',
      ],
    );
    assert.deepEqual(blocks.flatMap(blockProblems), []);
  });

  it('keeps the code, the line of the fence and JSON-unescaped attributes', () => {
    const markdown = ['# x', '', '❌ bad', '<!-- truth: fails error="say \\"hi\\"" timeout="500" -->', '', `${fence}js`, 'a();', 'b();', fence].join('\n');
    const { blocks } = extractTruthBlocks(markdown, 'x.md');
    assert.deepEqual(blocks, [
      { file: 'x.md', line: 6, scenario: 'fails', attributes: { error: 'say "hi"', timeout: '500' }, lang: 'js', code: 'a();\nb();', marker: '❌' },
    ]);
  });

  it('ignores annotations inside code blocks and forgets markers at headings and after blocks', () => {
    const markdown = [
      '❌',
      '## next',
      '<!-- truth: works -->',
      `${fence}ts`,
      'x();',
      fence,
      '````md',
      '<!-- truth: hangs -->',
      `${fence}js`,
      fence,
      '````',
    ].join('\n');
    const { blocks, problems } = extractTruthBlocks(markdown, 'y.md');
    assert.deepEqual(problems, []);
    assert.deepEqual(blocks.map((b) => [b.scenario, b.lang, b.marker]), [['works', 'ts', undefined]]);
  });

  it('reports malformed annotations, a missing or non-js block, and an unclosed block', () => {
    const markdown = [
      '<!-- truth: Bad Id -->',
      '<!-- truth: works -->',
      'text',
      '<!-- truth: works -->',
      `${fence}sql`,
      'select 1',
      fence,
      '<!-- truth: fails error=unquoted -->',
      '<!-- truth: works -->',
      `${fence}js`,
      'never closed',
    ].join('\n');
    const { blocks, problems } = extractTruthBlocks(markdown, 'z.md');
    assert.deepEqual(blocks, []);
    assert.deepEqual(
      problems.map((p) => p.replace(/:.*?: /, ': ')),
      [
        'z.md: malformed truth annotation "Bad Id" (expected: <!-- truth: scenario-id key="value" -->)',
        'z.md: truth annotation must be followed by a ```js or ```ts block',
        'z.md: truth annotation must be followed by a ```js or ```ts block',
        'z.md: malformed truth annotation "fails error=unquoted" (expected: <!-- truth: scenario-id key="value" -->)',
        'z.md: code block is not closed',
      ],
    );
  });

  it('transpiles TypeScript examples and leaves JavaScript as written', async () => {
    assert.equal(await programSource({ lang: 'js', code: 'const n = 1;' }), 'const n = 1;');
    const js = await programSource({ lang: 'ts', code: 'const n: number = await Promise.resolve(1);\nexport {};' });
    assert.match(js, /^const n = await Promise\.resolve\(1\);/);
  });
});

describe('truth doc blocks: annotation problems', () => {
  const block = { file: 'r.md', line: 3, lang: 'js' as const, code: '', attributes: {} };
  it('rejects unknown ids, unused or missing attributes, bad timeouts and contradicting markers', () => {
    assert.match(blockProblems({ ...block, scenario: 'nope' })[0] ?? '', /unknown truth scenario "nope"/);
    assert.deepEqual(blockProblems({ ...block, scenario: 'works', attributes: { error: 'x' } }), ['r.md:3: attribute error is not used by works']);
    assert.deepEqual(blockProblems({ ...block, scenario: 'fails' }), ['r.md:3: fails needs error="..."']);
    assert.deepEqual(blockProblems({ ...block, scenario: 'hangs', attributes: { timeout: '2s' } }), [
      'r.md:3: timeout is a number of milliseconds, got "2s"',
    ]);
    assert.deepEqual(blockProblems({ ...block, scenario: 'hangs', attributes: { everywhere: 'yes' } }), [
      'r.md:3: everywhere is "true" or absent, got "yes"',
    ]);
    assert.deepEqual(blockProblems({ ...block, scenario: 'hangs', marker: '✅' }), ['r.md:3: a ✅ example must claim "works", not "hangs"']);
    assert.deepEqual(blockProblems({ ...block, scenario: 'works', marker: '❌' }), ['r.md:3: a ❌ example cannot claim "works"']);
    assert.deepEqual(blockProblems({ ...block, scenario: 'temp-table-fails', marker: '❌', attributes: { error: 'x', timeout: '900' } }), []);
  });

  it('requires at least one annotated example and a link to the truth test in a doc', () => {
    assert.deepEqual(docProblems('# r\n\nno examples', 'rules/r.md'), [
      'rules/r.md: no truth-annotated example (<!-- truth: scenario-id --> before a ```js block)',
      'rules/r.md: no link to its truth test (e.g. [truth test](../test/truth/docs.test.ts))',
    ]);
    assert.deepEqual(docProblems(read('fixtures/truth/sample-rule.md'), 'fixtures/truth/sample-rule.md'), []);
  });
});

describe('truth doc blocks: rules/*.md follow the convention', () => {
  const dir = join(root, 'rules');
  const docs = existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.md')).sort() : [];
  if (docs.length === 0) it('rule docs', { skip: 'no rules/*.md yet' }, () => undefined);
  for (const name of docs) {
    it(`rules/${name}`, () => assert.deepEqual(docProblems(read(`rules/${name}`), `rules/${name}`), []));
  }
});
