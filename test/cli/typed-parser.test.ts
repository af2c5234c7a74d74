import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as tsParser from '@typescript-eslint/parser';
import { ESLint, type Rule } from 'eslint';
import { ownText, typedParser } from '../../src/cli/typed-parser.js';

const SHEBANG_FILE = '#!/usr/bin/env node\nimport { a } from "./a";\nexport const b: number = a + 1;\n';

const FILES = ['a.ts', 'bin.ts', 'c.ts'];

/**
 * Lints the project's files with `parser` and a rule that records each file's program and first comment, in the order
 * of FILES (ESLint may visit the files in another order, so each record is kept under its file's name).
 */
async function lint(dir: string, parser: unknown): Promise<{ programs: unknown[]; firstComments: (string | undefined)[]; errors: string[] }> {
  const programs = new Map<string, unknown>();
  const firstComments = new Map<string, string | undefined>();
  const probe: Rule.RuleModule = {
    create: (context) => ({
      Program: () => {
        const name = path.basename(context.filename);
        programs.set(name, context.sourceCode.parserServices?.program);
        const first = context.sourceCode.getAllComments()[0];
        firstComments.set(name, first && `${first.type} ${first.value}`);
      },
    }),
  };
  const eslint = new ESLint({
    cwd: dir,
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: parser as never, parserOptions: { projectService: true, tsconfigRootDir: dir } },
        plugins: { probe: { rules: { probe } } },
        rules: { 'probe/probe': 'error' },
      },
    ],
  });
  const results = await eslint.lintFiles(FILES);
  return {
    programs: FILES.map((f) => programs.get(f)),
    firstComments: FILES.map((f) => firstComments.get(f)),
    errors: results.flatMap((r) => r.messages.map((m) => m.message)),
  };
}

describe('the typed parser of pooler-lint', () => {
  const dirs: string[] = [];
  const project = (): string => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pooler-typed-parser-'));
    dirs.push(dir);
    writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, module: 'nodenext' }, include: ['*.ts'] }));
    writeFileSync(path.join(dir, 'a.ts'), 'export const a = 1;\n');
    writeFileSync(path.join(dir, 'bin.ts'), SHEBANG_FILE);
    writeFileSync(path.join(dir, 'c.ts'), 'import { b } from "./bin";\nexport const c = b;\n');
    return dir;
  };
  let dir: string;
  before(() => {
    dir = project();
  });
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('keeps one program across a file with a shebang (the plain parser builds a new one there)', async (t) => {
    const plain = await lint(project(), tsParser);
    assert.deepEqual(plain.errors, []);
    // The plain parser usually rebuilds the program here (the cost guarded against), but not in every run: whether the
    // project service reuses its program depends on its timing, so this is a note, not an assertion.
    if (plain.programs[0] === plain.programs[2]) t.diagnostic('the plain parser kept its program in this run');
    const typed = await lint(dir, typedParser);
    assert.deepEqual(typed.errors, []);
    assert.ok(typed.programs[0]);
    assert.equal(typed.programs[1], typed.programs[0]);
    assert.equal(typed.programs[2], typed.programs[0]);
  });

  it('gives ESLint the shebang as its first comment, as the plain parser does', async () => {
    const plain = await lint(project(), tsParser);
    const typed = await lint(dir, typedParser);
    assert.equal(typed.firstComments[1], 'Shebang /usr/bin/env node');
    assert.deepEqual(typed.firstComments, plain.firstComments);
  });

  it('reads the file only when ESLint rewrote nothing but its shebang', () => {
    const file = path.join(dir, 'bin.ts');
    assert.equal(ownText(`//${SHEBANG_FILE.slice(2)}`, file), SHEBANG_FILE);
    assert.equal(ownText(`//${SHEBANG_FILE.slice(2)}// edited\n`, file), undefined, 'text that differs from the file (an editor buffer) is parsed as given');
    assert.equal(ownText('export const a = 1;\n', path.join(dir, 'a.ts')), undefined);
    assert.equal(ownText('// a comment\n', path.join(dir, 'missing.ts')), undefined);
    assert.equal(ownText('// a comment\n', undefined), undefined);
  });
});
