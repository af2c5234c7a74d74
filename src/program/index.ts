/**
 * The TypeScript program pass (typed lint only): what single-file analysis cannot see because it sits
 * in another module.
 *
 * - SQL text of constants of other modules (`./constants.ts`).
 * - Sink summaries (`./sinks.ts`): `query(text)`, `this.run(sql)`, `db.exec(text)` of the project that
 *   pass their parameter on to a driver's SQL argument are sinks at their call sites.
 * - Acquisition and release summaries (`./acquisitions.ts`): `getClient()` returning `pool.connect()`
 *   is an acquisition; `releaseClient(c)` calling `c.release()` is a release.
 * - Callback transaction summaries (`./transactions.ts`): `withTransaction(fn)` calling `fn(c)` after
 *   `BEGIN` on `c` runs the callback's statements on `c` inside a transaction.
 *
 * Everything is lazy and memoised per declaration in one cache per `ts.Program` (and settings), shared
 * by every rule and file linted against that program. The only whole-program work is one syntactic walk
 * of the project's files (`./names.ts`), so that only calls that can reach a driver are resolved. Without type
 * information (or with `POOLER_PROGRAM_PASS=off`) `getProgramPass` returns undefined and the rules keep
 * their import-based behaviour.
 *
 * @example
 * const pass = getProgramPass(context);
 * for (const wrapped of pass?.wrapperSqlArguments(call) ?? []) resolveSqlText(wrapped.arg, options);
 */
import type { ParserServices, TSESTree } from '@typescript-eslint/utils';
import type { RuleContext } from '@typescript-eslint/utils/ts-eslint';
import type * as ts from 'typescript';
import type { AcquireSpec } from '../drivers/catalog/types.js';
import type { DriverId, ValueKind } from '../drivers/kinds.js';
import { readDriverSettings } from '../drivers/settings.js';
import type { SqlFragment } from '../sql/types.js';
import { RELEASE_METHODS } from '../drivers/catalog/index.js';
import { HandleSummaries } from './acquisitions.js';
import { ACQUIRE_METHODS, ProgramFacts, SQL_METHODS, type FactSettings } from './facts.js';
import { SinkSummaries, type ParamSink } from './sinks.js';
import { CallbackTransactionSummaries } from './transactions.js';
import { loadTypeScript, PROGRAM_PASS_ENABLED } from './typescript.js';

export { PROGRAM_PASS_ENABLED } from './typescript.js';
export { typedStringResolver } from './constants.js';

/** A call-site argument that a project function passes on to a driver as SQL. */
export interface WrapperSqlArgument {
  /** The caller's argument: SQL text, or a query config (`{ text, name }`) when `form` is `query`. */
  readonly arg: TSESTree.Node;
  readonly driver: DriverId;
  readonly kind: ValueKind;
  readonly form: 'text' | 'query';
  /** The wrapper runs the SQL inside a transaction. */
  readonly inTransaction: boolean;
  /** This call sends bound values along (extended protocol). */
  readonly withValues: boolean;
  /** The wrapper's connection comes from a direct (unpooled) connection string. */
  readonly direct: boolean;
  /** The caller's argument that is the connection (`run(client, text)`), if any. */
  readonly receiver: TSESTree.Node | undefined;
  /** Text the wrapper adds before and after the argument. */
  readonly before: SqlFragment;
  readonly after: SqlFragment;
}

/** The program pass, seen from one linted file. */
export interface ProgramPass {
  /** The SQL arguments of a call of a project function that wraps driver sinks (empty for other calls). */
  wrapperSqlArguments(call: TSESTree.CallExpression): WrapperSqlArgument[];
  /** What a call of a project function acquires (`await getClient()`), or undefined. */
  acquisitionOf(call: TSESTree.CallExpression): AcquireSpec | undefined;
  /** Whether a call of a project function releases the connection passed at `index`. */
  releasesArgument(call: TSESTree.CallExpression, index: number): boolean;
  /** String values of an identifier or member expression, from constants anywhere in the program. */
  resolveExternal(node: TSESTree.Node): string[] | undefined;
  /**
   * For a callback passed at `position` to a project function: the positions of the callback's parameters
   * the function fills with a connection inside a transaction it opened (`withTransaction(async (client) => …)`);
   * undefined when the call runs no project function the pass can see.
   */
  callbackInTransaction(call: TSESTree.CallExpression, position: number): ReadonlySet<number> | undefined;
}

type Context = Readonly<RuleContext<string, readonly unknown[]>>;

interface Summaries {
  readonly facts: ProgramFacts;
  readonly sinks: SinkSummaries;
  readonly handles: HandleSummaries;
  readonly callbacks: CallbackTransactionSummaries;
}

const NONE: ReadonlySet<number> = new Set();

const programs = new WeakMap<ts.Program, Map<string, Summaries>>();
const passes = new WeakMap<TSESTree.Program, ProgramPass | null>();

/**
 * The program pass for the file being linted, or undefined without type information. Cached per file;
 * its summaries are cached per program.
 * @example getProgramPass(context)?.acquisitionOf(call)?.release // { method: 'release' }
 */
export function getProgramPass(context: Context): ProgramPass | undefined {
  return passOfFile(passes, context, createPass);
}

