import type { ESLintUtils, TSESLint, TSESTree } from '@typescript-eslint/utils';
import { BUDGET_MESSAGE, BUDGET_MESSAGE_ID, budgetNotice } from './ast/budget.js';
import { ruleDocsUrl } from './package-info.js';
import { poolerProfile } from './settings.js';

/** The `meta.docs` of this plugin's rules. */
export interface PoolerRuleDocs {
  description: string;
  /** In the `recommended` configs (and every pooler profile config). */
  recommended: boolean;
  /** Only in `recommended-type-checked`: the rule needs type information. */
  requiresTypeChecking?: boolean;
}

type RuleSpec<Options extends readonly unknown[], MessageIds extends string> = Readonly<
  Omit<ESLintUtils.RuleWithMetaAndName<Options, MessageIds, PoolerRuleDocs>, 'defaultOptions'>
>;

/**
 * Creates a rule of this plugin: `docs.url` is derived from the rule name, and `meta.defaultOptions`
 * is merged into the options by ESLint itself (9.15 and later). Unlike typescript-eslint's
 * `RuleCreator`, nothing is cloned per file: `context.options` is passed as it is.
 *
 * Every rule validates `settings.pooler` before it looks at a file (once per settings object, see
 * `resolveProfile`), so a bad setting stops every lint run, also of files that import no driver: the
 * `PoolerSettingsError` thrown from `create` is what ESLint reports as the run's fatal error.
 *
 * Every rule can also report the file's analysis-budget notice (`analysisIncomplete`): the first rule
 * to finish a file whose analysis ran out of budget reports it, once per file.
 * @example export default createRule({ name: 'no-listen', meta: { … }, create(context) { … } });
 */
export function createRule<Options extends readonly unknown[], MessageIds extends string>(
  spec: RuleSpec<Options, MessageIds>,
): TSESLint.RuleModule<MessageIds, Options, PoolerRuleDocs> & { name: string } {
  const { name, meta, create } = spec;
  return {
    name,
    meta: {
      ...meta,
      docs: { ...meta.docs, url: ruleDocsUrl(name) },
      messages: { ...meta.messages, [BUDGET_MESSAGE_ID]: BUDGET_MESSAGE },
    },
    create: (context) => {
      poolerProfile(context);
      const listeners = create(context, context.options);
      const exit = listeners['Program:exit'];
      return {
        ...listeners,
        'Program:exit'(node: TSESTree.Program) {
          exit?.(node);
          const notice = budgetNotice(node);
          if (notice) context.report({ ...notice, messageId: BUDGET_MESSAGE_ID as MessageIds });
        },
      };
    },
  };
}
