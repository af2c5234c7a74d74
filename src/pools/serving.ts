/**
 * Files whose pools do not serve the running application: tests, test helpers, one-off scripts, migrations
 * and seeds. Their pools are listed apart in the pool inventory and count neither in the connection budget nor
 * in `pool-size-budget`'s size checks; `settings.pooler.nonServingFiles` (`--non-serving-files`) replaces the list.
 */
import path from 'node:path';
import picomatch from 'picomatch';

/**
 * The conventional places of tests and scripts. Not `fixtures/` (sample apps live there), not `*.config.*` (a
 * `db.config.ts` may create the app's pool).
 */
export const DEFAULT_NON_SERVING_FILES: readonly string[] = [
  '**/*.{test,spec}.*',
  '**/__tests__/**',
  '**/__mocks__/**',
  '**/test/**',
  '**/tests/**',
  '**/e2e/**',
  '**/scripts/**',
  '**/migrations/**',
  '**/seeds/**',
];

type Matcher = (file: string) => boolean;

/** Matchers per pattern list; keyed by the list's text, so equal lists from different configs share one. */
const matchers = new Map<string, Matcher>();

function matcherOf(patterns: readonly string[]): Matcher {
  const key = patterns.join('\n');
  let matcher = matchers.get(key);
  if (!matcher) {
    matcher = patterns.length === 0 ? () => false : picomatch([...patterns], { dot: true });
    matchers.set(key, matcher);
  }
  return matcher;
}

/**
 * Whether `filename` matches one of `patterns` (default: the conventional test and script places). Patterns are
 * matched against the path relative to `cwd`, with `/`; a file outside `cwd` by its path below the common folder.
 * @example isNonServingFile('/repo/test/db.test.ts', '/repo') // true
 * @example isNonServingFile('/repo/src/db.ts', '/repo') // false
 */
export function isNonServingFile(filename: string, cwd: string, patterns: readonly string[] = DEFAULT_NON_SERVING_FILES): boolean {
  if (patterns.length === 0) return false;
  const relative = path.relative(cwd, path.resolve(cwd, filename)).split(path.sep).join('/');
  return matcherOf(patterns)(relative.replace(/^(?:\.\.\/)+/, ''));
}
