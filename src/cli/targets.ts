/**
 * What to lint: the paths on the command line, the base directory ESLint runs from, the `.gitignore` files that
 * apply, the tsconfig.json that switches typed linting on, and the files themselves.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { convertIgnorePatternToMinimatch } from '@eslint/compat';
import path from 'node:path';
import { glob } from 'tinyglobby';
import { UsageError } from './args.js';
import { CODE_EXTENSIONS, IGNORED_DIRECTORIES } from './eslint-options.js';
import { DEPLOY_PATTERNS, isDeployFile, isEnvTemplate } from '../deploy/scan.js';
import type { SkippedFile } from './report.js';

/** The resolved command-line paths. */
export interface Targets {
  /** ESLint's cwd: the current directory, or the common ancestor when a path lies outside it. */
  base: string;
  /** Absolute paths, each an existing file or directory. */
  paths: string[];
}

/**
 * Resolves the paths against cwd. Throws `UsageError` for a path that does not exist.
 * @example resolveTargets(['src'], '/repo') // { base: '/repo', paths: ['/repo/src'] }
 */
export function resolveTargets(paths: readonly string[], cwd: string): Targets {
  const absolute = paths.map((given) => {
    const resolved = path.resolve(cwd, given);
    if (!existsSync(resolved)) throw new UsageError(`path '${given}' does not exist.`);
    return resolved;
  });
  let base = cwd;
  for (const target of absolute) {
    while (path.relative(base, target).startsWith('..')) base = path.dirname(base);
  }
  return { base, paths: absolute };
}

function directoryOf(target: string): string {
  return statSync(target).isDirectory() ? target : path.dirname(target);
}

/** The directories from `top` down to `dir`, both included (just `dir` when it is not under `top`). */
function chain(top: string, dir: string): string[] {
  const dirs: string[] = [];
  let current = dir;
  for (;;) {
    dirs.unshift(current);
    if (current === top || path.dirname(current) === current || path.relative(top, current).startsWith('..')) break;
    current = path.dirname(current);
  }
  return dirs;
}

/**
 * The repository root at or above `dir`: the nearest directory with a `.git` entry.
 * @example gitRoot('/repo/packages/api') // '/repo'
 */
