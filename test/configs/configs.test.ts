/**
 * The plugin's flat configs on their own: each is one object with its files, parser, plugin and rules; the
 * parser picks typescript-eslint's for TypeScript and `.jsx` and ESLint's espree for JavaScript, and the rules
 * find the same hazards on both ASTs; a bad `settings.pooler` stops the lint of any file.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import tsParser from '@typescript-eslint/parser';
import { Linter, type Rule } from 'eslint';
import plugin from '../../src/index.js';
import { PROFILE_IDS } from '../../src/profiles/index.js';

const FILES = ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts', '**/*.js', '**/*.jsx', '**/*.mjs', '**/*.cjs'];

describe('the configs', () => {
  it('are one named object each, with the eight file globs, the parser and every recommended rule', () => {
    const names = ['recommended', 'recommended-type-checked', ...PROFILE_IDS] as const;
    assert.deepEqual(Object.keys(plugin.configs).sort(), [...names].sort());
    for (const name of names) {
      const config = plugin.configs[name];
      assert.equal(Array.isArray(config), false, name);
      assert.equal(config.name, `pooler/${name}`);
      assert.deepEqual([...(config.files ?? [])].sort(), [...FILES].sort(), name);
      assert.equal((config.languageOptions?.parser as { meta?: { name?: string } }).meta?.name, 'eslint-plugin-pooler/parser');
      assert.deepEqual(Object.keys(config.rules ?? {}).sort(), Object.keys(plugin.rules).map((r) => `pooler/${r}`).sort());
    }
  });

  it('turn type information on in recommended-type-checked only', () => {
    assert.deepEqual(plugin.configs['recommended-type-checked'].languageOptions?.parserOptions, { projectService: true });
    for (const name of ['recommended', ...PROFILE_IDS] as const) {
      assert.equal(plugin.configs[name].languageOptions?.parserOptions, undefined, name);
    }
  });
});

/** Which parser produced a file's AST: typescript-eslint's parser services carry its node maps, espree's none. */
function parserOf(file: string, code: string): string {
  let seen = '';
  const probe: Rule.RuleModule = {
    create(context) {
      seen = 'esTreeNodeToTSNodeMap' in context.sourceCode.parserServices ? 'typescript-eslint' : 'espree';
      return {};
    },
  };
  const linter = new Linter({ configType: 'flat' });
  const messages = linter.verify(
    code,
    [plugin.configs.recommended, { files: FILES, plugins: { probe: { rules: { probe } } }, rules: { 'probe/probe': 'error' } }],
    file,
  );
  assert.deepEqual(messages, [], file);
  return seen;
}

describe('the configs’ parser', () => {
  it('parses TypeScript and JSX with typescript-eslint, JavaScript with espree', () => {
    assert.equal(parserOf('src/a.ts', 'const a: number = 1;\nexport { a };\n'), 'typescript-eslint');
    assert.equal(parserOf('src/a.tsx', 'export const a = <div>{1 as number}</div>;\n'), 'typescript-eslint');
    assert.equal(parserOf('src/a.mts', 'export const a: string = "x";\n'), 'typescript-eslint');
    assert.equal(parserOf('src/a.cts', 'export const a: string = "x";\n'), 'typescript-eslint');
    assert.equal(parserOf('src/a.jsx', 'export const a = <div />;\n'), 'typescript-eslint');
    assert.equal(parserOf('src/a.js', 'export const a = 1;\n'), 'espree');
    assert.equal(parserOf('src/a.mjs', 'export const a = 1;\n'), 'espree');
    assert.equal(parserOf('src/a.cjs', 'module.exports = 1;\n'), 'espree');
  });
});

/** One hazard of each rule, in JavaScript. */
const JS_CORPUS = `import pg from 'pg';
const pool = new pg.Pool({ max: 500 });
const direct = new pg.Client({ options: '-c statement_timeout=5000' });
export async function work(tenant) {
  await pool.query('SET search_path TO ' + tenant);
  await pool.query('SELECT pg_advisory_lock(42)');
  await pool.query('LISTEN jobs');
  await pool.query({ name: 'one', text: 'SELECT 1' });
  await pool.query('CREATE TEMP TABLE scratch (id int)');
  const client = await pool.connect();
  await client.query('SELECT 1');
  return direct;
}
`;

function findings(file: string, extra: Linter.Config[] = []): string[] {
  const linter = new Linter({ configType: 'flat' });
  return linter
    .verify(JS_CORPUS, [plugin.configs.recommended, ...extra], file)
    .map((m) => `${m.line}:${m.column} ${m.ruleId ?? `fatal ${m.message}`}`)
    .sort();
}

describe('the rules on JavaScript', () => {
  it('find one hazard of each rule, the same at the same places on espree’s and typescript-eslint’s ASTs', () => {
    const rules = findings('src/work.js').map((f) => f.split(' ')[1]);
    assert.deepEqual([...new Set(rules)].sort(), Object.keys(plugin.rules).map((r) => `pooler/${r}`).sort());
    const viaTs = findings('src/work.js', [{ files: ['**/*.js'], languageOptions: { parser: tsParser as Linter.Parser } }]);
    assert.deepEqual(findings('src/work.js'), viaTs);
    assert.deepEqual(findings('src/work.mjs'), viaTs);
    assert.deepEqual(findings('src/work.jsx'), viaTs);
    assert.deepEqual(findings('src/work.ts'), viaTs);
  });
});

describe('settings.pooler', () => {
  const NO_DRIVER = 'export const add = (a, b) => a + b;\n';
  const lint = (pooler: unknown, file = 'src/add.js') =>
    new Linter({ configType: 'flat' }).verify(NO_DRIVER, [plugin.configs.recommended, { settings: { pooler } }], file);

  it('stops the lint of a file that imports no driver, naming the bad key, without call frames; a valid one does not', () => {
    assert.deepEqual(lint({ profile: 'pgbouncer', version: '1.21', maxPreparedStatements: 200 }), []);
    assert.deepEqual(lint(undefined), []);
    const cases: Array<[unknown, string]> = [
      [{ profile: 'pgbouncr' }, "settings.pooler.profile 'pgbouncr' is not a pooler profile; use one of: transaction,"],
      [{ profil: 'pgbouncer' }, "settings.pooler has an unknown key 'profil'; the known keys are profile,"],
      [{ profile: 'pgbouncer', maxPreparedStatements: '200' }, "settings.pooler.maxPreparedStatements must be a whole number of 0 or more, got '200'."],
    ];
    for (const [pooler, sentence] of cases) {
      for (const file of ['src/add.js', 'src/add.ts']) {
        assert.throws(
          () => lint(pooler, file),
          (error: Error) => {
            assert.ok(error.message.includes(sentence), error.message);
            assert.ok(error.stack?.includes(sentence), 'the stack ESLint prints names the key');
            assert.doesNotMatch(error.stack ?? '', /\n\s+at /, 'no call frames');
            return true;
          },
        );
      }
    }
  });
});
