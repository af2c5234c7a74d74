/**
 * The rule map. A test checks that it lists every `rules/*.ts` file and that each rule has its doc.
 * Rules land with their issues; the names are fixed (see README).
 */
import type { RuleModule } from '@typescript-eslint/utils/ts-eslint';
import noLeakedClient from './no-leaked-client.js';
import poolSizeBudget from './pool-size-budget.js';
import noSessionSet from './no-session-set.js';
import noSessionAdvisoryLock from './no-session-advisory-lock.js';
import noListen from './no-listen.js';
import noNamedPreparedStatements from './no-named-prepared-statements.js';
import noSessionState from './no-session-state.js';
import noUnsupportedStartupParameter from './no-unsupported-startup-parameter.js';
import requireCheckoutTimeout from './require-checkout-timeout.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rules differ in their options and message ids
export const rules: Record<string, RuleModule<string, any[], any>> = {
  'no-leaked-client': noLeakedClient,
  'pool-size-budget': poolSizeBudget,
  'no-session-set': noSessionSet,
  'no-session-advisory-lock': noSessionAdvisoryLock,
  'no-listen': noListen,
  'no-named-prepared-statements': noNamedPreparedStatements,
  'no-session-state': noSessionState,
  'no-unsupported-startup-parameter': noUnsupportedStartupParameter,
  'require-checkout-timeout': requireCheckoutTimeout,
};
