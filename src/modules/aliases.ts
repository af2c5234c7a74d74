/**
 * tsconfig `paths` and `baseUrl` for the module pass: where a non-relative specifier leads, as TypeScript
 * resolves it (`import { db } from '@app/db'` with `"paths": { "@app/*": ["./src/*"] }`). The nearest
 * `tsconfig.json` above a file is read with get-tsconfig (comments, trailing commas, `extends`), once per
 * directory; it is read again when its modification time changes (checked at most once per
 * {@link RECHECK_MS}), and a directory without one is searched again after {@link RESEARCH_MS}. A file that
 * `extends` names is not watched: an edit there is seen when the tsconfig itself changes.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { createPathsMatcher, getTsconfig, type PathsMatcher } from 'get-tsconfig';
import { LruCache } from '../sql/lru-cache.js';

const RECHECK_MS = 2_000;
const RESEARCH_MS = 30_000;

interface Config {
  /** The tsconfig that applies, or undefined (none, or unreadable). */
  readonly file: string | undefined;
  readonly mtimeMs: number;
  readonly matcher: PathsMatcher | null;
  at: number;
}

const configs = new LruCache<Config>(2_000, 2_000);

/**
 * The paths a non-relative specifier can name from `importer` by its tsconfig's `paths` and `baseUrl`, in
 * TypeScript's order (each still without an extension); empty without a tsconfig or without either setting.
 * @example aliasCandidates('/app/src/routes/users.ts', '@app/db') // ['/app/src/db']
 */
export function aliasCandidates(importer: string, source: string): string[] {
  const matcher = configOf(path.dirname(importer)).matcher;
  if (!matcher) return [];
  try {
    return matcher(source);
  } catch {
    return [];
  }
}

/** Empties the cache (tests, `npm run bench:module-cache`). */
export function clearAliases(): void {
  configs.clear();
}

function configOf(dir: string): Config {
  const now = Date.now();
  const cached = configs.get(dir);
  if (cached && now - cached.at < (cached.file ? RECHECK_MS : RESEARCH_MS)) return cached;
  if (cached?.file && mtime(cached.file) === cached.mtimeMs) {
    cached.at = now;
    return cached;
  }
  const found = read(dir, now);
  configs.set(dir, found, 1);
  return found;
}

function read(dir: string, now: number): Config {
  try {
    const result = getTsconfig(dir);
    if (!result) return { file: undefined, mtimeMs: 0, matcher: null, at: now };
    return { file: result.path, mtimeMs: mtime(result.path), matcher: createPathsMatcher(result), at: now };
  } catch {
    // Unreadable (bad JSON, a missing `extends`): no aliases; typed lint reports the tsconfig itself.
    return { file: undefined, mtimeMs: 0, matcher: null, at: now };
  }
}

function mtime(file: string): number {
  try {
    return statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? -1;
  } catch {
    return -1;
  }
}
