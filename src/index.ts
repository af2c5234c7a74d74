/**
 * The plugin object: `{ meta, rules, configs }` (configs in `configs.ts`). It is the default export for
 * `import pooler from 'eslint-plugin-pooler'` and, through Node's `module.exports` export name, the value of
 * `require('eslint-plugin-pooler')` in a CommonJS config (Node ≥ 20.19 / 22.12 load ESM with `require`).
 */
import type { ESLint, Linter } from 'eslint';
import { rules } from '../rules/index.js';
import { buildConfigs, type ConfigName } from './configs.js';
import { packageInfo } from './package-info.js';

const namespace = 'pooler';

const plugin = {
  meta: { name: packageInfo.name, version: packageInfo.version, namespace },
  rules,
  configs: {} as Record<ConfigName, Linter.Config>,
};
plugin.configs = buildConfigs(plugin as unknown as ESLint.Plugin & { meta: { namespace: string } });
// `require('eslint-plugin-pooler').default`, as earlier versions documented; not enumerable, so ESLint and
// the config inspector see only meta, rules and configs.
Object.defineProperty(plugin, 'default', { value: plugin });

export default plugin;
export { plugin as 'module.exports', rules };
export type { ConfigName };
