/**
 * Makes a checkout lintable without installing it: the tsconfig files above and inside the linted subpaths
 * often extend a package (`@scope/tsconfig/base.json`). A workspace package of the same repository is linked
 * into `node_modules`; a package from the registry, which the benchmark does not install, gets an empty stub,
 * so the project service still finds the file's tsconfig (its own `compilerOptions` and `include` stay).
 * Writes only inside the checkout (under `/work/corpus`), never in this repository.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const SKIP = new Set(['node_modules', '.git', 'dist', 'build', '.next', 'coverage']);

/** Every file under `dir` (skipping dependency and build folders, at most `maxDepth` folders deep) whose name matches. */
function filesNamed(dir: string, name: RegExp, maxDepth = Infinity, depth = 0): string[] {
  if (depth > maxDepth) return [];
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return SKIP.has(entry.name) ? [] : filesNamed(file, name, maxDepth, depth + 1);
    return name.test(entry.name) ? [file] : [];
  });
}

/** `name` of every package.json in the checkout (workspace packages), to their folder. */
function workspacePackages(root: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of filesNamed(root, /^package\.json$/, 5)) {
    try {
      const name = (JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown }).name;
      if (typeof name === 'string' && !found.has(name)) found.set(name, path.dirname(file));
    } catch {
      // not JSON: not a package
    }
  }
  return found;
}

/** tsconfig*.json files in a folder and its ancestors up to the root, and inside the folder. */
function tsconfigsFor(root: string, target: string): string[] {
  const files: string[] = [];
  const start = existsSync(target) && !target.match(/\.[cm]?[jt]sx?$/) ? target : path.dirname(target);
  for (let dir = start; dir.startsWith(root); dir = path.dirname(dir)) {
    for (const name of ['tsconfig.json', 'jsconfig.json']) if (existsSync(path.join(dir, name))) files.push(path.join(dir, name));
    if (dir === root) break;
  }
  if (start === target) files.push(...filesNamed(target, /^tsconfig.*\.json$/));
  return files;
}

/** `extends` specifiers of a tsconfig, read loosely (comments and trailing commas are common). */
function extendsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const match = /"extends"\s*:\s*(\[[^\]]*\]|"[^"]*")/.exec(text.replace(/^\s*\/\/.*$/gm, ''));
  if (!match) return [];
  return [...match[1]!.matchAll(/"([^"]+)"/g)].map((m) => m[1]!);
}

/** The package part of a specifier: `@a/b/c.json` → `@a/b`. */
const packageOf = (specifier: string): string => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');

/**
 * Links or stubs the packages the subpaths' tsconfig files extend. Returns one line per action.
 * @example prepareCheckout('/work/corpus/midday', ['packages/db/src']) // ['linked @midday/tsconfig']
 */
export function prepareCheckout(root: string, subpaths: readonly string[]): string[] {
  const done: string[] = [];
  let workspace: Map<string, string> | undefined;
  const seen = new Set<string>();
  const queue = subpaths.flatMap((sub) => tsconfigsFor(root, path.join(root, sub)));
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file) || !existsSync(file)) continue;
    seen.add(file);
    for (const specifier of extendsOf(file)) {
      if (specifier.startsWith('.') || specifier.startsWith('/')) {
        const resolved = path.resolve(path.dirname(file), specifier);
        queue.push(existsSync(resolved) ? resolved : `${resolved}.json`);
        continue;
      }
      const name = packageOf(specifier);
      const target = path.join(root, 'node_modules', name);
      if (!existsSync(target)) {
        workspace ??= workspacePackages(root);
        const local = workspace.get(name);
        mkdirSync(path.dirname(target), { recursive: true });
        if (local) {
          symlinkSync(local, target, 'dir');
          done.push(`linked ${name}`);
        } else {
          mkdirSync(target, { recursive: true });
          done.push(`stubbed ${name}`);
        }
      }
      const rest = specifier.slice(name.length + 1);
      if (rest === '') continue;
      const file2 = path.join(target, rest);
      const withJson = file2.endsWith('.json') ? file2 : `${file2}.json`;
      if (existsSync(file2) && !file2.endsWith('.json')) queue.push(file2);
      else if (existsSync(withJson)) queue.push(withJson);
      else {
        mkdirSync(path.dirname(withJson), { recursive: true });
        writeFileSync(withJson, '{ "compilerOptions": {} }\n');
        done.push(`stubbed ${path.relative(root, withJson)}`);
      }
    }
  }
  return done;
}
