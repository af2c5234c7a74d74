/**
 * The package installs into a user's app as published: no floating dependency specs, no second ESLint,
 * a clean `npm ls`, and a working bin.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { repoPath } from '../repo-root.js';
import { poolerLint, run, sandbox } from './sandbox.js';

interface Manifest {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

/** A spec that any new publish can change: a dist-tag (`latest`, `next`) or, in our own manifest, any version. */
const FLOATING = /^(?:\*|x|)$|^[a-z][a-z-]*$/i;
/** In a locked package's manifest only a dist-tag breaks `npm ci` (`*` is satisfied by the locked version). */
const TAG = /^[a-z][a-z-]*$/i;

describe('installing the packed tarball into a throwaway app', () => {
  let root: string;
  before(async () => {
    root = await sandbox();
  });

  it('pins no dependency to a moving tag (latest, *), in package.json or in any locked package', () => {
    const pkg = JSON.parse(readFileSync(repoPath('package.json'), 'utf8')) as Manifest;
    const lock = JSON.parse(readFileSync(repoPath('package-lock.json'), 'utf8')) as { packages: Record<string, Manifest> };
    const floating: string[] = [];
    const check = (where: string, specs: Record<string, string> | undefined, pattern: RegExp) => {
      for (const [name, spec] of Object.entries(specs ?? {})) if (pattern.test(spec.trim())) floating.push(`${where}: ${name}@${spec}`);
    };
    for (const key of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'] as const) check('package.json', pkg[key], FLOATING);
    for (const [where, entry] of Object.entries(lock.packages)) {
      if (where === '') continue;
      check(where, entry.dependencies, TAG);
      check(where, entry.optionalDependencies, TAG);
    }
    assert.deepEqual(floating, []);
  });

  it('leaves a tree that npm ls accepts, with exactly one ESLint', async () => {
    const ls = await run('npm', ['ls', '--all', '--json'], { cwd: root });
    assert.equal(ls.code, 0, ls.stderr);
    const eslints = new Set<string>();
    const walk = (deps: Record<string, { version?: string; dependencies?: Record<string, unknown> }> | undefined) => {
      for (const [name, dep] of Object.entries(deps ?? {})) {
        if (name === 'eslint' && dep.version) eslints.add(dep.version);
        walk(dep.dependencies as typeof deps);
      }
    };
    walk((JSON.parse(ls.stdout) as { dependencies?: Record<string, { version?: string }> }).dependencies);
    assert.equal(eslints.size, 1, `ESLint versions in the tree: ${[...eslints].join(', ')}`);
  });

  it('installs the pooler-lint bin, which runs', async () => {
    const pkg = JSON.parse(readFileSync(repoPath('package.json'), 'utf8')) as { version: string };
    const version = await poolerLint(root, ['--version']);
    assert.equal(version.code, 0, version.stderr);
    assert.equal(version.stdout.trim(), pkg.version);
    assert.ok(path.isAbsolute(root));
  });
});
