/**
 * The leak analysis behind `no-leaked-client`: for every acquisition (pg `pool.connect()`,
 * pg-promise `db.connect()`, postgres.js `sql.reserve()`, TypeORM `createQueryRunner()`, knex
 * `client.acquireConnection()`), every path from the acquisition to the end of the handle's scope —
 * normal, returning, breaking and throwing at any call or `await` — must release it exactly once or
 * hand it on.
 *
 * Why not ESLint's code-path analysis: it models exceptions only at the first throwable node of each
 * `try` block, while here every call, `new`, `await`, `yield` and tagged template may throw, anywhere.
 * So `flow-statements.ts` / `flow-expressions.ts` interpret the AST as a structured control-flow graph
 * (blocks, branches, loops to a fixpoint, labels, `switch`, `try`/`catch`/`finally` per completion
 * kind, promise chains) over a finite path set (`paths.ts`).
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { analysisBudget, type AnalysisBudget } from '../ast/budget.js';
import { RELEASE_METHODS } from '../drivers/catalog/index.js';
import { getDriverModel } from '../drivers/index.js';
import { unwrap, walk } from '../ast/nodes.js';
import { getModulePass } from '../modules/index.js';
import { getProgramPass } from '../program/index.js';
import { createBorrowCheck } from './borrow.js';
import { cursorFacts } from './cursors.js';
import { releaseText, wrapInFinally } from './fix.js';
import { LeakFlow } from './flow-statements.js';
import type { Path, Paths } from './paths.js';
import { createSetup, type Setup } from './setup.js';
import { findSubjects, type Subject } from './subject.js';

/** The message ids of the findings. */
export type LeakMessageId =
  | 'discarded'
  | 'neverReleased'
  | 'notReleasedOnThrow'
  | 'notReleasedOnJump'
  | 'notReleasedOnSomePaths'
  | 'reacquired'
  | 'doubleRelease';

/** One problem to report. */
export interface LeakFinding {
  readonly node: TSESTree.Node;
  readonly messageId: LeakMessageId;
  readonly data: Readonly<Record<string, string>>;
  /** The try/finally suggestion, when it applies. */
  readonly fix?: (fixer: TSESLint.RuleFixer) => TSESLint.RuleFix;
  readonly release?: string;
}

/** Options of the analysis (the rule's options). */
export interface LeakOptions {
  /** Functions that release the handle passed to them (`releaseClient`, `db.release`). */
  readonly releasingFunctions: readonly string[];
}

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/**
 * Every leak, conditional release and double release of the file.
 * @example for (const finding of analyzeLeaks(context, { releasingFunctions: [] })) context.report(…)
 */
export function analyzeLeaks(context: Context, options: LeakOptions): LeakFinding[] {
  const model = getDriverModel(context);
  if (!model.relevant) return [];
  const { sourceCode } = context;
  // Acquisitions and releases through project helpers: the checker's (typed) or the module pass's (untyped).
  const program = getProgramPass(context) ?? getModulePass(context);
  const cursors = cursorFacts(model, sourceCode); // pg-cursor: quiet submissions, checkouts of pools the file cannot see
  const acquisitionOf = (call: TSESTree.CallExpression) => program?.acquisitionOf(call) ?? cursors.checkouts.get(call);
  const { subjects, discarded } = findSubjects(model, sourceCode, acquisitionOf);
  const findings: LeakFinding[] = discarded.map(({ call, spec }) => ({
    node: call.callee,
    messageId: 'discarded',
    data: { acquire: acquireText(call, sourceCode), consequence: spec.consequence },
  }));
  if (subjects.length === 0) return findings;
  const borrows = createBorrowCheck(sourceCode, RELEASE_METHODS);
  const budget = analysisBudget(sourceCode.ast);
  for (const subject of subjects) {
    const setup = createSetup(subject, {
      sourceCode,
      borrows,
      releasingFunctions: options.releasingFunctions,
      quiet: cursors.submissions,
      ...(program ? { releasesArgument: program.releasesArgument } : {}),
    });
    if (setup) findings.push(...analyzeSubject(setup, sourceCode, budget));
  }
  return findings;
}

