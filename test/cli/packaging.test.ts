/**
 * What `npm pack` ships and what the registry page shows: the bin, the pre-commit hook's definition, the
 * licence and links, source maps that resolve, and a README whose links work outside the repository.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { CODE_EXTENSIONS } from '../../src/cli/eslint-options.js';
import { repoPath, repoRoot } from '../repo-root.js';

const GITHUB = 'https://github.com/eslint-plugin-pooler/eslint-plugin-pooler';

interface Manifest {
  bin: Record<string, string>;
  license?: string;
  repository?: { type?: string; url?: string };
  homepage?: string;
  bugs?: { url?: string };
}

/** The hook's `key: value` lines (the file holds one hook; values are scalars or flow lists). */
function hookFields(): Map<string, string> {
  const hooks = readFileSync(repoPath('.pre-commit-hooks.yaml'), 'utf8');
  const hook = hooks.slice(hooks.indexOf('- id: pooler-lint'));
  return new Map([...hook.matchAll(/^(?:- | {2})([a-z_]+): (.*)$/gm)].map((m) => [m[1]!, m[2]!.trim()]));
}

/** The paths `npm pack` puts in the tarball, from the built `dist/` (no scripts run). */
function packedFiles(): string[] {
  assert.ok(existsSync(repoPath('dist', 'src', 'index.js')), 'dist/ is not built: run npm run build first.');
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  const [info] = JSON.parse(out) as Array<{ files: Array<{ path: string }> }>;
  return info!.files.map((file) => file.path);
}

describe('pooler-lint packaging', () => {
  const pkg = JSON.parse(readFileSync(repoPath('package.json'), 'utf8')) as Manifest;

  it('declares the bin, which starts with a node shebang', () => {
    assert.equal(pkg.bin['pooler-lint'], './dist/src/cli/bin.js');
    assert.equal(readFileSync(repoPath(pkg.bin['pooler-lint']!), 'utf8').split('\n')[0], '#!/usr/bin/env node');
  });

  it('has a pre-commit hook that runs the bin once over the repository when a JS, TS or SQL file changes', () => {
    const hook = hookFields();
    assert.equal(hook.get('id'), 'pooler-lint');
    assert.equal(hook.get('entry'), 'pooler-lint');
    assert.equal(hook.get('language'), 'node');
    assert.equal(hook.get('pass_filenames'), 'false');
    assert.equal(hook.has('types_or') || hook.has('types'), false, 'identify has no tag for .mts/.cts: files: decides');
    const files = new RegExp(hook.get('files')!);
    for (const ext of [...CODE_EXTENSIONS, 'sql']) assert.match(`src/app/db.${ext}`, files, `.${ext} runs the hook`);
    for (const name of ['README.md', 'package.json', 'db.ts.snap', 'tsconfig.json', 'schema.sqlx']) {
      assert.doesNotMatch(name, files, `${name} does not run the hook`);
    }
  });

  it('names its licence, repository, homepage and issue tracker', () => {
    assert.equal(pkg.license, 'MIT');
    assert.match(readFileSync(repoPath('LICENSE'), 'utf8'), /^MIT License\n\nCopyright \(c\) 2026 eslint-plugin-pooler contributors\n/);
    assert.deepEqual(pkg.repository, { type: 'git', url: `git+${GITHUB}.git` });
    assert.equal(pkg.homepage, `${GITHUB}#readme`);
    assert.deepEqual(pkg.bugs, { url: `${GITHUB}/issues` });
  });

  it('packs the licence, the bin and the rule docs, and no source map that points at a missing file', () => {
    const files = packedFiles();
    const packed = new Set(files);
    for (const file of ['LICENSE', 'README.md', 'package.json', 'dist/src/cli/bin.js', 'dist/src/index.d.ts', 'rules/no-session-set.md']) {
      assert.ok(packed.has(file), `${file} is in the tarball`);
    }
    assert.deepEqual(files.filter((file) => /\.test\.|(^|\/)test\//.test(file)), [], 'no tests in the tarball');
    const dangling: string[] = [];
    for (const file of files) {
      if (file.endsWith('.map')) {
        const map = JSON.parse(readFileSync(repoPath(file), 'utf8')) as { sources?: string[] };
        for (const source of map.sources ?? []) {
          const target = path.posix.join(path.posix.dirname(file), source);
          if (!packed.has(target)) dangling.push(`${file} -> ${target}`);
        }
      } else if (/\.(?:js|ts)$/.test(file)) {
        const url = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(readFileSync(repoPath(file), 'utf8'))?.[1];
        const target = url && path.posix.join(path.posix.dirname(file), url);
        if (target && !packed.has(target)) dangling.push(`${file} -> ${target}`);
      }
    }
    assert.deepEqual(dangling, []);
  });

  it('has a README whose links work on the registry page (absolute URLs or anchors)', () => {
    const readme = readFileSync(repoPath('README.md'), 'utf8');
    const targets = [
      ...[...readme.matchAll(/\]\(\s*<?([^)\s>]+)/g)].map((m) => m[1]!),
      ...[...readme.matchAll(/^\s*\[[^\]]+\]:\s*(\S+)/gm)].map((m) => m[1]!),
      ...[...readme.matchAll(/\b(?:href|src)="([^"]+)"/g)].map((m) => m[1]!),
    ];
    assert.ok(targets.length > 0, 'the README links somewhere');
    assert.deepEqual(targets.filter((target) => !/^(?:https:\/\/|mailto:|#)/.test(target)), []);
    for (const target of targets.filter((t) => t.startsWith(`${GITHUB}/blob/main/`))) {
      const file = target.slice(`${GITHUB}/blob/main/`.length).split('#')[0]!;
      assert.ok(existsSync(repoPath(file)), `${target} names a file of this repository`);
    }
  });
});
