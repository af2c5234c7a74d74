/**
 * The plugin's flat configs. Each is one config object (ESLint does not flatten a nested array in an exported
 * config, so `export default [pooler.configs.recommended]` needs an object), complete on its own: the files
 * it lints, the parser (see `parser.ts`), the plugin and the rules. The rules come from each rule's
 * `meta.docs` (`recommended`, `requiresTypeChecking`), so the configs cannot drift from the rules.
 */
import type { ESLint, Linter } from 'eslint';
import { parser } from './parser.js';
import { PROFILE_IDS, type ProfileId } from './profiles/index.js';

/** The names of the plugin's configs: the two presets and one per pooler profile. */
export type ConfigName = 'recommended' | 'recommended-type-checked' | ProfileId;

/** The JavaScript and TypeScript files every config lints. */
export const CONFIG_FILES = ['ts', 'tsx', 'mts', 'cts', 'js', 'jsx', 'mjs', 'cjs'].map((ext) => `**/*.${ext}`);

interface RuleWithDocs {
  meta?: { docs?: unknown };
}

function severities(namespace: string, rules: Readonly<Record<string, RuleWithDocs>>, typed: boolean): Linter.RulesRecord {
  const entries = Object.entries(rules).filter(([, rule]) => {
    const docs = rule.meta?.docs as { recommended?: boolean; requiresTypeChecking?: boolean } | undefined;
    return docs?.recommended === true && (typed || docs.requiresTypeChecking !== true);
  });
  return Object.fromEntries(entries.map(([name]) => [`${namespace}/${name}`, 'error' as const]));
}

/**
 * The configs of a plugin object. `recommended-type-checked` turns on typescript-eslint's `projectService` for
 * TypeScript files; `tsconfigRootDir` is left to typescript-eslint's default (the directory of a config that
 * uses typescript-eslint's own configs, else the current directory), and a later config object can set it.
 * @example buildConfigs(plugin).recommended.files // ['**\/*.ts', …, '**\/*.cjs']
 */
export function buildConfigs(plugin: ESLint.Plugin & { meta: { namespace: string } }): Record<ConfigName, Linter.Config> {
  const namespace = plugin.meta.namespace;
  const rules = plugin.rules as Record<string, RuleWithDocs>;
  const base = (name: string, typed: boolean): Linter.Config => ({
    name: `${namespace}/${name}`,
    files: CONFIG_FILES,
    plugins: { [namespace]: plugin },
    languageOptions: { parser, ...(typed ? { parserOptions: { projectService: true } } : {}) },
    rules: severities(namespace, rules, typed),
  });
  const configs = {
    recommended: base('recommended', false),
    'recommended-type-checked': base('recommended-type-checked', true),
  } as Record<ConfigName, Linter.Config>;
  for (const profile of PROFILE_IDS) configs[profile] = { ...base(profile, false), settings: { pooler: { profile } } };
  return configs;
}
