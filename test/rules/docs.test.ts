import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import plugin from '../../src/index.js';
import { ruleDocsUrl } from '../../src/package-info.js';
import { PROFILE_IDS } from '../../src/profiles/index.js';
import { repoPath } from '../repo-root.js';

const FIXED_RULE_NAMES = [
  'no-leaked-client',
  'no-named-prepared-statements',
  'no-session-set',
  'no-session-advisory-lock',
  'no-listen',
  'no-session-state',
  'no-unsupported-startup-parameter',
  'pool-size-budget',
  'require-checkout-timeout',
];

const ruleFiles = readdirSync(repoPath('rules'))
  .filter((file) => file.endsWith('.ts') && file !== 'index.ts' && !file.endsWith('.d.ts'))
  .map((file) => file.slice(0, -3));

describe('rules, docs and configs agree', () => {
  it('registers exactly the rule files in rules/', () => {
    assert.deepEqual(Object.keys(plugin.rules).sort(), [...ruleFiles].sort());
  });

  it('uses only the rule names of the public API', () => {
    for (const name of ruleFiles) assert.ok(FIXED_RULE_NAMES.includes(name), `unexpected rule name ${name}`);
  });

  for (const name of ruleFiles) {
    describe(name, () => {
      const rule = plugin.rules[name]!;
      const docPath = repoPath('rules', `${name}.md`);

      it('has its doc beside it, titled with the rule id', () => {
        assert.ok(existsSync(docPath), `rules/${name}.md is missing`);
        assert.match(readFileSync(docPath, 'utf8'), new RegExp(`^# pooler/${name}\\b`, 'm'));
      });

      it('has complete meta', () => {
        assert.equal(rule.meta.type, 'problem');
        assert.equal(rule.meta.docs?.url, ruleDocsUrl(name));
        assert.ok(rule.meta.docs?.description, 'description');
        assert.ok(Array.isArray(rule.meta.schema), 'schema is an array');
        for (const schema of rule.meta.schema as Array<{ additionalProperties?: unknown }>) {
          assert.equal(schema.additionalProperties, false, 'option objects reject unknown keys');
        }
      });

      it('is in the configs its meta asks for', () => {
        const docs = rule.meta.docs as { recommended?: boolean; requiresTypeChecking?: boolean };
        const id = `pooler/${name}`;
        const inConfig = (config: keyof typeof plugin.configs) => plugin.configs[config]?.rules?.[id] === 'error';
        assert.equal(inConfig('recommended-type-checked'), docs.recommended === true);
        assert.equal(inConfig('recommended'), docs.recommended === true && docs.requiresTypeChecking !== true);
        for (const profile of PROFILE_IDS) assert.equal(inConfig(profile), inConfig('recommended'));
      });
    });
  }
});

describe('plugin object', () => {
  it('has meta with name, version and namespace', () => {
    const pkg = JSON.parse(readFileSync(repoPath('package.json'), 'utf8'));
    assert.deepEqual(plugin.meta, { name: 'eslint-plugin-pooler', version: pkg.version, namespace: 'pooler' });
  });

  it('names every flat config and sets the profile of each pooler config', () => {
    for (const [key, config] of Object.entries(plugin.configs)) {
      assert.equal(config.name, `pooler/${key}`);
    }
    for (const profile of PROFILE_IDS) {
      assert.deepEqual(plugin.configs[profile]?.settings, { pooler: { profile } });
    }
  });
});
