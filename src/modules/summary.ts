/**
 * The syntactic summary of one project module (untyped lint): what each export is to a driver, found with
 * the same driver model and tracker as the linted file, on the module's own AST. Parsed once (with
 * typescript-eslint's parser, scope analysis included; no tokens, no types), lazily per question:
 *
 * - `value`: a pool, client or instance (`export const pool = new Pool()`), or a function returning or
 *   resolving to one (`export const getDb = () => db`);
 * - `sinks`: the parameters a function passes on to a driver's SQL argument (`export function query(text)
 *   { return pool.query(text) }`), through same-file and imported wrappers too — the program pass's
 *   `ParamSink` shape, without the text around the parameter;
 * - `acquisition`: a function every return of which is a connection freshly checked out
 *   (`export async function getClient() { return pool.connect() }`);
 * - `constant`: the text of a string constant (`export const SET_PATH = 'SET search_path …'`) or of a
 *   property of an exported object of them.
 *
 * Exports are `export …`, `export { a as b }`, `export … from`, `export * from`, `export default`, and
 * CommonJS `module.exports = …` / `exports.name = …`. Anything else is unknown.
 */
import { ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { callsOf, enclosingFunction, isFunction, propName, stringValue, unwrap, type FunctionNode } from '../ast/nodes.js';
import type { AcquireSpec } from '../drivers/catalog/types.js';
import { objectProperty } from '../drivers/creations.js';
import { parameterIndex, scopeResolver } from '../drivers/user-functions.js';
import { asImported, returnedExpressions, sameFileFunction, type CalleeResolver } from '../drivers/values.js';
import type { DriverModel } from '../drivers/index.js';
import type { Declaration, DeclaredNode } from '../drivers/declared.js';
import type { ImportedValue } from '../drivers/imports.js';
import type { ParamSink, ValuesFlow } from '../program/sinks.js';
import type { ModuleFile } from './files.js';
import { importedExport, nameOf } from '../drivers/imports.js';
import { importedCallee, parseModule } from './syntax.js';

/** A sink of an exported function: the program pass's shape, with no text around the parameter. */
export type ExportSink = Omit<ParamSink, 'before' | 'after'>;

/** Where an export's value is: a node of this module, or an export of another module. */
type Target = { readonly node: TSESTree.Node } | { readonly from: string; readonly name: string };

/** What the summary asks of other modules (the module graph, `./index.ts`). */
export interface Imports {
  /**
   * The summary of the module `source` names from `importer`, or undefined (unknown). Only modules that reach
   * a driver, unless `unreached`: a module of SQL constants imports nothing, and a class or function whose
   * annotations name a driver's types may import them with `import type` (not followed by the reach scan).
   */
  summaryOf(importer: string, source: string, unreached?: boolean): ModuleSummary | undefined;
  /** The driver model of a parsed module. */
  model(sourceCode: Readonly<TSESLint.SourceCode>, file: string): DriverModel;
}

const MAX_DEPTH = 6;
/** Exports read for their declarations only: classes and types (`export interface WithClient { … }`). */
const DECLARED = new Set(['ClassDeclaration', 'ClassExpression', 'TSInterfaceDeclaration', 'TSTypeAliasDeclaration']);

/** One project module's exports, as far as drivers go. */
export class ModuleSummary {
  private readonly sourceCode: Readonly<TSESLint.SourceCode>;
  private readonly model: DriverModel;
  private readonly resolver: CalleeResolver;
  private readonly exports = new Map<string, Target>();
  private readonly stars: string[] = [];
  private readonly sinkMemo = new Map<FunctionNode, readonly ExportSink[]>();
  private readonly busy = new Set<string>();
  private byFunction: Map<FunctionNode | undefined, TSESTree.CallExpression[]> | undefined;

  constructor(
    readonly file: ModuleFile,
    private readonly imports: Imports,
  ) {
    this.sourceCode = parseModule(file);
    this.resolver = scopeResolver(this.sourceCode);
    this.model = imports.model(this.sourceCode, file.path);
    this.readExports(this.sourceCode.ast);
  }

  /**
   * The driver value an export is, or a function returning one.
   * @example summary.value('pool') // { kind: 'pg.Pool' }
   */
  value(name: string): ImportedValue | undefined {
    return this.follow<ImportedValue>(name, (target) => {
      const fn = this.functionOf(target);
      if (fn) {
        const { expressions, bare } = returnedExpressions(fn, this.sourceCode.visitorKeys);
        const values = bare ? [] : expressions.map((e) => this.model.anyValueOf(e));
        const first = values[0];
        if (!first || first.callable || values.some((v) => v?.kind !== first.kind || v.callable)) return undefined;
        return asImported({ ...first, async: false }, first.async || fn.async ? 'resolves' : 'returns');
      }
      return asImported(this.model.anyValueOf(target.node));
    }, (summary, from) => summary.value(from));
  }

  /**
   * An exported class, function, interface or type alias as its annotations declare it: a class's fields
   * (`pool: Pool`), the parameters of the callbacks it is given (`task: (db: Database) => …`, an interface's call
   * signature `(callback: (client: PoolClient) => …)`).
   * @example summary.declaration('Database')?.field('pool') // { value: { kind: 'pg.Pool' } }
   */
  declaration(name: string): Declaration | undefined {
    return this.follow(name, (target) => {
      const node = unwrap(target.node);
      const own = DECLARED.has(node.type) || isFunction(node);
      return own ? this.model.declaration?.(node as DeclaredNode) : undefined;
    }, (summary, from) => summary.declaration(from), true);
  }

  /**
   * The sinks of an exported function, or of a function-valued property `prop` of an exported object.
   * @example summary.sinks('query') // [{ param: 0, kind: 'pg.Pool', form: 'query', … }]
   */
  sinks(name: string, prop?: string): readonly ExportSink[] {
    return this.follow(name, (target) => {
      const fn = this.functionOf(target, prop);
      return fn ? this.sinksOf(fn, 0) : undefined;
    }, (summary, from) => summary.sinks(from, prop)) ?? [];
  }

  /**
   * How an exported function's result is released, when every return hands back a fresh checkout.
   * @example summary.acquisition('getClient') // { release: { method: 'release' } }
   */
  acquisition(name: string, prop?: string): AcquireSpec | undefined {
    return this.follow(name, (target) => {
      const fn = this.functionOf(target, prop);
      return fn ? this.acquisitionOf(fn) : undefined;
    }, (summary, from) => summary.acquisition(from, prop));
  }

  /**
   * The text of an exported string constant, or of property `prop` of an exported object literal.
   * @example summary.constant('QUERIES', 'setPath') // 'SET search_path TO app'
   */
  constant(name: string, prop?: string): string | undefined {
    return this.follow(name, (target) => {
      let node: TSESTree.Node | undefined = 'node' in target ? this.initOf(target.node) : undefined;
      if (node && prop !== undefined) node = objectProperty(node, prop, this.resolver.constInit);
      return stringValue(node && this.initOf(node));
    }, (summary, from) => summary.constant(from, prop), true);
  }

  /** Answers for an export: here, through a re-export, or through `export * from`. Cycles are unknown. */
  private follow<T>(
    name: string,
    here: (target: { node: TSESTree.Node }) => T | undefined,
    there: (summary: ModuleSummary, name: string) => T | undefined,
    unreached = false,
  ): T | undefined {
    if (this.busy.has(name)) return undefined;
    this.busy.add(name);
    try {
      const target = this.exports.get(name);
      if (target && 'node' in target) return here(target);
      if (target) {
        const summary = this.imports.summaryOf(this.file.path, target.from, unreached);
        return summary && there(summary, target.name);
      }
      if (name === 'default') return undefined;
      for (const source of this.stars) {
        const summary = this.imports.summaryOf(this.file.path, source, unreached);
        const found = summary && there(summary, name);
        if (found !== undefined) return found;
      }
      return undefined;
    } catch {
      return undefined; // odd code: unknown, never a crash
    } finally {
      this.busy.delete(name);
    }
  }

  private initOf(node: TSESTree.Node): TSESTree.Node | undefined {
    const target = unwrap(node);
    return target.type === 'Identifier' ? (this.resolver.constInit(target) ?? target) : target;
  }

  private functionOf(target: { node: TSESTree.Node }, prop?: string): FunctionNode | undefined {
    let node: TSESTree.Node | undefined = unwrap(target.node);
    if (prop !== undefined) {
      const object = this.initOf(node);
      node = object && objectProperty(object, prop, this.resolver.constInit);
    }
    if (!node) return undefined;
    if (isFunction(node)) return node;
    return node.type === 'Identifier' ? sameFileFunction(node, this.resolver) : undefined;
  }

  private callsIn(fn: FunctionNode): readonly TSESTree.CallExpression[] {
    if (!this.byFunction) {
      this.byFunction = new Map();
      for (const call of callsOf(this.sourceCode.ast, this.sourceCode.visitorKeys)) {
        if (call.type !== 'CallExpression') continue;
        const owner = enclosingFunction(call);
        const list = this.byFunction.get(owner);
        if (list) list.push(call);
        else this.byFunction.set(owner, [call]);
      }
    }
    return this.byFunction.get(fn) ?? [];
  }

  private sinksOf(fn: FunctionNode, depth: number): readonly ExportSink[] {
    const known = this.sinkMemo.get(fn);
    if (known) return known;
    if (depth > MAX_DEPTH) return [];
    this.sinkMemo.set(fn, []); // recursion: no sink through this path
    const found: ExportSink[] = [];
    for (const call of this.callsIn(fn)) {
      const sink = this.model.sinkOf(call);
      const param = (node: TSESTree.Node | undefined) => {
        const target = node && unwrap(node);
        return target?.type === 'Identifier' ? parameterIndex(fn, target, this.resolver) : -1;
      };
      if (sink) {
        const index = param(sink.sql);
        if (index < 0 || (sink.form !== 'text' && sink.form !== 'query')) continue;
        const callee = unwrap(call.callee);
        const receiverParam = callee.type === 'MemberExpression' ? param(callee.object) : -1;
        found.push({
          param: index,
          form: sink.form,
          driver: sink.receiver.driver,
          kind: sink.receiver.kind,
          inTransaction: sink.inTransaction,
          direct: sink.receiver.direct,
          values: this.valuesFlow(fn, call.arguments[call.arguments.indexOf(sink.sql as TSESTree.CallExpressionArgument) + 1]),
          ...(receiverParam >= 0 ? { receiverParam } : {}),
        });
        continue;
      }
      for (const inner of this.innerSinks(call, depth)) {
        const index = param(call.arguments[inner.param]);
        if (index < 0) continue;
        const receiverParam = inner.receiverParam === undefined ? -1 : param(call.arguments[inner.receiverParam]);
        const values = typeof inner.values === 'number' ? this.valuesFlow(fn, call.arguments[inner.values]) : inner.values;
        const { receiverParam: _inner, ...rest } = inner;
        found.push({ ...rest, param: index, values, ...(receiverParam >= 0 ? { receiverParam } : {}) });
      }
    }
    this.sinkMemo.set(fn, found);
    return found;
  }

  /** The sinks of a function this module calls: its own, or one it imports. */
  private innerSinks(call: TSESTree.CallExpression, depth: number): readonly ExportSink[] {
    const own = sameFileFunction(call.callee, this.resolver);
    if (own) return this.sinksOf(own, depth + 1);
    const found = this.importedSummary(call);
    return found?.summary.sinks(found.imported.name, found.imported.prop) ?? [];
  }

  /** The summary of the module a callee of this module is imported from, and the name it imports. */
  private importedSummary(call: TSESTree.CallExpression) {
    const imported = importedCallee(call.callee, this.resolver);
    const summary = imported && this.imports.summaryOf(this.file.path, imported.source);
    return imported && summary && { summary, imported };
  }

  private valuesFlow(fn: FunctionNode, arg: TSESTree.Node | undefined): ValuesFlow {
    if (!arg || isFunction(arg)) return 'none';
    const target = unwrap(arg);
    if (target.type === 'ArrayExpression' && target.elements.length === 0) return 'none';
    if (target.type === 'Identifier' && target.name === 'undefined') return 'none';
    const index = target.type === 'Identifier' ? parameterIndex(fn, target, this.resolver) : -1;
    return index >= 0 ? index : 'always';
  }

  private acquisitionOf(fn: FunctionNode): AcquireSpec | undefined {
    const { expressions, bare } = returnedExpressions(fn, this.sourceCode.visitorKeys);
    if (bare || expressions.length === 0) return undefined;
    let found: AcquireSpec | undefined;
    for (const expression of expressions) {
      let node = unwrap(expression);
      if (node.type === 'AwaitExpression') node = unwrap(node.argument);
      if (node.type === 'Identifier') {
        const init = this.resolver.constInit(node);
        node = init ? unwrap(init) : node;
        if (node.type === 'AwaitExpression') node = unwrap(node.argument);
      }
      if (node.type !== 'CallExpression') return undefined;
      const spec = this.model.callOf(node)?.spec.acquires ?? this.innerAcquisition(node);
      if (!spec || (found && JSON.stringify(found) !== JSON.stringify(spec))) return undefined;
      found = spec;
    }
    return found;
  }

  private innerAcquisition(call: TSESTree.CallExpression): AcquireSpec | undefined {
    const own = sameFileFunction(call.callee, this.resolver);
    if (own) return undefined; // one level: a same-file helper's helper is not followed
    const found = this.importedSummary(call);
    return found?.summary.acquisition(found.imported.name, found.imported.prop);
  }

  private readExports(ast: TSESTree.Program): void {
    const set = (name: string, target: Target) => {
      if (!this.exports.has(name)) this.exports.set(name, target);
    };
    for (const statement of ast.body) {
      if (statement.type === 'ExportAllDeclaration') {
        if (!statement.exported && statement.exportKind !== 'type') this.stars.push(statement.source.value);
      } else if (statement.type === 'ExportNamedDeclaration') {
        const declaration = statement.declaration;
        if ((declaration?.type === 'TSInterfaceDeclaration' || declaration?.type === 'TSTypeAliasDeclaration') && declaration.id.type === 'Identifier') {
          set(declaration.id.name, { node: declaration });
        }
        if (statement.exportKind === 'type') {
          // `export type { Db } from './instance'`: a declaration of another module (`declaration`), never a value.
          if (statement.source) for (const specifier of statement.specifiers) set(nameOf(specifier.exported), { from: statement.source.value, name: nameOf(specifier.local) });
          continue;
        }
        if (declaration?.type === 'VariableDeclaration') {
          for (const d of declaration.declarations) if (d.id.type === 'Identifier') set(d.id.name, { node: d.init ?? d.id });
        } else if ((declaration?.type === 'FunctionDeclaration' || declaration?.type === 'ClassDeclaration') && declaration.id) {
          set(declaration.id.name, { node: declaration });
        }
        for (const specifier of statement.specifiers) {
          const exported = nameOf(specifier.exported);
          const local = nameOf(specifier.local);
          if (statement.source) set(exported, { from: statement.source.value, name: local });
          else if (specifier.local.type === 'Identifier') set(exported, this.localTarget(specifier.local));
        }
      } else if (statement.type === 'ExportDefaultDeclaration') {
        const declaration = statement.declaration;
        set('default', declaration.type === 'Identifier' ? this.localTarget(declaration) : { node: declaration });
      } else if (statement.type === 'ExpressionStatement') {
        this.commonJsExport(statement.expression);
      }
    }
  }

  /** `module.exports = { pool, query }`, `module.exports = pool`, `exports.pool = pool`, `module.exports.query = …`. */
  private commonJsExport(expression: TSESTree.Expression): void {
    if (expression.type !== 'AssignmentExpression' || expression.operator !== '=' || expression.left.type !== 'MemberExpression') return;
    const left = expression.left;
    const value = unwrap(expression.right);
    const target = (node: TSESTree.Node): Target => (node.type === 'Identifier' ? this.localTarget(node) : { node });
    if (isModuleExports(left)) {
      this.exports.set('*', target(value));
      this.exports.set('default', target(value));
      if (value.type !== 'ObjectExpression') return;
      for (const property of value.properties) {
        const key = property.type === 'Property' ? propName(property) : undefined;
        if (key !== undefined && property.type === 'Property') this.exports.set(key, target(unwrap(property.value)));
      }
      return;
    }
    const object = unwrap(left.object);
    const key = propName(left);
    const onExports = (object.type === 'Identifier' && object.name === 'exports') || (object.type === 'MemberExpression' && isModuleExports(object));
    if (onExports && key !== undefined) this.exports.set(key, target(value));
  }

  /** An identifier of this module: what it is bound to here, or the import it names. */
  private localTarget(id: TSESTree.Identifier): Target {
    const scope = this.sourceCode.getScope(this.sourceCode.ast);
    const variable = ASTUtils.findVariable(scope.childScopes[0]?.type === 'module' ? scope.childScopes[0] : scope, id.name);
    const def = variable?.defs[0];
    if (def?.type === 'ImportBinding' && def.parent.type === 'ImportDeclaration') {
      return { from: def.parent.source.value, name: importedExport(def.node) };
    }
    if (def?.type === 'FunctionName' || def?.type === 'ClassName' || def?.type === 'Type') return { node: def.node };
    if (def?.type === 'Variable' && def.node.id.type === 'Identifier' && def.node.init) return { node: def.node.init };
    return { node: id };
  }
}

function isModuleExports(node: TSESTree.Node): boolean {
  return node.type === 'MemberExpression' && unwrap(node.object).type === 'Identifier' &&
    (unwrap(node.object) as TSESTree.Identifier).name === 'module' && propName(node) === 'exports';
}


