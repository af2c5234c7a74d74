import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { gitignoreFiles, gitignorePatterns, resolveTargets } from '../../src/cli/targets.js';

describe('targets', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'pooler-lint-targets-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(path.join(root, '.git'));
  mkdirSync(path.join(root, 'apps/api/src'), { recursive: true });
  writeFileSync(path.join(root, '.gitignore'), '# build\ndist/\n/coverage\n*.log\n!keep.log\n');
  writeFileSync(path.join(root, 'apps/api/.gitignore'), 'generated/\n/local.ts\n');

  it('reads the .gitignore files from the repository root down to each target', () => {
    const targets = resolveTargets(['apps/api/src'], root);
    assert.deepEqual(gitignoreFiles(targets), [path.join(root, '.gitignore'), path.join(root, 'apps/api/.gitignore')]);
  });

  it('turns them into ESLint ignore patterns relative to the base directory', () => {
    const files = [path.join(root, '.gitignore'), path.join(root, 'apps/api/.gitignore')];
    assert.deepEqual(gitignorePatterns(files, root), ['**/dist/', 'coverage', '**/*.log', '!**/keep.log', 'apps/api/**/generated/', 'apps/api/local.ts']);
  });

  it('keeps only unanchored patterns of a .gitignore above the base directory', () => {
    assert.deepEqual(gitignorePatterns([path.join(root, '.gitignore')], path.join(root, 'apps/api')), ['**/dist/', '**/*.log', '!**/keep.log']);
  });

  it('uses the common ancestor as the base when a path lies outside the working directory', () => {
    const targets = resolveTargets(['../../.gitignore'], path.join(root, 'apps/api'));
    assert.equal(targets.base, root);
  });
});
