/**
 * Every rule of the plugin degrades gracefully: odd SQL, odd syntax and huge inputs give reports or
 * silence, never an exception that would stop the user's whole lint run.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import plugin from '../../src/index.js';

const linter = new Linter({ configType: 'flat' });
const config: Linter.Config[] = [
  { files: ['**/*.ts'], languageOptions: { parser: tsParser as Linter.Parser } },
  { ...plugin.configs.recommended, files: ['**/*.ts'] },
];

function lint(body: string): Linter.LintMessage[] {
  const code = `import pg from 'pg';\nimport postgres from 'postgres';\nconst pool = new pg.Pool({ connectionTimeoutMillis: 1000 });\nconst sql = postgres({ prepare: false });\n${body}\n`;
  return linter.verify(code, config, 'odd.ts');
}

function fatal(messages: Linter.LintMessage[]): string[] {
  return messages.filter((m) => m.fatal || m.ruleId === null).map((m) => m.message);
}

const CASES: Record<string, string> = {
  'a megabyte of SQL': `pool.query(${JSON.stringify('SELECT 1;'.repeat(120_000))});`,
  'binary junk as SQL': `pool.query(${JSON.stringify('\u0000\u0001\u0002\uFFFF\uD800 SET ;;; $$ \' "')});`,
  'unterminated quotes and dollar quotes': `pool.query("SET x = 'open"); pool.query('DO $$ BEGIN'); pool.query('/* open');`,
  'an empty string and only comments': `pool.query(''); pool.query('-- nothing'); pool.query('/* */');`,
  'a template with a thousand holes': `const v = 1; pool.query(\`SELECT ${'${v},'.repeat(1000)} 1\`);`,
  'deeply nested concatenation': `const x = 'a'; pool.query(${Array.from({ length: 800 }, () => 'x').join(' + ')});`,
  'a chain of conditionals': `declare const c: boolean; pool.query(${Array.from({ length: 200 }, (_, i) => `c ? 'SET a${i} = 1' :`).join(' ')} 'SELECT 1');`,
  'recursive constants': `let a: string = 'SET x = 1'; a = a + a; pool.query(a);`,
  'a tag inside a tag inside a tag': 'sql`SELECT ${sql`SELECT ${sql`SET search_path TO ${sql(name)}`}`}`; declare const name: string;',
  'odd syntax around sinks': `class Repo { #pool = pool; static { void 0; } @dec m() { return this.#pool?.query?.('LISTEN x'); } } declare function dec(...a: unknown[]): any;`,
  'spread and computed arguments': `const args = ['SET x = 1'] as const; pool.query(...args); pool['query']('LISTEN y'); pool[\`query\`]('LISTEN z');`,
  'a config that is not an object': `new pg.Pool(undefined); new pg.Pool(null as any); postgres(42 as any); new pg.Pool({ ...null });`,
};

describe('rules never throw', () => {
  for (const [name, body] of Object.entries(CASES)) {
    it(name, () => {
      let messages: Linter.LintMessage[] = [];
      assert.doesNotThrow(() => {
        messages = lint(body);
      });
      assert.deepEqual(fatal(messages), []);
    });
  }

  it('still reports what it can see next to the oddities', () => {
    const ids = lint(`${CASES['binary junk as SQL']}\npool.query('LISTEN jobs');`).map((m) => m.ruleId);
    assert.ok(ids.includes('pooler/no-listen'), `got ${ids.join(', ')}`);
  });
});
