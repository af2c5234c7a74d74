/**
 * The module pass (untyped lint, the editor path): what another module of the project exports, without
 * type information. From the linted file it follows relative imports, `require`s and re-exports to project
 * modules, parses each once and summarises its exports with the same driver model (`./summary.ts`): pools,
 * clients and instances, `query(text)` wrappers, `getClient()` helpers, SQL constants. It answers the
 * program pass's questions (`ProgramPass`, the same facts the checker finds in typed lint), so the session
 * and leak analyses take either.
 *
 * Cost is the point: a module is read only if a name imported from it is used where a driver value matters
 * (a receiver of a driver method, a callee whose arguments carry SQL, a call whose module checks a connection
 * out), and parsed only if its imports reach a driver package (`./files.ts`, a text scan). Summaries are
 * cached per process (bounded, checked against the file's modification time); packages are never parsed.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { RuleContext } from '@typescript-eslint/utils/ts-eslint';
import { AnalysisBudget } from '../ast/budget.js';
import { unwrap } from '../ast/nodes.js';
import { mayBeProjectSource, type ImportedModule, type ImportName } from '../drivers/imports.js';
import { createDriverModel } from '../drivers/model.js';
import { readDriverSettings, type DriverSettings } from '../drivers/settings.js';
import { scopeResolver } from '../drivers/user-functions.js';
import type { DriverModel } from '../drivers/types.js';
import { guarded, passOfFile, type ProgramPass, type WrapperSqlArgument } from '../program/index.js';
import { EMPTY_FRAGMENT } from '../program/fragments.js';
import { LruCache } from '../sql/lru-cache.js';
import { checksOut, clearModuleFiles, mayUseDriver, moduleCacheSize, moduleFile, reachesDriver, resolveModule, sourcesOf, type ModuleFile } from './files.js';
import { ModuleSummary, type Imports } from './summary.js';
import { importedCallee } from './syntax.js';

/** Modules parsed for a summary by this process (tests and the README's figures). */
let parsedCount = 0;

/**
 * What the module pass holds in this process: scanned files and their characters, summaries (parsed modules),
 * and how many modules it parsed.
 * @example modulePassStats() // { files: 212, characters: 1_480_000, summaries: 40, parsed: 40 }
 */
export function modulePassStats(): { files: number; characters: number; summaries: number; parsed: number } {
  return { ...moduleCacheSize(), summaries: summaries.stats().entries, parsed: parsedCount };
}

/** Empties the pass's caches: scanned files, resolutions, listings and summaries (`npm run bench:module-cache`). */
export function clearModulePass(): void {
  clearModuleFiles();
  summaries.clear();
}

/** `POOLER_MODULE_PASS=off` turns the module pass off (untyped lint then reads each file on its own). */
export const MODULE_PASS_ENABLED = process.env.POOLER_MODULE_PASS !== 'off';

type Settings = DriverSettings & { readonly cwd: string };
type Context = Readonly<RuleContext<string, readonly unknown[]>>;

const MODULE_STEPS = 200_000;
const MODULE_MS = 2_000;
/** Summaries (parsed modules) kept per process; sized by text length. */
const summaries = new LruCache<ModuleSummary | null>(100, 8 * 1024 * 1024);
/** Project modules being summarised, innermost last: a module met again is a cycle (unknown). */
const active: string[] = [];

/** One graph per driver settings and working directory (a process lints with one or a few), not one per file. */
const graphs = new LruCache<Imports>(16, 16);
/** The graph of each settings object (`readDriverSettings` reads one per configuration) and directory. */
const graphsOf = new WeakMap<DriverSettings, Map<string, Imports>>();

function graphFor(driverSettings: DriverSettings, cwd: string): Imports {
  let byCwd = graphsOf.get(driverSettings);
  if (!byCwd) graphsOf.set(driverSettings, (byCwd = new Map()));
  let graph = byCwd.get(cwd);
  if (!graph) byCwd.set(cwd, (graph = sharedGraph({ ...driverSettings, cwd })));
  return graph;
}