/**
 * The pass of the file being linted from `cache`, created once per file (keyed by its AST). Shared by the
 * program pass and the module pass (`src/modules`).
 * @example passOfFile(passes, context, createPass)?.wrapperSqlArguments(call)
 */
export function passOfFile(
  cache: WeakMap<TSESTree.Program, ProgramPass | null>,
  context: Context,
  create: (context: Context) => ProgramPass | undefined,
): ProgramPass | undefined {
  const ast = context.sourceCode.ast;
  let pass = cache.get(ast);
  if (pass === undefined) {
    pass = create(context) ?? null;
    cache.set(ast, pass);
  }
  return pass ?? undefined;
}

/**
 * `run()`, or `fallback` when it throws: analysis never throws, odd input degrades to "nothing known".
 * @example guarded([], () => sinks.of(fn))
 */
export function guarded<T>(fallback: T, run: () => T): T {
  try {
    return run();
  } catch {
    return fallback;
  }
}

function createPass(context: Context): ProgramPass | undefined {
  const services = context.sourceCode.parserServices as Partial<ParserServices> | undefined;
  const program = services?.program;
  const map = services?.esTreeNodeToTSNodeMap;
  const tsApi = loadTypeScript();
  if (!PROGRAM_PASS_ENABLED || !program || !map || !tsApi) return undefined;
  const driverSettings = readDriverSettings(context.settings);
  const settings: FactSettings = { ...driverSettings, cwd: context.cwd };
  const { facts, sinks, handles, callbacks } = summariesOf(tsApi, program, settings);
  /** The project function a call runs, asked only when its name can reach one of `methods` (`facts.mayCall`). */
  const calledFunction = (call: TSESTree.CallExpression, methods: ReadonlySet<string>) => {
    const node = map.get(call) as ts.Node | undefined;
    return node && tsApi.isCallExpression(node) && facts.mayCall(node, methods) ? facts.calledFunction(node) : undefined;
  };
  return {
    wrapperSqlArguments: (call) =>
      guarded([], () => {
        const fn = calledFunction(call, SQL_METHODS);
        return fn ? sinks.of(fn).flatMap((sink) => callSiteArgument(call, sink)) : [];
      }),
    acquisitionOf: (call) =>
      guarded(undefined, () => {
        const fn = calledFunction(call, ACQUIRE_METHODS);
        return fn ? handles.acquisitionOf(fn) : undefined;
      }),
    releasesArgument: (call, index) =>
      guarded(false, () => {
        const fn = calledFunction(call, RELEASE_METHODS);
        return fn !== undefined && handles.releases(fn, index);
      }),
    callbackInTransaction: (call, position) =>
      guarded(undefined, () => {
        // Not gated by name: a project helper that sends no SQL is an answer too (no transaction around its callback).
        const node = map.get(call) as ts.Node | undefined;
        const fn = node && tsApi.isCallExpression(node) ? facts.calledFunction(node) : undefined;
        return fn ? (callbacks.of(fn).get(position) ?? NONE) : undefined;
      }),
    resolveExternal: (node) =>
      guarded(undefined, () => {
        const tsNode = map.get(node) as ts.Node | undefined;
        return tsNode ? facts.values.of(tsNode) : undefined;
      }),
  };
}

function summariesOf(tsApi: typeof ts, program: ts.Program, settings: FactSettings): Summaries {
  let bySettings = programs.get(program);
  if (!bySettings) programs.set(program, (bySettings = new Map()));
  const key = JSON.stringify([settings.specifiers, settings.directUrlPattern.source, settings.cwd]);
  let summaries = bySettings.get(key);
  if (!summaries) {
    const facts = new ProgramFacts(tsApi, program, settings);
    summaries = {
      facts,
      sinks: new SinkSummaries(facts),
      handles: new HandleSummaries(facts),
      callbacks: new CallbackTransactionSummaries(facts),
    };
    bySettings.set(key, summaries);
  }
  return summaries;
}

/** A summarised sink seen at one call: the caller's argument, its connection and whether values go along. */
function callSiteArgument(call: TSESTree.CallExpression, sink: ParamSink): WrapperSqlArgument[] {
  const arg = call.arguments[sink.param];
  if (!arg || arg.type === 'SpreadElement' || call.arguments.slice(0, sink.param).some((a) => a.type === 'SpreadElement')) return [];
  const receiver = sink.receiverParam === undefined ? undefined : call.arguments[sink.receiverParam];
  return [
    {
      arg,
      driver: sink.driver,
      kind: sink.kind,
      form: sink.form,
      inTransaction: sink.inTransaction,
      withValues: sink.values === 'always' || (typeof sink.values === 'number' && passesValues(call.arguments[sink.values])),
      direct: sink.direct,
      receiver: receiver?.type === 'SpreadElement' ? undefined : receiver,
      before: sink.before,
      after: sink.after,
    },
  ];
}

function passesValues(arg: TSESTree.CallExpressionArgument | undefined): boolean {
  if (!arg) return false;
  if (arg.type === 'ArrayExpression') return arg.elements.length > 0;
  return !(arg.type === 'Identifier' && arg.name === 'undefined');
}
