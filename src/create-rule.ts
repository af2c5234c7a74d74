import { ESLintUtils } from '@typescript-eslint/utils';
import { ruleDocsUrl } from './package-info.js';

/** The `meta.docs` of this plugin's rules. */
export interface PoolerRuleDocs {
  description: string;
  /** In the `recommended` configs (and every pooler profile config). */
  recommended: boolean;
  /** Only in `recommended-type-checked`: the rule needs type information. */
  requiresTypeChecking?: boolean;
}

/**
 * Creates a rule of this plugin: `docs.url` is derived from the rule name.
 * @example export default createRule({ name: 'no-listen', meta: { … }, create(context) { … } });
 */
export const createRule = ESLintUtils.RuleCreator<PoolerRuleDocs>(ruleDocsUrl);
