/**
 * pool-size-budget: a pool larger than one process's share of `max_connections`, and a minimum above the
 * maximum. Pools in tests and scripts (`settings.pooler.nonServingFiles`) serve no request: no budget for them.
 */
import { createRule } from '../src/create-rule.js';
import { getPoolConfigs, isNonServingFile, poolBudget, type Budget, type BudgetOptions, type PoolConfig } from '../src/pools/index.js';
import type { ResolvedProfile } from '../src/profiles/index.js';
import { poolerProfile } from '../src/settings.js';

type MessageId = 'overBudget' | 'defaultOverBudget' | 'minOverMax';

const BUDGET =
  "this process's connection budget of {{budget}} (max_connections {{maxConnections}} − {{reserved}} reserved, shared by {{instances}})";

function budgetData(budget: Budget, profile: ResolvedProfile): Record<string, string> {
  return {
    budget: String(budget.perProcess),
    maxConnections: String(budget.maxConnections),
    reserved: String(budget.reserved),
    instances: budget.instances === 1 ? '1 instance' : `${budget.instances} instances`,
    pooler: profile.label,
    consequence: profile.verdict('pool-size').consequence,
  };
}

/** Read after the size: how it came about, when that is not plain (the default of an environment lookup). */
function sizeNote(pool: PoolConfig): string {
  return pool.size.origin === 'env-default' ? ' when the environment does not set it' : '';
}

export default createRule<[BudgetOptions], MessageId>({
  name: 'pool-size-budget',
  meta: {
    type: 'problem',
    docs: {
      description: "Keep each pool within the process's share of max_connections, and its minimum within its maximum",
      recommended: true,
    },
    messages: {
      overBudget: `\`{{option}}\` is {{size}}{{sizeNote}}, over ${BUDGET}. Under {{pooler}}, a pool this size {{consequence}}. Set it to {{budget}} or less, or give the rule your real figures.`,
      defaultOverBudget: `This {{driver}} pool sets no \`{{option}}\`, so it opens up to {{size}} connections (the driver's default), over ${BUDGET}. Under {{pooler}}, a pool this size {{consequence}}. Set \`{{option}}\` to {{budget}} or less.`,
      minOverMax:
        '`{{minOption}}` is {{min}}, more than the pool may open ({{max}}{{maxNote}}): the pool cannot keep that many connections. Lower `{{minOption}}` to {{max}} or less.',
    },
    schema: [
      {
        type: 'object',
        properties: {
          maxConnections: {
            type: 'integer',
            minimum: 1,
            description: "The database's max_connections (default 100).",
          },
          instances: {
            type: 'integer',
            minimum: 1,
            description: 'Processes running at peak, all instances × workers (default 1).',
          },
          reserved: {
            type: 'integer',
            minimum: 0,
            description: 'Connections kept for admin tools and migrations (default 10% of maxConnections, rounded up).',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ maxConnections: 100, instances: 1 }],
  },
  create(context, [options]) {
    return {
      'Program:exit'() {
        const pools = getPoolConfigs(context);
        if (pools.length === 0) return;
        const profile = poolerProfile(context);
        const budget = poolBudget(options);
        const data = budgetData(budget, profile);
        const serving = !isNonServingFile(context.filename, context.cwd, profile.settings.nonServingFiles);
        for (const pool of pools) {
          if (pool.role !== 'pool') continue;
          const { size } = pool;
          if (serving && size.value !== undefined && size.value > budget.perProcess) {
            if (size.origin === 'driver-default') {
              context.report({
                node: pool.node,
                messageId: 'defaultOverBudget',
                data: { ...data, driver: pool.driver, option: size.option, size: String(size.value) },
              });
            } else if (size.node) {
              context.report({
                node: size.node,
                messageId: 'overBudget',
                data: { ...data, option: size.option, size: String(size.value), sizeNote: sizeNote(pool) },
              });
            }
          }
          const max = size.value;
          if (pool.min && max !== undefined && pool.min.value > max) {
            context.report({
              node: pool.min.node,
              messageId: 'minOverMax',
              data: {
                minOption: pool.min.option,
                min: String(pool.min.value),
                max: String(max),
                maxNote: size.value === undefined || size.origin === 'driver-default' ? `, the driver's default \`${size.option}\`` : '',
              },
            });
          }
        }
      },
    };
  },
});
