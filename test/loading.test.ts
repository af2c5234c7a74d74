/**
 * The plugin loads and parses SQL synchronously in every way users run it: an ESM config, a CommonJS
 * config (`require(esm)`), and `eslint --concurrency` worker threads; with the untyped `recommended`
 * config and no TypeScript program.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { repoPath, repoRoot } from './repo-root.js';

const dir = mkdtempSync(path.join(tmpdir(), 'pooler-loading-'));
after(() => rmSync(dir, { recursive: true, force: true }));

mkdirSync(path.join(dir, 'node_modules'));
symlinkSync(repoRoot, path.join(dir, 'node_modules', 'eslint-plugin-pooler'), 'dir');
for (let i = 0; i < 4; i++) {
  writeFileSync(
    path.join(dir, `app${i}.js`),
    `import pg from 'pg';\nconst pool = new pg.Pool({ connectionTimeoutMillis: 5000 });\nexport const run = () => pool.query('LISTEN jobs_${i}');\n`,
  );
}
writeFileSync(
  path.join(dir, 'eslint.config.mjs'),
  `import pooler from 'eslint-plugin-pooler';\nexport default [pooler.configs.recommended];\n`,
);
writeFileSync(
  path.join(dir, 'eslint.config.cjs'),
  `const pooler = require('eslint-plugin-pooler');\nmodule.exports = [pooler.configs.recommended];\n`,
);

interface Result {
  filePath: string;
  messages: Array<{ ruleId: string; line: number; column: number; fatal?: boolean; message: string }>;
}

function eslint(config: string, ...extra: string[]): Result[] {
  const bin = repoPath('node_modules', 'eslint', 'bin', 'eslint.js');
  let stdout: string;
  try {
    stdout = execFileSync(process.execPath, [bin, '--config', config, '--format', 'json', ...extra, '.'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '' },
    });
  } catch (error) {
    // ESLint exits 1 when it reports errors: its JSON is still on stdout.
    stdout = (error as { stdout: string }).stdout;
  }
  return JSON.parse(stdout) as Result[];
}

function listenReports(results: Result[]): string[] {
  return results
    .flatMap((r) => r.messages.map((m) => `${path.basename(r.filePath)}:${m.line}:${m.column} ${m.ruleId}`))
    .sort();
}

const EXPECTED = [0, 1, 2, 3].map((i) => `app${i}.js:3:38 pooler/no-listen`);

describe('loading the plugin', () => {
  it('works from an ESM config', () => {
    assert.deepEqual(listenReports(eslint('eslint.config.mjs')), EXPECTED);
  });

  it('works from a CommonJS config (require of the ESM package returns the plugin, no top-level await)', () => {
    assert.deepEqual(listenReports(eslint('eslint.config.cjs')), EXPECTED);
  });

  it('is the plugin itself from require(), with .default as an alias', () => {
    const script = [
      "const pooler = require('eslint-plugin-pooler');",
      "const keys = Object.keys(pooler).join(',');",
      "console.log(JSON.stringify([keys, pooler.default === pooler, pooler.meta.namespace, typeof pooler.configs.recommended]));",
    ].join('\n');
    const out = execFileSync(process.execPath, ['-e', script], { cwd: dir, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
    assert.deepEqual(JSON.parse(out), ['meta,rules,configs', true, 'pooler', 'object']);
  });

  it('works in eslint --concurrency worker threads', () => {
    assert.deepEqual(listenReports(eslint('eslint.config.mjs', '--concurrency', '2')), EXPECTED);
  });
});
