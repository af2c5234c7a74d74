/**
 * The analysis budget of one file: every per-file analysis (value tracking, SQL text resolution, the
 * session and leak analyses) spends steps from it. Past the budget the file degrades: what is left is
 * "unknown" (no value, no SQL text), and the rules report one notice naming the file and where the
 * analysis stopped (see `src/create-rule.ts`). A deterministic step count decides; a time guard backs
 * it up, so no file can keep a lint run waiting.
 */
import type { TSESTree } from '@typescript-eslint/utils';

/**
 * Steps one file may take. The repository's fixtures take at most a few hundred; a generated function of
 * 5,000 queries about 105,000 (some 21 a query), so only files far beyond that reach it.
 */
export const STEP_BUDGET = 1_000_000;
/** Wall-clock guard per file (from its first step), checked every {@link TIME_CHECK_EVERY} steps. */
export const TIME_BUDGET_MS = 15_000;
const TIME_CHECK_EVERY = 1024;

/** Where and why a file's analysis stopped. */
export interface BudgetExhaustion {
  /** The node being analysed when the budget ran out. */
  node: TSESTree.Node;
  reason: 'steps' | 'time';
  steps: number;
}

/** The step counter of one file. */
export class AnalysisBudget {
  private steps = 0;
  private startedAt: number | undefined;
  private stopped: BudgetExhaustion | undefined;

  constructor(
    private readonly maxSteps = STEP_BUDGET,
    private readonly maxMs = TIME_BUDGET_MS,
  ) {}

  /**
   * Spends one step on `node`; false once the budget is spent (then and for the rest of the file).
   * @example if (!budget.spend(node)) return undefined; // unknown
   */
  spend(node: TSESTree.Node): boolean {
    if (this.stopped) return false;
    this.startedAt ??= performance.now();
    this.steps++;
    if (this.steps > this.maxSteps) return this.stop(node, 'steps');
    if (this.steps % TIME_CHECK_EVERY === 0 && performance.now() - this.startedAt > this.maxMs) return this.stop(node, 'time');
    return true;
  }

  /** Where the analysis stopped, or undefined while within the budget. */
  get exhausted(): BudgetExhaustion | undefined {
    return this.stopped;
  }

  /** Steps spent so far. */
  get spent(): number {
    return this.steps;
  }

  private stop(node: TSESTree.Node, reason: BudgetExhaustion['reason']): false {
    this.stopped = { node, reason, steps: this.steps };
    return false;
  }
}

const budgets = new WeakMap<TSESTree.Program, AnalysisBudget>();

/**
 * The budget of the file whose AST is `ast`, shared by every rule and analysis of that file.
 * @example analysisBudget(context.sourceCode.ast).spend(node)
 */
export function analysisBudget(ast: TSESTree.Program): AnalysisBudget {
  let budget = budgets.get(ast);
  if (!budget) {
    budget = new AnalysisBudget(stepLimit());
    budgets.set(ast, budget);
  }
  return budget;
}

/** `POOLER_STEP_BUDGET` (a positive integer) lowers or raises the step budget, e.g. for tests. */
function stepLimit(): number {
  const value = Number(process.env.POOLER_STEP_BUDGET);
  return Number.isInteger(value) && value > 0 ? value : STEP_BUDGET;
}

/** The message id of the budget notice, the same on every rule: `pooler-lint` counts such a file as not fully analysed. */
export const BUDGET_MESSAGE_ID = 'analysisIncomplete';

export const BUDGET_MESSAGE =
  'pooler stopped analysing this file here: it needed more than {{limit}}, so the rest of the file is unknown to every pooler rule and findings may be missing. Simplify the code around line {{line}} (e.g. a variable reassigned from itself many times) or split it into smaller functions.';

const noticed = new WeakSet<TSESTree.Program>();

/**
 * The notice to report for a file whose analysis ran out of budget: once per file (the first rule to
 * ask gets it), undefined otherwise.
 * @example const notice = budgetNotice(program); if (notice) context.report({ ...notice, messageId: BUDGET_MESSAGE_ID });
 */
export function budgetNotice(ast: TSESTree.Program): { node: TSESTree.Node; data: Record<string, string> } | undefined {
  const stop = budgets.get(ast)?.exhausted;
  if (!stop || noticed.has(ast)) return undefined;
  noticed.add(ast);
  const limit = stop.reason === 'steps' ? `${stop.steps - 1} analysis steps` : `${TIME_BUDGET_MS / 1000} s of analysis`;
  return { node: stop.node, data: { limit, line: String(stop.node.loc.start.line) } };
}
