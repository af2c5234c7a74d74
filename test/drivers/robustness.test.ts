/**
 * The driver model and no-leaked-client never throw (a throwing rule makes `verify()` throw): every
 * node of every source file of this repository (and a few odd snippets) is asked for its value,
 * call and sink.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import tsParser from '@typescript-eslint/parser';
import type { TSESTree } from '@typescript-eslint/utils';
import { Linter } from 'eslint';
import leakRule from '../../rules/no-leaked-client.js';
import { createRule } from '../../src/create-rule.js';
import { getDriverModel } from '../../src/drivers/index.js';
import { repoPath } from '../repo-root.js';

const everything = createRule({
  name: 'everything',
  meta: { type: 'problem', docs: { description: 'asks the model about every node', recommended: false }, messages: { x: 'x' }, schema: [] },
  create(context) {
    const model = getDriverModel(context);
    return {
      '*'(node: TSESTree.Node) {
        model.valueOf(node);
        if (node.type === 'CallExpression' || node.type === 'NewExpression' || node.type === 'TaggedTemplateExpression') model.callOf(node);
        if (node.type === 'CallExpression' || node.type === 'TaggedTemplateExpression') model.sinkOf(node);
      },
      'Program:exit'() {
        void model.creations;
      },
    };
  },
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return name === 'node_modules' ? [] : sourceFiles(file);
    return /\.(ts|js|mjs)$/.test(name) && !name.endsWith('.d.ts') ? [file] : [];
  });
}

function lint(code: string, filename: string, sourceType: 'module' | 'script' = 'module'): Linter.LintMessage[] {
  const linter = new Linter({ configType: 'flat' });
  return linter.verify(
    code,
    [
      {
        files: ['**/*.ts', '**/*.js'],
        languageOptions: { parser: tsParser, sourceType },
        linterOptions: { reportUnusedDisableDirectives: 'off' },
        plugins: { t: { rules: { everything: everything as never, leaks: leakRule as never } } },
        rules: { 't/everything': 'error', 't/leaks': 'error' },
      },
    ],
    filename,
  );
}

describe('robustness', () => {
  it('answers for every node of this repository without throwing', () => {
    const files = ['src', 'rules', 'test', 'fixtures'].flatMap((dir) => sourceFiles(repoPath(dir)));
    assert.ok(files.length > 50);
    for (const file of files) {
      const relative = path.relative(repoPath(), file);
      const messages = lint(readFileSync(file, 'utf8'), relative.endsWith('.ts') ? relative : `${relative}.ts`);
      // A rule that throws makes verify() throw; a parse error would hide the file from the rules.
      assert.deepEqual(messages.filter((m) => m.ruleId === null), [], file);
    }
  });

  it('handles odd syntax', () => {
    const snippets = [
      `import { Pool } from 'pg'; const pool = new Pool();
       async function* gen() { const c = await pool.connect(); yield c; for await (const x of y) { c.release(); } }`,
      `import { Pool } from 'pg'; const pool = new Pool();
       async function f() { const c = await pool.connect(); label: { if (x) break label; } do { c[x](); } while (c); c.release(); }`,
      `import { Pool } from 'pg'; const pool = new Pool(); let a = b, b = a; probe(a);
       class X { static { this.p = new Pool(); } #q = this.#q; get g() { return this.g; } }
       const { [k]: v, ...rest } = require('pg'); new rest.Pool();`,
      `import { Pool } from 'pg'; const pool = new Pool();
       async function f() { var c = await pool.connect(); switch (c) { case 1: default: } try {} catch {} finally {} }
       async function g() { let c; ({ c } = x); c = await pool.connect(); c?.release?.(); }`,
      `const pg = require('pg'); function f() { return f(); } const x = f(); async function g() { const c = await (x).connect(); }`,
    ];
    for (const snippet of snippets) {
      const messages = lint(snippet, 'odd.ts');
      assert.deepEqual(messages.filter((m) => m.ruleId === null), [], snippet);
    }
    const script = `with (obj) { require('pg').Pool; } async function f() { const c = await new (require('pg').Pool)().connect(); with (c) { query(); } }`;
    assert.deepEqual(lint(script, 'odd.js', 'script').filter((m) => m.ruleId === null), []);
  });
});
