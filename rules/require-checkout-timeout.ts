/**
 * require-checkout-timeout: a long-lived pg pool whose checkout waits forever once every client is checked out
 * (`connectionTimeoutMillis` absent or 0). Pools in tests and scripts (`settings.pooler.nonServingFiles`) serve
 * no request and are not reported.
 */
import { createRule } from '../src/create-rule.js';
import { getPoolConfigs, isNonServingFile } from '../src/pools/index.js';
import { poolerProfile } from '../src/settings.js';

type MessageId = 'noCheckoutTimeout' | 'zeroCheckoutTimeout';

const CONSEQUENCE =
  "once every client is checked out, `pool.connect()` and `pool.query()` wait forever instead of failing, and no timeout of {{pooler}} ends a wait inside the app's own pool. Set `connectionTimeoutMillis`, e.g. to 5000, so an exhausted pool fails with an error the app can handle.";

export default createRule<[], MessageId>({
  name: 'require-checkout-timeout',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require a checkout timeout (`connectionTimeoutMillis`) on long-lived pg pools, whose default wait has no limit',
      recommended: true,
    },
    messages: {
      noCheckoutTimeout: `This pg pool sets no \`connectionTimeoutMillis\` (pg's default is 0, no limit): ${CONSEQUENCE}`,
      zeroCheckoutTimeout: `\`connectionTimeoutMillis: 0\` means no limit: ${CONSEQUENCE}`,
    },
    schema: [],
  },
  create(context) {
    return {
      'Program:exit'() {
        const pools = getPoolConfigs(context).filter((pool) => pool.waitsForever);
        if (pools.length === 0) return;
        const profile = poolerProfile(context);
        if (isNonServingFile(context.filename, context.cwd, profile.settings.nonServingFiles)) return;
        const data = { pooler: profile.label };
        for (const { node, waitsForever } of pools) {
          if (waitsForever?.absent) context.report({ node, messageId: 'noCheckoutTimeout', data });
          else if (waitsForever) context.report({ node: waitsForever.option.node, messageId: 'zeroCheckoutTimeout', data });
        }
      },
    };
  },
});
