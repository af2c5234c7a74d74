/** Builds the per-file driver model on top of the tracker: relevance, creations and SQL sinks. */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { analysisBudget, type AnalysisBudget } from '../ast/budget.js';
import { callsOf } from '../ast/nodes.js';
import { KINDS, moduleSpecOf } from './catalog/index.js';
import { moduleImports } from '../modules/index.js';
import type { ImportContext } from './imports.js';
import { readDriverSettings, type DriverSettings } from './settings.js';
import { Tracker } from './tracker.js';
import { offCatalogSource } from './transitions.js';
import { createTypedLookup, type TypedLookup } from './typed.js';
import type { DriverCall, DriverCreation, DriverModel, DriverValue, SqlSink } from './types.js';

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

const models = new WeakMap<TSESTree.Program, DriverModel>();

/**
 * The driver model of the file being linted: computed once per file (keyed by its AST) and shared
 * by all rules. Reads `settings.pooler.directUrlPattern` and `settings.pooler.driverSpecifiers`.
 * @example
 * const drivers = getDriverModel(context);
 * if (!drivers.relevant) return {};
 * return { CallExpression(node) { if (drivers.callOf(node)?.method === 'listen') … } };
 */
export function getDriverModel(context: Context): DriverModel {
  const ast = context.sourceCode.ast;
  let model = models.get(ast);
  if (!model) {
    model = createModel(context);
    models.set(ast, model);
  }
  return model;
}

function createModel(context: Context): DriverModel {
  const { sourceCode } = context;
  const settings = readDriverSettings(context.settings);
  const cwd = context.cwd;
  const typed = createTypedLookup(sourceCode, settings.specifiers, cwd);
  // Without types: values of project modules from their syntactic summaries (src/modules).
  const modules = typed ? undefined : moduleImports(context.filename, settings, cwd);
  const external = typed ?? modules;
  return createDriverModel({
    sourceCode,
    filename: context.filename,
    cwd,
    settings,
    typed,
    ...(external ? { reexported: external.reexported } : {}),
    ...(typed ? { reaches: typed.fileReaches } : modules ? { reaches: () => modules.reaches(sourceCode.text) } : {}),
    ...(modules ? { costly: true, declaration: modules.declaration, resolves: modules.resolves } : {}),
    budget: () => analysisBudget(sourceCode.ast),
  });
}

/** What a driver model is built from: a file's source, where it is, the settings and the cross-module lookups. */
export interface DriverModelInput {
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
  readonly filename: string;
  readonly cwd: string;
  readonly settings: DriverSettings;
  readonly typed: TypedLookup | undefined;
  /** What importing a name from a module that is no driver package gives (see `ImportContext.reexported`). */
  readonly reexported?: ImportContext['reexported'];
  /** Whether the file's imports reach a driver through other modules. */
  readonly reaches?: () => boolean;
  /** `reexported` costs a parse: asked only where a driver value can matter (see `ImportContext.costly`). */
  readonly costly?: boolean;
  /** Untyped: a class or function a project module exports (see `ImportContext.declaration`). */
  readonly declaration?: ImportContext['declaration'];
  /** Untyped: whether a bare specifier names a project module (see `ImportContext.resolves`). */
  readonly resolves?: ImportContext['resolves'];
  /** The analysis budget, asked when the first question is (most files are asked none). */
  readonly budget: () => AnalysisBudget;
}

/**
 * A driver model over any parsed module: the linted file's (`getDriverModel`) or a project module the
 * module pass summarises (`src/modules`).
 * @example createDriverModel({ sourceCode, filename, cwd, settings, typed: undefined, budget: () => budget }).sinkOf(call)
 */