/** Equal settings of different configurations share one graph (and its summaries). */
function sharedGraph(settings: Settings): Imports {
  const key = JSON.stringify([settings.specifiers, settings.directUrlPattern.source, settings.cwd]);
  const known = graphs.get(key);
  if (known) return known;
  const graph: Imports = {
    summaryOf(importer, source, unreached = false) {
      const file = resolveModule(importer, source);
      return file ? summaryAt(file, key, graph, unreached) : undefined;
    },
    model(sourceCode: Readonly<TSESLint.SourceCode>, file: string): DriverModel {
      return createDriverModel({
        sourceCode,
        filename: file,
        cwd: settings.cwd,
        settings,
        typed: undefined,
        ...lookups(file, graph),
        budget: () => new AnalysisBudget(MODULE_STEPS, MODULE_MS),
      });
    },
  };
  graphs.set(key, graph, 1);
  return graph;
}

function summaryAt(file: string, key: string, graph: Imports, unreached: boolean): ModuleSummary | undefined {
  const scanned = moduleFile(file);
  // A module whose imports reach no driver exports no driver value: parsed only for its SQL constants and declarations.
  if (!scanned || active.includes(file) || active.length > 8 || !(unreached || reachesDriver(file))) return undefined;
  const cacheKey = `${key}\0${file}`;
  const cached = summaries.get(cacheKey);
  if (cached !== undefined && (cached === null || cached.file === scanned)) return cached ?? undefined;
  active.push(file);
  let summary: ModuleSummary | null;
  try {
    parsedCount++;
    summary = new ModuleSummary(scanned, graph);
  } catch {
    summary = null; // unparsable: unknown
  } finally {
    active.pop();
  }
  summaries.set(cacheKey, summary, scanned.text.length + 1);
  return summary ?? undefined;
}

/** What the driver model of `file` asks of other modules. */
function lookups(file: string, graph: Imports) {
  return {
    reexported: (source: string, name: ImportName): ImportedModule | undefined => {
      const value = graph.summaryOf(file, source)?.value(name);
      return value ? { module: value } : undefined;
    },
    declaration: (source: string, name: string) => graph.summaryOf(file, source, true)?.declaration(name),
    resolves: (source: string) => resolveModule(file, source) !== undefined,
    reaches: (text?: string) => fileReaches(file, text),
    costly: true,
  };
}

/**
 * The file imports a project module that imports a driver package (or a barrel re-exporting one): then its
 * driver values, wrappers and helpers can be in this file. A file further away (a route calling a service
 * calling a repository) is not analysed: what it calls sends no SQL text it wrote. Two exceptions, where
 * annotations can name a driver value (declared types): a file that checks a connection out follows any import,
 * type-only included, within a few hops (`private db: Database` … `await this.db.pool.connect()`, where
 * `Database` declares `pool: Pool`); and a type-only import counts when the module it names imports a driver's
 * types itself (`withPgClient: WithPgClient`, an interface of `interfaces.ts` over `PoolClient`).
 */
function fileReaches(file: string, text?: string): boolean {
  const own = text ?? moduleFile(file)?.text;
  // A file that sends no SQL, checks nothing out and names no session hazard cannot use an imported driver value.
  if (own === undefined || !mayUseDriver(own)) return false;
  const deep = checksOut(own);
  const sources = sourcesOf(own);
  const values = new Set(sources.values);
  return sources.all.some((source) => {
    const target = resolveModule(file, source);
    const module = target === undefined ? undefined : moduleFile(target);
    if (module === undefined) return false;
    if (!deep && !values.has(source)) return module.driverTypes;
    return module.driver || ((module.barrel || deep) && reachesDriver(module.path));
  });
}

/**
 * The driver model's cross-module lookups for the linted file (untyped lint), or undefined when the pass is
 * off. `reexported` is what importing a name of a project module gives; `reaches` whether the file's
 * imports reach a driver through project modules (then the file is analysed).
 * @example moduleImports('/app/src/routes.ts', readDriverSettings(settings), cwd)?.reexported('./db', 'pool')
 */
export function moduleImports(filename: string, settings: DriverSettings, cwd: string): ReturnType<typeof lookups> | undefined {
  return passApplies(filename) ? lookups(filename, graphFor(settings, cwd)) : undefined;
}

/** The pass is on and the file is on disk (an absolute path: not `<input>` or stdin). */
function passApplies(filename: string): boolean {
  return MODULE_PASS_ENABLED && (filename.startsWith('/') || /^[A-Za-z]:[\\/]/.test(filename));
}

const passes = new WeakMap<TSESTree.Program, ProgramPass | null>();
const SQL_TEXT = new Set(['Literal', 'TemplateLiteral', 'BinaryExpression', 'ObjectExpression']);

/**
 * An argument that can be SQL text the caller wrote: a string, a template, a concatenation, a query config,
 * a const of one, or a constant imported from a project module. Parameters and fields are not: most calls of
 * imported functions pass those.
 */
