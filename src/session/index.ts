/**
 * The per-file session analysis shared by the session-state rules: every SQL use, its hazards, whether
 * each one runs inside a transaction, and where to report it. Computed once per file.
 */
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import type { TSESTree } from '@typescript-eslint/utils';
import type { RuleContext } from '@typescript-eslint/utils/ts-eslint';
import { analysisBudget } from '../ast/budget.js';
import type { ResolveOptions } from '../ast/sql-text.js';
import { callsOf, enclosingFunction, propName } from '../ast/nodes.js';
import { getDriverModel, type DriverId, type DriverModel } from '../drivers/index.js';
import type { HazardId } from '../hazards.js';
import { locateInFragment } from '../sql/index.js';
import type { Confidence, SqlFinding } from '../sql/types.js';
import { typedStringResolver } from '../program/constants.js';
import { getModulePass } from '../modules/index.js';
import { getProgramPass, type ProgramPass } from '../program/index.js';
import { wrapperSqlUses } from '../program/uses.js';
import { apiFindings } from './api.js';
import { suggestedEdit, type Edit } from './edits.js';
import { HookCollector } from './hooks.js';
import { LocalWrappers } from './local-wrappers.js';
import { TransactionTracker } from './transactions.js';
import { outsideTransaction } from './wording.js';
import { sqlUseOf, type SqlCandidate, type SqlUse } from './uses.js';

/** A hazard found in the file: in SQL sent through a driver, or in a driver's configuration or API. */
export interface SessionFinding {
  hazard: HazardId;
  /** Source range to report: the hazard's own text when it maps exactly, else the expression. */
  range: [number, number];
  /** The SQL statement or source excerpt the message quotes. */
  excerpt: string;
  guc?: string;
  name?: string;
  /** For startup parameters: the parameter as the driver sends it. */
  parameter?: string;
  /** For a connection-config option (knex `searchPath`): the statement the library sends on each new connection. */
  hookStatement?: string;
  /** The statement runs inside a transaction (driver transaction API, `BEGIN` before it, one implicit transaction). */
  inTransaction: boolean;
  driver: DriverId;
  /** Through a direct (unpooled) connection: session state is correct there. */
  direct: boolean;
  confidence: Confidence;
  /** A safe edit, offered as a suggestion. */
  edit?: Edit;
  /** A SQL-level prepared statement the same simple-protocol query string prepares and deallocates. */
  closedInText?: boolean;
}

export interface SessionAnalysis {
  uses: readonly SqlUse[];
  findings: readonly SessionFinding[];
}

type Context = Readonly<RuleContext<string, readonly unknown[]>>;

const cache = new WeakMap<object, SessionAnalysis>();
const EMPTY: SessionAnalysis = Object.freeze({ uses: [], findings: [] });

/**
 * The session analysis of the file being linted, cached per AST and shared by all rules.
 *
 * @example getSessionAnalysis(context).findings.filter((f) => f.hazard === 'listen')
 */
export function getSessionAnalysis(context: Context): SessionAnalysis {
  const ast = context.sourceCode.ast;
  let analysis = cache.get(ast);
  if (!analysis) {
    const model = getDriverModel(context);
    analysis = model.relevant ? analyse(context, model) : EMPTY;
    cache.set(ast, analysis);
  }
  return analysis;
}