function analyzeSubject(setup: Setup, sourceCode: Readonly<TSESLint.SourceCode>, budget: AnalysisBudget): LeakFinding[] {
  const { subject } = setup;
  const flow = new LeakFlow(setup, budget);
  const result = flow.run(subject.region, setup.initial);
  if (flow.failed) return [];
  const base = {
    name: subject.handle.name,
    acquire: acquireText(subject.call, sourceCode),
    consequence: subject.spec.consequence,
  };
  const findings: LeakFinding[] = [];
  const wrap = wrapInFinally(setup, sourceCode);
  const release = wrap?.release ?? releaseText(setup, sourceCode);
  const report = (messageId: LeakMessageId, data: Record<string, string> = {}) =>
    findings.push({ node: subject.call.callee, messageId, data: { ...base, ...data }, ...(wrap ? { fix: wrap.fix } : {}), release });

  if (flow.overwrites.size > 0) report('reacquired');
  else {
    const leak = firstLeak(result.normal, result.abrupt, subject);
    if (leak?.kind === 'plain') {
      const releases = releaseCalls(setup, sourceCode);
      if (releases.length > 0) {
        report('notReleasedOnSomePaths', { how: releases.every(inCatch) ? 'released only in `catch`' : 'released only under a condition' });
      } else if (leak.handedOn || setup.delegating.size > 0) {
        report('notReleasedOnSomePaths', { how: 'handed on (returned, stored or passed on) only on some paths' });
      } else report('neverReleased');
    } else if (leak?.kind === 'throw') report('notReleasedOnThrow', { event: throwEvent(leak.node, sourceCode) });
    else if (leak) report('notReleasedOnJump', { jump: leak.kind, line: String(leak.node.loc.start.line) });
  }
  for (const call of flow.doubleReleases) {
    findings.push({
      node: call,
      messageId: 'doubleRelease',
      data: { ...base, release: sourceCode.getText(unwrap(call.callee)), consequence: subject.spec.doubleRelease ?? 'A handle must be given back exactly once.' },
    });
  }
  return findings;
}

type Leak = { kind: 'plain'; handedOn: boolean } | { kind: 'throw' | 'return' | 'break' | 'continue'; node: TSESTree.Node };

/** The most telling leaking path: a plain one, else an early jump, else a throw (earliest first). */
function firstLeak(normal: Paths, abrupt: ReadonlyMap<string, Paths>, subject: Subject): Leak | undefined {
  const held: Path[] = [];
  let handedOn = false;
  const collect = (paths: Paths) => {
    for (const path of paths) {
      if (path.hold === 'H') held.push(path);
      if (path.hold === 'E') handedOn = true;
    }
  };
  collect(normal);
  for (const [key, paths] of abrupt) {
    // A throw out of top-level code ends the process: nothing is left to leak into.
    if (key === 'throw' && subject.fn === undefined) continue;
    collect(paths);
  }
  if (held.some((p) => !p.witness)) return { kind: 'plain', handedOn };
  const rank = (p: Path) => (p.witness!.kind === 'throw' ? 1 : 0);
  held.sort((a, b) => rank(a) - rank(b) || a.witness!.node.range[0] - b.witness!.node.range[0]);
  const first = held[0];
  return first?.witness ? { kind: first.witness.kind, node: first.witness.node } : undefined;
}

function releaseCalls(setup: Setup, sourceCode: Readonly<TSESLint.SourceCode>): TSESTree.CallExpression[] {
  const region = setup.subject.region;
  const roots = region.kind === 'statements' ? region.statements.slice(region.start) : [region.expression];
  const calls: TSESTree.CallExpression[] = [];
  for (const root of roots) {
    walk(root, sourceCode.visitorKeys, (node) => {
      if (node.type === 'CallExpression' && setup.releaseOf(node)) calls.push(node);
    });
  }
  return calls;
}

function inCatch(node: TSESTree.Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'CatchClause') return true;
    if (current.type === 'FunctionDeclaration' || current.type === 'FunctionExpression' || current.type === 'ArrowFunctionExpression') return false;
  }
  return false;
}

/** `pool.connect()` (arguments elided). */
function acquireText(call: TSESTree.CallExpression, sourceCode: Readonly<TSESLint.SourceCode>): string {
  return `${sourceCode.getText(unwrap(call.callee))}(${call.arguments.length > 0 ? '…' : ''})`;
}

/** "`client.query(…)` (line 4) throws" / "the `throw` at line 7 runs". */
function throwEvent(node: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): string {
  const line = node.loc.start.line;
  if (node.type === 'ThrowStatement') return `the \`throw\` at line ${line} runs`;
  const target = unwrap(node);
  if (target.type === 'TaggedTemplateExpression') return `the \`${sourceCode.getText(target.tag)}\` query (line ${line}) throws`;
  const text =
    target.type === 'CallExpression' || target.type === 'NewExpression'
      ? `${target.type === 'NewExpression' ? 'new ' : ''}${sourceCode.getText(unwrap(target.callee))}(${target.arguments.length > 0 ? '…' : ''})`
      : sourceCode.getText(target).split('\n')[0]!.slice(0, 40);
  return `\`${text}\` (line ${line}) throws`;
}

