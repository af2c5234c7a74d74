/**
 * The ESLint configs the benchmarks lint real checkouts with: `recommended` (untyped, the plugin's config) or
 * `typed-floor` (the parser with `projectService`, no rules), over TypeScript and JavaScript files, build and
 * dependency folders ignored. Shared by `npm run bench:real` (`eslint-child.ts`) and `npm run bench:module-cache`.
 */
import type { Linter } from 'eslint';

const TS_FILES = ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'];
const JS_FILES = ['**/*.js', '**/*.jsx', '**/*.mjs', '**/*.cjs'];
const IGNORES = ['**/node_modules/', '**/dist/', '**/build/', '**/coverage/', '**/.next/'];

/**
 * The flat config of one benchmark run over the checkout at `root`.
 * @example await configFor('recommended', '/work/corpus/atproto')
 */
export async function configFor(mode: string, root: string): Promise<Linter.Config[]> {
  const parser = await import('@typescript-eslint/parser');
  const configs: Linter.Config[] = [
    { ignores: IGNORES },
    { files: [...TS_FILES, ...JS_FILES], languageOptions: { parser, ecmaVersion: 'latest', sourceType: 'module' } },
    { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs' } },
  ];
  if (mode === 'typed-floor') {
    configs.push({ files: TS_FILES, languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: root } } });
  } else {
    const plugin = (await import('../../src/index.js')).default;
    configs.push({ ...plugin.configs.recommended!, files: [...TS_FILES, ...JS_FILES] });
  }
  return configs;
}
