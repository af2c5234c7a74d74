/**
 * The ESLint options `pooler-lint` runs with, built from a JSON-only `EslintSpec` so that the same options can
 * be rebuilt inside ESLint's worker threads (`--concurrency`): ESLint imports an options module that calls
 * `eslintOptions(spec)` (see `optionsModuleUrl`). No ESLint config file of the target repository is read.
 */
import { DEPLOY_PATTERNS } from '../deploy/scan.js';
import * as tsParser from '@typescript-eslint/parser';
import type { ESLint, Linter } from 'eslint';
import plugin from '../index.js';
import type { BudgetOptions } from '../pools/budget.js';
import { INVENTORY_RULE_ID, inventoryPlugin } from './inventory-rule.js';
import { typedParser } from './typed-parser.js';

/** What the ESLint run needs to know; JSON values only. */
export interface EslintSpec {
  /** ESLint's cwd: config patterns and reported paths are relative to it. */
  cwd: string;
  /** Lint TypeScript files with type information (`projectService`). */
  typed: boolean;
  /** `.gitignore` patterns as ESLint ignore patterns relative to `cwd` (see `gitignorePatterns`). */
  ignorePatterns: string[];
  /** `settings.pooler`. */
  pooler: Record<string, unknown>;
  budget: BudgetOptions;
  concurrency: number | 'auto' | 'off';
}

export const CODE_EXTENSIONS = ['js', 'jsx', 'mjs', 'cjs', 'ts', 'tsx', 'mts', 'cts'] as const;
const TS_FILES = ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'];
const JS_FILES = ['**/*.js', '**/*.jsx', '**/*.mjs', '**/*.cjs'];

/** Build output and dependencies, never linted. */
export const IGNORED_DIRECTORIES = ['.git', 'node_modules', 'dist', 'build', 'coverage', '.next'] as const;

const NAMESPACE = plugin.meta.namespace;
const BUDGET_RULE = 'pool-size-budget';

/**
 * The rules pooler-lint runs: the plugin's recommended (or type-checked) set, the pool budget options, and the
 * internal inventory rule.
 * @example Object.keys(ruleSet(false, spec)) // ['pooler/no-listen', …, 'pooler-cli/pool-inventory']
 */
export function ruleSet(typed: boolean, spec: EslintSpec): Linter.RulesRecord {
  const config = plugin.configs[typed ? 'recommended-type-checked' : 'recommended'];
  const rules: Linter.RulesRecord = { ...(config?.rules as Linter.RulesRecord | undefined) };
  const budgetId = `${NAMESPACE}/${BUDGET_RULE}`;
  if (budgetId in rules) rules[budgetId] = ['error', { ...spec.budget }];
  rules[INVENTORY_RULE_ID] = 'warn';
  return rules;
}

/**
 * The flat config array: global ignores, `.gitignore` patterns, parsers per file kind, and the plugin's
 * recommended rules (typed ones only on type-checked TypeScript files) with `settings.pooler`.
 * @example overrideConfig({ cwd: '/repo', typed: false, ignorePatterns: [], pooler: {}, budget: {}, concurrency: 'off' })
 */
export function overrideConfig(spec: EslintSpec): Linter.Config[] {
  const plugins = { [NAMESPACE]: plugin as unknown as ESLint.Plugin, 'pooler-cli': inventoryPlugin };
  // The project service finds each file's nearest tsconfig.json itself; the root only anchors relative paths.
  const typedParserOptions = spec.typed ? { projectService: true, tsconfigRootDir: spec.cwd } : {};
  const configs: Linter.Config[] = [
    { name: 'pooler-cli/ignores', ignores: IGNORED_DIRECTORIES.map((dir) => `**/${dir}/`) },
    {
      name: 'pooler-cli/linter-options',
      linterOptions: { reportUnusedDisableDirectives: 'off', reportUnusedInlineConfigs: 'off' },
    },
    {
      name: 'pooler-cli/javascript',
      files: JS_FILES,
      languageOptions: { parser: tsParser, ecmaVersion: 'latest', sourceType: 'module' },
    },
    { name: 'pooler-cli/commonjs', files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs' } },
    {
      name: 'pooler-cli/typescript',
      files: TS_FILES,
      languageOptions: { parser: spec.typed ? typedParser : tsParser, ecmaVersion: 'latest', sourceType: 'module', parserOptions: typedParserOptions },
    },
    { name: 'pooler-cli/rules', files: JS_FILES, plugins, settings: { pooler: spec.pooler }, rules: ruleSet(false, spec) },
    { name: 'pooler-cli/rules-ts', files: TS_FILES, plugins, settings: { pooler: spec.pooler }, rules: ruleSet(spec.typed, spec) },
    // Makes ESLint's ignore answer meaningful for .sql files; pooler-lint never passes them to lintFiles.
    { name: 'pooler-cli/sql-files', files: ['**/*.sql'] },
    // The same for deployment files (Prisma schemas, env files).
    { name: 'pooler-cli/deploy-files', files: Object.values(DEPLOY_PATTERNS).flat() },
  ];
  if (spec.ignorePatterns.length > 0) configs.splice(1, 0, { name: 'pooler-cli/gitignore', ignores: spec.ignorePatterns });
  return configs;
}

/**
 * ESLint's constructor options for a spec: no config file lookup, the override config above, no warnings for
 * ignored files (pooler-lint filters them itself).
 * @example new ESLint(eslintOptions(spec))
 */
export function eslintOptions(spec: EslintSpec): ESLint.Options {
  return {
    cwd: spec.cwd,
    overrideConfigFile: true,
    overrideConfig: overrideConfig(spec),
    errorOnUnmatchedPattern: false,
    warnIgnored: false,
    concurrency: spec.concurrency,
  };
}

/**
 * A `data:` URL of an ES module whose default export is `eslintOptions(spec)`, for `ESLint.fromOptionsModule`
 * (worker threads rebuild the plugin objects from it; the ESLint CLI does the same for `--concurrency`).
 * @example await ESLint.fromOptionsModule(optionsModuleUrl(spec))
 */
export function optionsModuleUrl(spec: EslintSpec): URL {
  const self = new URL(import.meta.url).href;
  const source = `import { eslintOptions } from ${JSON.stringify(self)};\nexport default eslintOptions(${JSON.stringify(spec)});\n`;
  return new URL(`data:text/javascript;base64,${Buffer.from(source).toString('base64')}`);
}
