/**
 * The module pass on fixtures/apps/split-pool: a pg app whose pool, `query()` wrapper and `getClient()` helper
 * live in db.ts and are used from other modules (named imports, a barrel with `export *`, a namespace import,
 * CommonJS `require` with destructuring), SQL constants of another module, a cycle, an unresolvable import and
 * look-alikes (a `query` function that never reaches a driver). Untyped `recommended` must report exactly what
 * the typed config reports, each at its rule, messageId, line and column, and every planted `// expect:` marker.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ESLint, type Linter } from 'eslint';
import plugin from '../../src/index.js';
import { repoPath } from '../repo-root.js';

const dir = repoPath('fixtures', 'apps', 'split-pool');

/** `file:line:column rule messageId` of every report, in order. */
const EXPECTED = [
  'src/routes/jobs.ts:5:24 pooler/no-leaked-client notReleasedOnThrow',
  'src/routes/jobs.ts:6:30 pooler/no-session-advisory-lock broken',
  'src/routes/jobs.ts:8:30 pooler/no-session-advisory-lock broken',
  'src/routes/jobs.ts:13:24 pooler/no-leaked-client notReleasedOnThrow',
  'src/routes/jobs.ts:14:3 pooler/no-listen broken',
  'src/routes/jobs.ts:15:53 pooler/no-listen broken',
  'src/routes/jobs.ts:16:18 pooler/no-session-set broken',
  'src/routes/legacy.js:6:23 pooler/no-session-advisory-lock broken',
  'src/routes/legacy.js:7:24 pooler/no-listen broken',
  'src/routes/tenants.ts:8:20 pooler/no-session-set broken',
  'src/routes/tenants.ts:14:15 pooler/no-session-set broken',
  'src/routes/tenants.ts:16:26 pooler/no-session-set broken',
];

async function lint(...configs: Linter.Config[]): Promise<string[]> {
  const eslint = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: configs });
  const results = await eslint.lintFiles(['src']);
  return results.flatMap((result) =>
    result.messages.map((m) => `${path.relative(dir, result.filePath)}:${m.line}:${m.column} ${m.ruleId} ${m.messageId ?? m.message}`),
  );
}

/** `file:line rule` of every `// expect: pooler/<rule>` marker. */
function planted(): string[] {
  const found: string[] = [];
  const visit = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const file = path.join(folder, name);
      if (statSync(file).isDirectory()) visit(file);
      else {
        readFileSync(file, 'utf8').split('\n').forEach((line, index) => {
          const marker = /\/\/ expect: (pooler\/[\w-]+)/.exec(line);
          if (marker) found.push(`${path.relative(dir, file)}:${index + 1} ${marker[1]}`);
        });
      }
    }
  };
  visit(path.join(dir, 'src'));
  return found.sort();
}

describe('the module pass on the split-pool app', () => {
  it('untyped recommended reports every planted hazard across files, at its position, and nothing else', async () => {
    const found = await lint(plugin.configs.recommended as Linter.Config);
    assert.deepEqual(found, EXPECTED);
    const markers = found.map((entry) => entry.replace(/^(\S+?):(\d+):\d+ (\S+) \S+$/, '$1:$2 $3')).sort();
    assert.deepEqual(markers, planted());
  });

  it('typed lint reports the same', async () => {
    const typed = plugin.configs['recommended-type-checked'] as Linter.Config;
    assert.deepEqual(await lint(typed, { languageOptions: { parserOptions: { tsconfigRootDir: dir } } }), EXPECTED);
  });

  it('without the module pass (POOLER_MODULE_PASS=off, the module is loaded once per process: checked in a child) the imports are unknown', async () => {
    const { execFileSync } = await import('node:child_process');
    const script = `
      const { ESLint } = await import('eslint');
      const plugin = (await import(${JSON.stringify(repoPath('dist', 'src', 'index.js'))})).default;
      const eslint = new ESLint({ cwd: ${JSON.stringify(dir)}, overrideConfigFile: true, overrideConfig: [plugin.configs.recommended] });
      const results = await eslint.lintFiles(['src']);
      process.stdout.write(String(results.reduce((n, r) => n + r.messages.length, 0)));`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: repoPath(), env: { ...process.env, POOLER_MODULE_PASS: 'off' } });
    assert.equal(out.toString(), '0');
  });
});