export function createDriverModel(input: DriverModelInput): DriverModel {
  const { sourceCode, settings, typed } = input;
  // Built on the first question: most files are not relevant, and nothing asks them anything.
  let made: Tracker | undefined;
  const tracker = (): Tracker => (made ??= new Tracker({
    sourceCode,
    imports: {
      filename: input.filename,
      cwd: input.cwd,
      specifiers: settings.specifiers,
      ...(input.reexported ? { reexported: input.reexported } : {}),
      ...(input.costly ? { costly: true } : {}),
      ...(input.declaration ? { declaration: input.declaration } : {}),
      ...(input.resolves ? { resolves: input.resolves } : {}),
    },
    directUrlPattern: settings.directUrlPattern,
    typed,
    budget: input.budget(),
  }));
  let creations: DriverCreation[] | undefined;
  const sinks = new Map<TSESTree.Node, SqlSink | null>();
  return {
    relevant: isRelevant(
      sourceCode.ast,
      sourceCode.text,
      settings.specifiers.length > 0,
      input.reaches,
    ),
    valueOf(node: TSESTree.Node): DriverValue | undefined {
      const value = tracker().track(node);
      return value && !value.async && !value.callable ? value : undefined;
    },
    anyValueOf: (node) => tracker().track(node),
    get creations(): readonly DriverCreation[] {
      creations ??= findCreations(sourceCode, tracker());
      return creations;
    },
    callOf: (node) => tracker().callOf(node),
    offCatalog: (node) => offCatalogSource(tracker(), node, 0, false),
    declaration: (node) => tracker().declaration(node),
    sinkOf(node) {
      const known = sinks.get(node);
      if (known !== undefined) return known ?? undefined;
      const found = sinkOf(node, tracker());
      sinks.set(node, found ?? null);
      return found;
    },
  };
}

const SOURCE_CALL = /\b(?:require|import)\s*\(\s*['"`]([^'"`]+)['"`]/g;

/**
 * The file imports a driver module, or can hold driver values: by type (typed lint: `reachesTyped`,
 * whether its imports reach a driver's types), or through user specifiers (it imports something).
 */
function isRelevant(
  ast: TSESTree.Program,
  text: string,
  specifiers: boolean,
  reachesTyped: (() => boolean) | undefined,
): boolean {
  let imports = false;
  for (const statement of ast.body) {
    if (statement.type === 'ImportDeclaration' || statement.type === 'TSImportEqualsDeclaration') {
      imports = true;
      const source =
        statement.type === 'ImportDeclaration'
          ? statement.source.value
          : statement.moduleReference.type === 'TSExternalModuleReference'
            ? statement.moduleReference.expression.value
            : '';
      if (moduleSpecOf(source)) return true;
    }
  }
  // The regex only where it can match: its scan of the whole text costs more than these two.
  if (text.includes('require') || /import\s*\(/.test(text)) {
    for (const match of text.matchAll(SOURCE_CALL)) {
      imports = true;
      if (moduleSpecOf(match[1]!)) return true;
    }
  }
  return (specifiers && (imports || text.includes('import('))) || reachesTyped?.() === true;
}

function findCreations(sourceCode: Readonly<TSESLint.SourceCode>, tracker: Tracker): DriverCreation[] {
  const found: DriverCreation[] = [];
  for (const node of callsOf(sourceCode.ast, sourceCode.visitorKeys)) {
    if (node.type === 'TaggedTemplateExpression') continue;
    const call = tracker.callOf(node);
    const result = call?.spec.result;
    if (!result?.creates) continue;
    const parts = tracker.creationParts(node, result.creates);
    found.push({
      driver: KINDS[result.kind].driver,
      kind: result.kind,
      node,
      ...(parts.config ? { config: parts.config } : {}),
      ...(parts.url ? { url: parts.url } : {}),
      direct: tracker.track(node)?.direct === true,
    });
  }
  return found;
}

function sinkOf(node: TSESTree.CallExpression | TSESTree.TaggedTemplateExpression, tracker: Tracker): SqlSink | undefined {
  const call: DriverCall | undefined = tracker.callOf(node);
  if (!call) return undefined;
  const receiver = call.target;
  if (node.type === 'TaggedTemplateExpression') {
    const role = KINDS[receiver.kind].tag;
    return role
      ? { node, sql: node.quasi, form: 'template', role, receiver, method: undefined, inTransaction: receiver.inTransaction }
      : undefined;
  }
  const spec = call.spec.sql;
  const sql = spec && node.arguments[spec.arg];
  if (!spec || !sql || sql.type === 'SpreadElement') return undefined;
  const options = spec.transactionOption === undefined ? undefined : node.arguments[spec.transactionOption];
  const passesTransaction =
    options?.type === 'ObjectExpression' &&
    options.properties.some(
      (p) => p.type === 'Property' && !p.computed && p.key.type === 'Identifier' && p.key.name === 'transaction',
    );
  return {
    node,
    sql,
    form: spec.form,
    role: spec.role ?? 'execute',
    receiver,
    method: call.method,
    inTransaction: receiver.inTransaction || passesTransaction,
  };
}
