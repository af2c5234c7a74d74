/**
 * The plugin object: `{ meta, rules, configs }`. Configs are derived from each rule's `meta.docs`
 * (`recommended`, `requiresTypeChecking`), so they cannot drift from the rules.
 */
import type { ESLint, Linter } from 'eslint';
import { rules } from '../rules/index.js';
import { packageInfo } from './package-info.js';
import { PROFILE_IDS } from './profiles/index.js';

const namespace = 'pooler';

function severities(typed: boolean): Linter.RulesRecord {
  const entries = Object.entries(rules).filter(([, rule]) => {
    const docs = rule.meta.docs as { recommended?: boolean; requiresTypeChecking?: boolean } | undefined;
    return docs?.recommended === true && (typed || docs.requiresTypeChecking !== true);
  });
  return Object.fromEntries(entries.map(([name]) => [`${namespace}/${name}`, 'error' as const]));
}

const plugin = {
  meta: { name: packageInfo.name, version: packageInfo.version, namespace },
  rules,
  configs: {} as Record<string, Linter.Config>,
};

plugin.configs.recommended = {
  name: `${namespace}/recommended`,
  plugins: { [namespace]: plugin as unknown as ESLint.Plugin },
  rules: severities(false),
};
plugin.configs['recommended-type-checked'] = {
  name: `${namespace}/recommended-type-checked`,
  plugins: { [namespace]: plugin as unknown as ESLint.Plugin },
  rules: severities(true),
};
for (const profile of PROFILE_IDS) {
  plugin.configs[profile] = {
    name: `${namespace}/${profile}`,
    plugins: { [namespace]: plugin as unknown as ESLint.Plugin },
    settings: { pooler: { profile } },
    rules: severities(false),
  };
}

export default plugin;
export { rules };
