import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { repoPath } from '../repo-root.js';

describe('pooler-lint packaging', () => {
  const pkg = JSON.parse(readFileSync(repoPath('package.json'), 'utf8')) as { bin: Record<string, string> };

  it('declares the bin, which starts with a node shebang', () => {
    assert.equal(pkg.bin['pooler-lint'], './dist/src/cli/bin.js');
    assert.equal(readFileSync(repoPath(pkg.bin['pooler-lint']!), 'utf8').split('\n')[0], '#!/usr/bin/env node');
  });

  it('has a pre-commit hook named pooler-lint that runs the bin on JS, TS and SQL files', () => {
    const hooks = readFileSync(repoPath('.pre-commit-hooks.yaml'), 'utf8');
    const hook = hooks.slice(hooks.indexOf('- id: pooler-lint'));
    assert.match(hook, /^- id: pooler-lint$/m);
    assert.match(hook, /^ {2}entry: pooler-lint$/m);
    assert.match(hook, /^ {2}language: node$/m);
    assert.match(hook, /^ {2}types_or: \[javascript, jsx, ts, tsx, sql\]$/m);
  });
});
