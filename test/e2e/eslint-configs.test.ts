/**
 * The plugin's configs as a stranger uses them: the `eslint.config.*` snippets of the README's "Use it in
 * ESLint" section, taken from README.md (so they cannot drift), run by the real `eslint` in a throwaway app
 * with the packed tarball; `defineConfig` and `extends` forms; a bad `settings.pooler`; and the types of
 * `configs` under `tsc`.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { repoPath } from '../repo-root.js';
import { app, eslint, run, sandbox, type Run } from './sandbox.js';

const README = readFileSync(repoPath('README.md'), 'utf8');

/**
 * The config file of a README snippet marked `<!-- eslint-config: name -->`: its name (from the snippet's
 * first line, `// eslint.config.js`) and text.
 */
function snippet(name: string): Record<string, string> {
  const match = new RegExp(`<!-- eslint-config: ${name} -->\\n\`\`\`js\\n([\\s\\S]*?)\`\`\`\\n`).exec(README);
  assert.ok(match, `README.md has no snippet marked eslint-config: ${name}`);
  const text = match[1]!;
  const file = /^\/\/ (eslint\.config\.[cm]?js)\n/.exec(text)?.[1];
  assert.ok(file, `the ${name} snippet starts with a comment naming its file`);
  return { [file]: text };
}

const LISTEN_CLIENT = (channel: string) => `const client = new pg.Client();\nclient.query('LISTEN ${channel}');\n`;

/** A TypeScript and JavaScript project: one LISTEN per file kind, one only typed lint sees, a named statement. */
const PROJECT: Record<string, string> = {
  'tsconfig.json': `${JSON.stringify({ compilerOptions: { module: 'nodenext', strict: true, jsx: 'preserve', noEmit: true }, include: ['src'] })}\n`,
  'src/queries.ts': "export const LISTEN_JOBS = 'LISTEN jobs';\n",
  'src/jobs.ts': [
    "import pg from 'pg';",
    "import { LISTEN_JOBS } from './queries.js';",
    'const pool = new pg.Pool({ connectionTimeoutMillis: 5000 });',
    'export async function listen(): Promise<void> {',
    "  await pool.query('LISTEN local');",
    '  await pool.query(LISTEN_JOBS);',
    '}',
    '',
  ].join('\n'),
  'src/users.ts': [
    "import pg from 'pg';",
    'const pool = new pg.Pool({ connectionTimeoutMillis: 5000 });',
    "export const byId = (id: number) => pool.query({ name: 'user-by-id', text: 'SELECT $1::int AS id', values: [id] });",
    '',
  ].join('\n'),
  'src/view.tsx': "import pg from 'pg';\nconst client = new pg.Client();\nexport const View = () => <button onClick={() => client.query('LISTEN clicks')} />;\n",
  'src/tasks.mts': `import pg from 'pg';\n${LISTEN_CLIENT('tasks')}`,
  'src/legacy.cts': `const pg = require('pg');\n${LISTEN_CLIENT('legacy')}`,
  'scripts/seed.js': `import pg from 'pg';\n${LISTEN_CLIENT('seed')}`,
  'scripts/tool.mjs': `import pg from 'pg';\n${LISTEN_CLIENT('tool')}`,
  // A CommonJS file: a top-level return parses only as commonjs (ESLint's default for .cjs).
  'scripts/old.cjs': `const pg = require('pg');\n${LISTEN_CLIENT('old')}if (process.env.DONE) return;\n`,
  'scripts/panel.jsx': "import pg from 'pg';\nconst client = new pg.Client();\nexport const Panel = () => <button onClick={() => client.query('LISTEN panel')} />;\n",
};

/** What lint without types finds in PROJECT: `file:line rule`. */
const UNTYPED = [
  'scripts/old.cjs:3 pooler/no-listen',
  'scripts/panel.jsx:3 pooler/no-listen',
  'scripts/seed.js:3 pooler/no-listen',
  'scripts/tool.mjs:3 pooler/no-listen',
  'src/jobs.ts:5 pooler/no-listen',
  'src/jobs.ts:6 pooler/no-listen',
  'src/legacy.cts:3 pooler/no-listen',
  'src/tasks.mts:3 pooler/no-listen',
  'src/users.ts:3 pooler/no-named-prepared-statements',
  'src/view.tsx:3 pooler/no-listen',
];
/**
 * Typed lint finds the same: both follow `LISTEN_JOBS` from src/queries.ts (untyped through the module pass,
 * typed through the checker).
 */