export function gitRoot(dir: string): string | undefined {
  let current = dir;
  for (;;) {
    if (existsSync(path.join(current, '.git'))) return current;
    const parent = path.dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

/**
 * The `.gitignore` files that apply to the targets: those of the repository root and of every directory from
 * there down to each target (deeper ones inside the targets are not read).
 * @example gitignoreFiles(targets) // ['/repo/.gitignore', '/repo/packages/api/.gitignore']
 */
export function gitignoreFiles(targets: Targets): string[] {
  const files = new Set<string>();
  for (const target of targets.paths) {
    const dir = directoryOf(target);
    const top = gitRoot(dir) ?? targets.base;
    for (const candidate of chain(top, dir)) {
      const file = path.join(candidate, '.gitignore');
      if (existsSync(file)) files.add(file);
    }
  }
  return [...files].sort();
}

/**
 * The patterns of `.gitignore` files as ESLint ignore patterns relative to `base`: a file's patterns are
 * prefixed with its directory; of a file above `base`, only the unanchored patterns (`dist/`, `*.log`) apply.
 * @example gitignorePatterns(['/repo/.gitignore', '/repo/app/.gitignore'], '/repo') // ['**\/dist/', 'app/**\/.env']
 */
export function gitignorePatterns(files: readonly string[], base: string): string[] {
  const patterns: string[] = [];
  for (const file of files) {
    const dir = path.relative(base, path.dirname(file)).split(path.sep).join('/');
    const lines = readFileSync(file, 'utf8').split(/\r?\n/).map((line) => line.trim());
    for (const line of lines) {
      if (line === '' || line.startsWith('#')) continue;
      const converted = convertIgnorePatternToMinimatch(line);
      const negated = converted.startsWith('!');
      const body = negated ? converted.slice(1) : converted;
      if (dir === '') patterns.push(converted);
      else if (!dir.startsWith('..')) patterns.push(`${negated ? '!' : ''}${dir}/${body}`);
      else if (body.startsWith('**/')) patterns.push(converted);
    }
  }
  return patterns;
}

const TS_FILE = /\.[cm]?tsx?$/;

/**
 * The tsconfig.json files that cover the TypeScript files: for each, the nearest tsconfig.json in its directory
 * or above, up to the repository root (the filesystem root outside a repository), as typescript-eslint's
 * `projectService` finds it. Sorted, without duplicates; empty when no TypeScript file has one.
 * @example findTsconfigs(['/repo/packages/a/src/db.ts', '/repo/packages/b/src/db.ts']) // ['/repo/packages/a/tsconfig.json', '/repo/packages/b/tsconfig.json']
 */
export function findTsconfigs(files: readonly string[]): string[] {
  const nearest = new Map<string, string | undefined>();
  const lookUp = (dir: string, top: string | undefined): string | undefined => {
    if (nearest.has(dir)) return nearest.get(dir);
    const file = path.join(dir, 'tsconfig.json');
    const parent = path.dirname(dir);
    const found = existsSync(file) ? file : dir === top || parent === dir ? undefined : lookUp(parent, top);
    nearest.set(dir, found);
    return found;
  };
  const found = new Set<string>();
  for (const file of files) {
    if (!TS_FILE.test(file)) continue;
    const dir = path.dirname(file);
    const tsconfig = lookUp(dir, gitRoot(dir));
    if (tsconfig) found.add(tsconfig);
  }
  return [...found].sort();
}

/** The files to lint, split by kind, and the paths given on the command line that are not linted. */
export interface TargetFiles {
  code: string[];
  sql: string[];
  /** Deployment files (Prisma schemas and configs, env files); `prisma.config.ts` is also in `code`. */
  deploy: string[];
  /** Paths given explicitly that are ignored or not JS/TS/SQL, with the reason. */
  skipped: SkippedFile[];
}

const CODE_PATTERN = `**/*.{${CODE_EXTENSIONS.join(',')}}`;
const DECLARATION = /\.d\.[cm]?ts$/;
const CODE_FILE = new RegExp(`\\.(${CODE_EXTENSIONS.join('|')})$`);

/** Why an ignored path is ignored: a dependency or build folder, or the `.gitignore` patterns. */
function ignoreReason(file: string): string {
  const folder = file.split(path.sep).find((part) => (IGNORED_DIRECTORIES as readonly string[]).includes(part));
  return folder ? `ignored: pooler-lint never lints ${folder}/` : 'ignored by .gitignore';
}

/**
 * The JS/TS, `.sql` and deployment files under the targets, minus dependencies, build output, declaration files and what
 * `isIgnored` (ESLint's ignores, `.gitignore` included) says. Dot folders (`.github/`) are linted, as ESLint
 * does. Sorted, absolute, without duplicates. A path given explicitly that is ignored, or a file given that is
 * not JS/TS/SQL, is listed in `skipped`: the run did not analyse what it was asked to.
 * @example await collectFiles(targets, (file) => eslint.isPathIgnored(file))
 */
export async function collectFiles(targets: Targets, isIgnored: (file: string) => Promise<boolean>): Promise<TargetFiles> {
  const found = new Set<string>();
  const skipped: SkippedFile[] = [];
  for (const target of targets.paths) {
    if (!statSync(target).isDirectory()) {
      if (!target.endsWith('.sql') && !CODE_FILE.test(target) && !isDeployFile(target)) skipped.push({ file: target, reason: 'not a JS/TS, .sql or deployment file' });
      else if ((await isIgnored(target)) && !isEnvTemplate(target)) skipped.push({ file: target, reason: ignoreReason(target) });
      else found.add(target);
      continue;
    }
    // ESLint answers for files: a directory is ignored when a file directly in it would be.
    if (target !== targets.base && (await isIgnored(path.join(target, 'pooler-lint-probe.js')))) {
      skipped.push({ file: target, reason: ignoreReason(target) });
      continue;
    }
    const files = await glob([CODE_PATTERN, '**/*.sql', ...Object.values(DEPLOY_PATTERNS).flat()], {
      cwd: target,
      absolute: true,
      dot: true,
      followSymbolicLinks: false,
      ignore: [...IGNORED_DIRECTORIES.map((dir) => `**/${dir}/**`)],
    });
    for (const file of files) found.add(path.normalize(file));
  }
  const code: string[] = [];
  const sql: string[] = [];
  const deploy: string[] = [];
  for (const file of [...found].sort()) {
    const isSql = file.endsWith('.sql');
    if (!isSql && DECLARATION.test(file)) continue;
    // An env template is committed even where `.gitignore` ignores `.env.*` (git tracks it all the same).
    if ((await isIgnored(file)) && !isEnvTemplate(file)) continue;
    if (isDeployFile(file)) deploy.push(file);
    if (isSql) sql.push(file);
    else if (CODE_FILE.test(file)) code.push(file);
  }
  return { code, sql, deploy, skipped };
}