function sqlArgument(arg: TSESTree.Node, resolver: ReturnType<typeof scopeResolver>): boolean {
  const node = unwrap(arg);
  if (SQL_TEXT.has(node.type)) return true;
  const id = node.type === 'MemberExpression' ? unwrap(node.object) : node;
  if (id.type !== 'Identifier') return false;
  const init = node === id ? resolver.constInit(id) : undefined;
  if (init && SQL_TEXT.has(unwrap(init).type)) return true;
  const def = resolver.variableOf(id)?.defs[0];
  return def?.type === 'ImportBinding';
}

/**
 * The module pass seen from the linted file (untyped lint; undefined when off or typed): the program pass's
 * questions answered from the summaries of the modules the file imports. Cached per file.
 * @example getModulePass(context)?.acquisitionOf(call /* await getClient() *\/) // { release: { method: 'release' } }
 */
export function getModulePass(context: Context): ProgramPass | undefined {
  return passOfFile(passes, context, createPass);
}

function createPass(context: Context): ProgramPass | undefined {
  const filename = context.filename;
  if (!passApplies(filename)) return undefined;
  const graph = graphFor(readDriverSettings(context.settings), context.cwd);
  const resolver = scopeResolver(context.sourceCode);
  /**
   * The project module a callee is imported from (relative specifiers and tsconfig aliases): its scan, which says whether it
   * is worth parsing, and its summary (the parse).
   */
  const scans = new Map<string, ModuleFile | undefined>();
  const scanOf = (source: string) => {
    if (!scans.has(source)) {
      const file = resolveModule(filename, source);
      scans.set(source, file === undefined ? undefined : moduleFile(file));
    }
    return scans.get(source);
  };
  const callee = (call: TSESTree.CallExpression) => {
    const imported = importedCallee(call.callee, resolver);
    const scanned = imported && mayBeProjectSource(imported.source) ? scanOf(imported.source) : undefined;
    return imported && scanned && { imported, scanned, summary: () => graph.summaryOf(filename, imported.source) };
  };
  return {
    wrapperSqlArguments: (call) =>
      guarded([], () => {
        // Only a call that passes something that can be SQL text: most calls of imported functions pass none.
        if (!call.arguments.some((arg) => sqlArgument(arg, resolver))) return [];
        const found = callee(call);
        // Parsed only when the module's text sends SQL, or re-exports what may.
        if (!found || !(found.scanned.sql || found.scanned.barrel)) return [];
        const sinks = found.summary()?.sinks(found.imported.name, found.imported.prop) ?? [];
        return sinks.flatMap((sink): WrapperSqlArgument[] => {
          const arg = call.arguments[sink.param];
          if (!arg || call.arguments.slice(0, sink.param + 1).some((a) => a.type === 'SpreadElement')) return [];
          const receiver = sink.receiverParam === undefined ? undefined : call.arguments[sink.receiverParam];
          const values = typeof sink.values === 'number' ? call.arguments[sink.values] : undefined;
          return [{
            arg,
            driver: sink.driver,
            kind: sink.kind,
            form: sink.form,
            inTransaction: sink.inTransaction,
            withValues: sink.values === 'always' || (values !== undefined && !(values.type === 'ArrayExpression' && values.elements.length === 0)),
            direct: sink.direct,
            receiver: receiver?.type === 'SpreadElement' ? undefined : receiver,
            before: EMPTY_FRAGMENT,
            after: EMPTY_FRAGMENT,
          }];
        });
      }),
    acquisitionOf: (call) =>
      guarded(undefined, () => {
        const found = callee(call);
        // Parsed only when the module's text checks a connection out, or re-exports what may.
        if (!found || !(found.scanned.acquires || found.scanned.barrel)) return undefined;
        return found.summary()?.acquisition(found.imported.name, found.imported.prop);
      }),
    releasesArgument: () => false,
    callbackInTransaction: () => undefined,
    resolveExternal: (node) =>
      guarded(undefined, () => {
        const target = unwrap(node);
        const id = target.type === 'MemberExpression' ? unwrap(target.object) : target;
        if (id.type !== 'Identifier') return undefined;
        const imported = importedCallee(target, resolver);
        if (!imported || !mayBeProjectSource(imported.source)) return undefined;
        const text = graph.summaryOf(filename, imported.source, true)?.constant(imported.name, imported.prop);
        return text === undefined ? undefined : [text];
      }),
  };
}