function analyse(context: Context, model: DriverModel): SessionAnalysis {
  const sourceCode = context.sourceCode;
  const program = getProgramPass(context);
  // Untyped: the module pass answers for the project's other modules (src/modules).
  const modules = program ? undefined : getModulePass(context);
  const resolveExternal = typedStringResolver(sourceCode.parserServices) ?? modules?.resolveExternal;
  const options: ResolveOptions = {
    getScope: (node) => sourceCode.getScope(node),
    budget: analysisBudget(sourceCode.ast),
    ...(resolveExternal ? { resolveExternal } : {}),
  };
  const hooks = new HookCollector(model, options);
  const uses: SqlUse[] = [];
  const findings: SessionFinding[] = [];
  const transactions = new TransactionTracker(sourceCode, program);
  const sent: { use: SqlUse; before: boolean }[] = [];
  const calls = callsOf(sourceCode.ast, sourceCode.visitorKeys);
  // Untyped: same-file wrappers stand in for the program pass.
  const local = program ? undefined : new LocalWrappers(calls, model, sourceCode);
  for (const node of calls) {
    if (node.type === AST_NODE_TYPES.CallExpression) {
      transactions.noteApiCall(node, model);
      transactions.noteCall(node);
    }
    if (node.type === AST_NODE_TYPES.CallExpression || node.type === AST_NODE_TYPES.NewExpression) hooks.note(node);
    if (node.type === AST_NODE_TYPES.NewExpression) continue;
    const sink = model.sinkOf(node);
    // Program pass (typed lint): a call of a project function that passes SQL on to a driver is a sink too.
    const found = sink
      ? [sqlUseOf(sink, model, options)]
      : node.type !== AST_NODE_TYPES.CallExpression
        ? []
        : program
          ? wrapperSqlUses(program, node, options, (call) => model.offCatalog(call))
          : localOrModuleUses(node, options, local, modules);
    if (hooks.has(enclosingFunction(node))) continue;
    for (const use of found) {
      if (!use) continue;
      uses.push(use);
      sent.push({ use, before: transactions.isOpen(use) || inBatchTransaction(use, model) });
      transactions.noteSql(use);
    }
  }
  // After every call was noted: a helper that runs its callback inside a transaction may follow its use; a
  // hook registered by name may follow its body (its statements are the hook's, below).
  for (const { use, before } of sent) {
    if (hooks.has(enclosingFunction(use.node))) continue;
    const open = before || (use.candidates.length > 0 && transactions.inCallbackTransaction(use));
    const unseen = !open && use.candidates.length > 0 && transactions.scopeUnseen(use, model);
    for (const candidate of use.candidates) {
      for (const finding of candidate.analysis.findings) {
        const inTransaction = use.inTransaction || open || inTextTransaction(finding, use);
        // Transaction-scoped on the caller's connection (whether a transaction is open is not known here), or
        // in a fragment of a larger statement, where it lasts that statement.
        if (!inTransaction && (unseen || use.embedded) && outsideTransaction(finding.hazard)) continue;
        findings.push(sqlFinding(sourceCode.text, use, candidate, finding, inTransaction));
      }
    }
  }
  for (const use of hooks.uses(sourceCode.visitorKeys)) {
    for (const candidate of use.candidates) {
      for (const finding of candidate.analysis.findings) {
        // A session SET in a hook runs on every new driver connection; other session state is itself.
        const found = sqlFinding(sourceCode.text, use, candidate, finding, false);
        findings.push(finding.hazard === 'session-set' ? { ...found, hazard: 'session-hook' } : found);
      }
    }
  }
  findings.push(...apiFindings(context, model, uses, options));
  findings.sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
  return { uses, findings: dedupe(findings) };
}

/** Untyped: a call of a same-file wrapper, or of a wrapper another module exports. */
function localOrModuleUses(
  node: TSESTree.CallExpression,
  options: ResolveOptions,
  local: LocalWrappers | undefined,
  modules: ProgramPass | undefined,
): SqlUse[] {
  const found = local?.usesAt(node, options) ?? [];
  return found.length > 0 || !modules ? found : wrapperSqlUses(modules, node, options);
}