const TYPED = [...UNTYPED];
const IN_SRC = (findings: readonly string[]) => findings.filter((f) => f.startsWith('src/'));

interface Result {
  filePath: string;
  messages: Array<{ ruleId: string | null; line: number; message: string; fatal?: boolean }>;
}

/** `eslint --format json` in `cwd` as `file:line rule` (paths relative to `dir`), fatal messages included. */
async function lint(dir: string, args: readonly string[] = ['.'], cwd = dir): Promise<{ run: Run; findings: string[] }> {
  const result = await eslint(cwd, ['--format', 'json', ...args]);
  assert.ok(result.stdout.startsWith('['), `eslint printed no JSON (exit ${result.code}):\n${result.stderr}`);
  const findings = (JSON.parse(result.stdout) as Result[]).flatMap((file) =>
    file.messages.map((m) => `${path.relative(dir, file.filePath)}:${m.line} ${m.ruleId ?? `fatal: ${m.message}`}`),
  );
  return { run: result, findings: findings.sort() };
}

describe('the README’s ESLint configs, run by eslint in a throwaway app', () => {
  before(async () => {
    await sandbox();
  });

  it('recommended lints TypeScript, JSX and JavaScript files without type information', async () => {
    const dir = await app('recommended', { ...PROJECT, ...snippet('recommended') });
    const { run: result, findings } = await lint(dir);
    assert.deepEqual(findings, UNTYPED);
    assert.equal(result.code, 1);
  });

  it('recommended-type-checked follows an SQL constant of another module, and lints JavaScript without types', async () => {
    const dir = await app('type-checked', { ...PROJECT, ...snippet('type-checked') });
    const { run: result, findings } = await lint(dir);
    assert.deepEqual(findings, TYPED);
    assert.equal(result.code, 1);
  });

  it('tsconfigRootDir defaults to the directory eslint runs in, and a later config object sets it', async () => {
    const plain = await app('tsconfig-root-default', { ...PROJECT, ...snippet('type-checked') });
    const fromSrc = await lint(plain, ['--config', '../eslint.config.js', '.'], path.join(plain, 'src'));
    assert.ok(fromSrc.findings.some((f) => f.startsWith('src/jobs.ts:') && f.includes('was not found by the project service')), fromSrc.findings.join('\n'));
    const dir = await app('tsconfig-root', { ...PROJECT, ...snippet('tsconfig-root') });
    const { findings } = await lint(dir, ['--config', '../eslint.config.js', '.'], path.join(dir, 'src'));
    assert.deepEqual(findings, IN_SRC(TYPED));
  });

  it('defineConfig with extends: the plugin’s config, limited to the block’s files', async () => {
    const dir = await app('define-config', { ...PROJECT, ...snippet('define-config') });
    const { findings } = await lint(dir);
    assert.deepEqual(findings, IN_SRC(TYPED));
  });

  it('a CommonJS config gets the plugin itself from require()', async () => {
    const dir = await app('commonjs', { ...PROJECT, ...snippet('commonjs') });
    const { findings } = await lint(dir);
    assert.deepEqual(findings, UNTYPED);
  });

  it('a profile in settings.pooler judges the hazards for that pooler', async () => {
    const dir = await app('profile', { ...PROJECT, ...snippet('profile') });
    const { findings } = await lint(dir);
    // PgBouncer 1.21 with max_prepared_statements keeps protocol-level named statements working.
    assert.deepEqual(findings, TYPED.filter((f) => !f.includes('no-named-prepared-statements')));
  });
});

