/**
 * Lints the multi-file app in fixtures/leaks with ESLint (typed and untyped) and checks that the
 * findings are exactly the planted leaks marked `// LEAK: <messageId>` (and, with types only,
 * `// LEAK(typed): <messageId>`).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import tsParser from '@typescript-eslint/parser';
import { ESLint, Linter } from 'eslint';
import plugin from '../../src/index.js';
import { repoPath } from '../repo-root.js';

const dir = repoPath('fixtures', 'leaks');
const files = readdirSync(dir).filter((file) => file.endsWith('.ts'));

/** `file:line messageId` for every marker; typed markers only when `typed`. */
function planted(typed: boolean): string[] {
  const found: string[] = [];
  for (const file of files) {
    readFileSync(path.join(dir, file), 'utf8')
      .split('\n')
      .forEach((line, index) => {
        const marker = /\/\/ LEAK(\(typed\))?: (\w+)/.exec(line);
        if (marker && (typed || !marker[1])) found.push(`${file}:${index + 1} ${marker[2]}`);
      });
  }
  return found.sort();
}

async function lint(typed: boolean): Promise<string[]> {
  const config: Linter.Config = {
    files: ['**/*.ts'],
    languageOptions: {
      parser: tsParser,
      ...(typed ? { parserOptions: { projectService: true, tsconfigRootDir: dir } } : {}),
    },
    plugins: { pooler: plugin as unknown as ESLint.Plugin },
    rules: { 'pooler/no-leaked-client': 'error' },
  };
  const eslint = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: [config] });
  const results = await eslint.lintFiles(files);
  const found: string[] = [];
  for (const result of results) {
    for (const message of result.messages) {
      assert.equal(message.ruleId, 'pooler/no-leaked-client', `${path.basename(result.filePath)}: ${message.message}`);
      found.push(`${path.basename(result.filePath)}:${message.line} ${message.messageId}`);
    }
  }
  return found.sort();
}

describe('no-leaked-client on the fixtures/leaks app', () => {
  it('plants at least one leak per kind of finding', () => {
    const kinds = new Set(planted(true).map((entry) => entry.split(' ')[1]));
    for (const kind of ['notReleasedOnThrow', 'neverReleased', 'notReleasedOnSomePaths', 'doubleRelease']) {
      assert.ok(kinds.has(kind), kind);
    }
  });

  it('finds exactly the planted leaks without types', async () => {
    assert.deepEqual(await lint(false), planted(false));
  });

  it('finds exactly the planted leaks with types, including those across files', async () => {
    assert.deepEqual(await lint(true), planted(true));
  });
});

/** The ```js blocks of the rule doc with the ❌/✅ of the prose before them. */
function docExamples(): Array<{ line: number; marker: '❌' | '✅'; code: string }> {
  const lines = readFileSync(repoPath('rules', 'no-leaked-client.md'), 'utf8').split('\n');
  const examples: Array<{ line: number; marker: '❌' | '✅'; code: string }> = [];
  let marker: '❌' | '✅' | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('#')) marker = undefined;
    if (line.startsWith('❌') || line.startsWith('✅')) marker = line[0] === '❌' ? '❌' : '✅';
    if (line !== '```js' || !marker) continue;
    const end = lines.indexOf('```', i + 1);
    examples.push({ line: i + 1, marker, code: lines.slice(i + 1, end).join('\n') });
    i = end;
  }
  return examples;
}

describe('rules/no-leaked-client.md examples', () => {
  const examples = docExamples();

  it('has ❌ and ✅ examples for pg, pg-promise, postgres.js, TypeORM and knex', () => {
    assert.ok(examples.length >= 12, `${examples.length} examples`);
  });

  for (const example of examples) {
    it(`${example.marker} line ${example.line} is ${example.marker === '❌' ? 'reported' : 'not reported'}`, () => {
      const linter = new Linter({ configType: 'flat' });
      const messages = linter.verify(
        example.code,
        [
          {
            files: ['**/*.js'],
            plugins: { pooler: plugin as unknown as ESLint.Plugin },
            rules: { 'pooler/no-leaked-client': 'error' },
          },
        ],
        'example.js',
      );
      assert.equal(messages.some((m) => m.fatal), false, messages.map((m) => m.message).join('; '));
      assert.equal(messages.length > 0, example.marker === '❌', messages.map((m) => m.message).join('; '));
    });
  }
});