/** Candidates of a conditional can repeat a finding at the same place: keep one. */
function dedupe(findings: SessionFinding[]): SessionFinding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.hazard}:${f.range[0]}:${f.range[1]}:${f.guc ?? ''}:${f.name ?? ''}:${f.parameter ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Prisma's batch form `prisma.$transaction([…])` runs its queries in one transaction. */
function inBatchTransaction(use: SqlUse, model: DriverModel): boolean {
  const array = use.node.parent;
  const call = array?.type === AST_NODE_TYPES.ArrayExpression ? array.parent : undefined;
  if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  return propName(call.callee) === '$transaction' && model.valueOf(call.callee.object)?.driver === 'prisma';
}

function inTextTransaction(finding: SqlFinding, use: SqlUse): boolean {
  if (finding.inTransaction === 'explicit') return true;
  // A multi-statement string runs as one implicit transaction only through the simple query protocol.
  return finding.inTransaction === 'implicit' && !use.withValues;
}

function sqlFinding(
  text: string,
  use: SqlUse,
  candidate: SqlCandidate,
  finding: SqlFinding,
  inTransaction: boolean,
): SessionFinding {
  const toSource = (start: number, end: number) => sourceRange(text, candidate, start, end);
  const exact = toSource(finding.start, finding.end) ?? boundedRange(text, use, candidate, finding.start, finding.end);
  const edit = inTransaction ? suggestedEdit(candidate, finding, toSource) : undefined;
  return {
    hazard: finding.hazard,
    range: exact ?? [use.sqlNode.range[0], use.sqlNode.range[1]],
    excerpt: displaySql(text, candidate, finding.start, finding.end),
    ...(finding.guc !== undefined ? { guc: finding.guc } : {}),
    ...(finding.name !== undefined ? { name: finding.name } : {}),
    inTransaction,
    driver: use.value.driver,
    direct: use.value.direct,
    confidence: finding.confidence,
    ...(edit ? { edit } : {}),
    // With values the driver uses the extended protocol, which runs no multi-statement text at all.
    ...(finding.closedInText && !use.withValues ? { closedInText: true } : {}),
  };
}

/**
 * The analysed text of `[start, end)` with each hole shown as the source writes it: `${name}` for an
 * interpolation, `?` for a knex binding (both are the hole's expression: `${…}` then).
 */
function displaySql(source: string, candidate: SqlCandidate, start: number, end: number): string {
  const { parts } = candidate.resolved.fragment;
  const offsets = candidate.analysis.partOffsets;
  let text = '';
  parts.forEach((part, index) => {
    const from = offsets[index] ?? 0;
    const to = from + part.length;
    text += candidate.analysis.text.slice(Math.max(from, start), Math.min(to, end));
    const next = offsets[index + 1];
    const hole = candidate.resolved.holeNodes?.[index];
    if (next !== undefined && Math.max(to, start) < Math.min(next, end)) text += holeText(source, hole);
  });
  return text;
}

/**
 * For a statement with holes: from its first to its last character in the source, when both map into
 * the SQL expression itself (not a constant declared elsewhere).
 */
function boundedRange(text: string, use: SqlUse, candidate: SqlCandidate, start: number, end: number): [number, number] | undefined {
  const mapped = end > start ? mappedRange(candidate, start, end) : undefined;
  if (!mapped) return undefined;
  const [from, to] = mapped;
  const [low, high] = use.sqlNode.range;
  const sql = candidate.analysis.text;
  const matches = text[from] === sql[start] && text[to - 1] === sql[end - 1];
  return matches && from >= low && to <= high && to > from ? mapped : undefined;
}

function holeText(source: string, hole: TSESTree.Node | undefined): string {
  const text = hole && hole.type !== AST_NODE_TYPES.CallExpression ? source.slice(hole.range[0], hole.range[1]) : '';
  return text !== '' && text.length <= 30 && !text.includes('\n') && hole?.parent?.type === AST_NODE_TYPES.TemplateLiteral
    ? `\${${text}}`
    : '${…}';
}

/**
 * The source range of `[start, end)` of the analysed text, when it maps exactly: the source text there
 * is the SQL text itself (no escapes, no constant from elsewhere in between).
 */
function sourceRange(text: string, candidate: SqlCandidate, start: number, end: number): [number, number] | undefined {
  const mapped = mappedRange(candidate, start, end);
  return mapped && mapped[1] > mapped[0] && text.slice(mapped[0], mapped[1]) === candidate.analysis.text.slice(start, end)
    ? mapped
    : undefined;
}

/** Where `[start, end)` of the analysed text begins and ends in the source, unchecked. */
function mappedRange(candidate: SqlCandidate, start: number, end: number): [number, number] | undefined {
  const first = locateInFragment(candidate.analysis, start);
  const last = locateInFragment(candidate.analysis, Math.max(start, end - 1));
  if (!first || !last) return undefined;
  return [
    candidate.resolved.sourceIndex(first.part, first.offset),
    candidate.resolved.sourceIndex(last.part, last.offset) + 1,
  ];
}