describe('other ways to use the configs', () => {
  const forms: Record<string, string> = {
    'an ESM config with the object in the array': "import pooler from 'eslint-plugin-pooler';\nexport default [pooler.configs.recommended];\n",
    'defineConfig(config)': "import { defineConfig } from 'eslint/config';\nimport pooler from 'eslint-plugin-pooler';\nexport default defineConfig(pooler.configs.recommended);\n",
    'defineConfig({ extends: [config] })':
      "import { defineConfig } from 'eslint/config';\nimport pooler from 'eslint-plugin-pooler';\nexport default defineConfig({ extends: [pooler.configs.recommended] });\n",
    "defineConfig({ plugins, extends: ['pooler/recommended'] })":
      "import { defineConfig } from 'eslint/config';\nimport pooler from 'eslint-plugin-pooler';\nexport default defineConfig([{ plugins: { pooler }, extends: ['pooler/recommended'] }]);\n",
  };
  for (const [form, config] of Object.entries(forms)) {
    it(`${form} lints every file kind`, async () => {
      const dir = await app('form', { ...PROJECT, 'eslint.config.js': config });
      const { findings } = await lint(dir);
      assert.deepEqual(findings, UNTYPED);
    });
  }

  it('a profile config names its pooler in the messages', async () => {
    const dir = await app('rds-proxy', {
      'eslint.config.js': "import pooler from 'eslint-plugin-pooler';\nexport default [pooler.configs['rds-proxy']];\n",
      'src/tasks.ts': `import pg from 'pg';\n${LISTEN_CLIENT('tasks')}`,
    });
    const result = await eslint(dir, ['--format', 'json', '.']);
    const messages = (JSON.parse(result.stdout) as Result[]).flatMap((file) => file.messages);
    assert.equal(messages.length, 1);
    assert.equal(messages[0]!.ruleId, 'pooler/no-listen');
    assert.match(messages[0]!.message, /RDS Proxy/);
  });
});

describe('a bad settings.pooler', () => {
  const NO_DRIVER = { 'src/add.ts': 'export const add = (a: number, b: number): number => a + b;\n' };
  const configWith = (pooler: string) =>
    `import pooler from 'eslint-plugin-pooler';\nexport default [pooler.configs.recommended, { settings: { pooler: ${pooler} } }];\n`;
  const cases: Array<[string, string, string]> = [
    ['an unknown profile', "{ profile: 'pgbouncr' }", "settings.pooler.profile 'pgbouncr' is not a pooler profile; use one of: transaction, pgbouncer,"],
    ['an unknown key', "{ profil: 'pgbouncer' }", "settings.pooler has an unknown key 'profil'; the known keys are profile,"],
    ['a value of the wrong type', "{ profile: 'pgbouncer', maxPreparedStatements: '200' }", "settings.pooler.maxPreparedStatements must be a whole number of 0 or more, got '200'."],
  ];
  for (const [what, pooler, sentence] of cases) {
    it(`${what} stops the run on a file that imports no driver: exit 2, one sentence naming the key, no stack`, async () => {
      const dir = await app('bad-settings', { ...NO_DRIVER, 'eslint.config.js': configWith(pooler) });
      for (const args of [['src'], ['--concurrency', '2', '.']]) {
        const result = await eslint(dir, args);
        assert.equal(result.code, 2, result.stdout);
        assert.ok(result.stderr.includes(sentence), result.stderr);
        assert.doesNotMatch(result.stderr, /\n\s+at /, 'no call frames');
        assert.equal(result.stdout, '');
      }
    });
  }
});

describe('the types of configs', () => {
  it('names each config (a misspelt name is a type error) and needs no ! under noUncheckedIndexedAccess', async () => {
    const root = await sandbox();
    const configs = ['recommended', 'recommended-type-checked', 'transaction', 'pgbouncer', 'rds-proxy', 'supavisor', 'pgcat', 'pgdog', 'odyssey', 'neon', 'azure', 'session'];
    const dir = await app('types', {
      'tsconfig.json': `${JSON.stringify({ compilerOptions: { module: 'nodenext', strict: true, noUncheckedIndexedAccess: true, noEmit: true, types: [] }, include: ['check.ts'] })}\n`,
      'check.ts': [
        "import type { Linter } from 'eslint';",
        "import pooler from 'eslint-plugin-pooler';",
        `export const all: Linter.Config[] = [${configs.map((c) => `pooler.configs[${JSON.stringify(c)}]`).join(', ')}];`,
        'export const recommended: Linter.Config = pooler.configs.recommended;',
        'export const files: Linter.Config["files"] = pooler.configs.pgbouncer.files;',
        '// @ts-expect-error -- a misspelt config name',
        'export const typo = pooler.configs.recomended;',
        '',
      ].join('\n'),
    });
    const tsc = await run(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], { cwd: dir });
    assert.equal(tsc.code, 0, tsc.stdout + tsc.stderr);
  });
});
