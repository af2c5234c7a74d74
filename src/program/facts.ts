/**
 * What the program pass knows about one TypeScript program: the checker, driver kinds by type, string
 * values of constants, and the declarations calls lead to. One instance per program and settings,
 * shared by every file and rule linted against that program; all answers are memoised and lazy.
 */
import type * as ts from 'typescript';
import { KINDS, methodNames } from '../drivers/catalog/index.js';
import type { CallSpec } from '../drivers/catalog/types.js';
import type { ValueKind } from '../drivers/kinds.js';
import type { DriverSpecifier } from '../drivers/settings.js';
import { createTypeKindOf, type TypedKind } from '../drivers/typed.js';
import { stringValuesOf, type StringValues } from './constants.js';
import { CallNames } from './names.js';

/** A function-like declaration with a body: what a summary is computed for. */
export type FunctionLike =
  | ts.FunctionDeclaration
  | ts.MethodDeclaration
  | ts.FunctionExpression
  | ts.ArrowFunction;

/** A driver method call found by type in the TS AST: `recv.method(…)`. */
export interface TsDriverCall {
  readonly kind: ValueKind;
  readonly method: string;
  readonly spec: CallSpec;
  /** The receiver expression (`recv` of `recv.method(…)`). */
  readonly receiver: ts.Expression;
}

/** Methods that send SQL (`query`, `unsafe`, `none`, `raw`, …). */
export const SQL_METHODS = methodNames((spec) => spec.sql !== undefined);
/** Methods that check a connection out (`connect`, `reserve`, …). */
export const ACQUIRE_METHODS = methodNames((spec) => spec.acquires !== undefined);
/** Methods that take a callback with driver values (`tx`, `begin`, `transaction`, …). */
export const CALLBACK_METHODS = methodNames((spec) => spec.callback !== undefined);

/** The settings the pass depends on. */
export interface FactSettings {
  readonly specifiers: readonly DriverSpecifier[];
  readonly directUrlPattern: RegExp;
  readonly cwd: string;
}

/** Facts of one program (see the module comment). */
export class ProgramFacts {
  readonly checker: ts.TypeChecker;
  readonly values: StringValues;
  private readonly kindOfType: (type: ts.Type) => TypedKind | undefined;
  private readonly declarations = new Map<ts.Node, FunctionLike | null>();
  private callNames: CallNames | undefined;

  constructor(
    readonly tsApi: typeof ts,
    readonly program: ts.Program,
    readonly settings: FactSettings,
  ) {
    this.checker = program.getTypeChecker();
    this.values = stringValuesOf(program, tsApi);
    this.kindOfType = createTypeKindOf(settings.specifiers, settings.cwd);
  }

  /**
   * Strips parentheses, `await`, `as`, `satisfies`, `!` and `<T>x` around an expression.
   * @example facts.strip(tsNodeOf('(await pool.connect())!')) // the call
   */
  strip(node: ts.Expression): ts.Expression {
    const t = this.tsApi;
    let current = node;
    while (
      t.isParenthesizedExpression(current) || t.isAwaitExpression(current) || t.isAsExpression(current) ||
      t.isSatisfiesExpression(current) || t.isNonNullExpression(current) || t.isTypeAssertionExpression(current)
    ) {
      current = current.expression;
    }
    return current;
  }

  /**
   * The driver kind of an expression's type (`pg.Pool`, `postgres.TransactionSql`, …).
   * @example facts.kindOf(receiver)?.kind // 'pg.PoolClient'
   */
  kindOf(node: ts.Node): TypedKind | undefined {
    try {
      return this.kindOfType(this.checker.getTypeAtLocation(node));
    } catch {
      return undefined; // a node the checker cannot type: no kind
    }
  }

  /**
   * The driver method a call invokes, by the type of its receiver, when its name is one of `methods`
   * (other calls are not typed: most calls of a program are no driver calls).
   * @example facts.driverCall(tsCall, SQL_METHODS)?.spec.sql // { arg: 0, form: 'query' }
   */
  driverCall(call: ts.CallExpression, methods: ReadonlySet<string>): TsDriverCall | undefined {
    const t = this.tsApi;
    const callee = this.strip(call.expression);
    if (!t.isPropertyAccessExpression(callee) || !methods.has(callee.name.text)) return undefined;
    const receiver = callee.expression;
    const kind = this.kindOf(receiver)?.kind;
    const known = kind && KINDS[kind].methods;
    const method = callee.name.text;
    const spec = known && Object.hasOwn(known, method) ? known[method] : undefined;
    return kind && spec ? { kind, method, spec, receiver } : undefined;
  }

  /**
   * Whether a call can run a project function that reaches one of `methods` (`x.method(…)`) through
   * its body or the functions it calls, by name and without the checker (`CallNames`): a summary is
   * worth asking for only then.
   * @example facts.mayCall(tsCall /* repo.findUser(id) *\/, SQL_METHODS) // true when findUser calls pool.query
   */
  mayCall(call: ts.CallExpression, methods: ReadonlySet<string>): boolean {
    const name = this.calleeName(call);
    return name !== undefined && this.names().reaches(name.text, methods);
  }

  /**
   * The function a call runs when it is a function or method of the project (not of a package or a
   * declaration file): a function, a method, or an arrow/function bound to a `const`, a property or a
   * class field; for a method of an interface, the one object-literal member of the project that
   * implements it. Re-exports and aliases are followed.
   * @example facts.calledFunction(tsCall /* query('SELECT 1') *\/) // the ArrowFunction of `export const query = …`
   */
  calledFunction(call: ts.CallExpression): FunctionLike | undefined {
    const known = this.declarations.get(call);
    if (known !== undefined) return known ?? undefined;
    let found: FunctionLike | undefined;
    try {
      found = this.findCalledFunction(call);
    } catch {
      found = undefined; // the checker failed on odd code: no summary
    }
    this.declarations.set(call, found ?? null);
    return found;
  }

  /**
   * The index of the parameter of `fn` an expression names, or undefined.
   * @example facts.parameterIndex(fn, identifier /* text *\/) // 0
   */
  parameterIndex(fn: FunctionLike, node: ts.Expression): number | undefined {
    const target = this.strip(node);
    if (!this.tsApi.isIdentifier(target)) return undefined;
    const declaration = this.symbolOf(target)?.valueDeclaration;
    if (!declaration || !this.tsApi.isParameter(declaration) || declaration.parent !== fn) return undefined;
    if (!this.tsApi.isIdentifier(declaration.name) || declaration.dotDotDotToken) return undefined;
    return fn.parameters.indexOf(declaration);
  }

  /**
   * The symbol a name refers to, through import aliases.
   * @example facts.symbolOf(identifier)?.valueDeclaration
   */
  symbolOf(node: ts.Node): ts.Symbol | undefined {
    let symbol = this.checker.getSymbolAtLocation(node);
    if (symbol && symbol.flags & this.tsApi.SymbolFlags.Alias) symbol = this.checker.getAliasedSymbol(symbol);
    return symbol;
  }

  /**
   * A `const` declared inside `fn` (any depth), with its initialiser.
   * @example facts.localConst(fn, identifier)?.initializer
   */
  localConst(fn: ts.Node, node: ts.Expression): ts.VariableDeclaration | undefined {
    const t = this.tsApi;
    if (!t.isIdentifier(node)) return undefined;
    const declaration = this.symbolOf(node)?.valueDeclaration;
    if (!declaration || !t.isVariableDeclaration(declaration) || !declaration.initializer) return undefined;
    if ((t.getCombinedNodeFlags(declaration) & t.NodeFlags.Const) === 0) return undefined;
    return declaration.getSourceFile() === fn.getSourceFile() && declaration.pos >= fn.pos && declaration.end <= fn.end
      ? declaration
      : undefined;
  }

  /**
   * Whether a driver value expression comes from a direct (unpooled) connection string: its declaration's
   * initialiser names an environment variable or config key matching `directUrlPattern`.
   * @example facts.isDirect(receiver) // true for `export const pool = new Pool({ connectionString: process.env.DIRECT_URL })`
   */
  isDirect(node: ts.Expression | undefined): boolean {
    const t = this.tsApi;
    const target = node && this.strip(node);
    if (!target) return false;
    const name = t.isPropertyAccessExpression(target) ? target.name : target;
    const declaration = this.symbolOf(name)?.valueDeclaration;
    const init =
      declaration && (t.isVariableDeclaration(declaration) || t.isPropertyDeclaration(declaration))
        ? declaration.initializer
        : undefined;
    if (!init) return false;
    const pattern = this.settings.directUrlPattern;
    let direct = false;
    const visit = (child: ts.Node): void => {
      if (direct) return;
      if (t.isPropertyAccessExpression(child) && pattern.test(child.name.text)) direct = true;
      else if (t.isStringLiteral(child) && pattern.test(child.text)) direct = true;
      else child.forEachChild(visit);
    };
    visit(init);
    return direct;
  }

  private findCalledFunction(call: ts.CallExpression): FunctionLike | undefined {
    const name = this.calleeName(call);
    // `x.name(…)` costs the type of `x`: asked only when the project declares a function of that name.
    if (!name || (this.tsApi.isPropertyAccessExpression(name.parent) && !this.names().declares(name.text))) return undefined;
    const symbol = this.symbolOf(name);
    const found = new Set<FunctionLike>();
    for (const declaration of symbol?.declarations ?? []) {
      if (this.isExternal(declaration.getSourceFile())) continue;
      const fn = this.functionOf(declaration) ?? this.implementationOf(declaration, name.text);
      if (fn) found.add(fn);
    }
    return found.size === 1 ? [...found][0] : undefined;
  }

  /**
   * The one function that implements an interface (or type literal) method: the member of an object
   * literal of the project whose contextual type is that interface (`createDb(pool): DB { return { query:
   * (t) => pool.query(t) } }`). Undefined when there is none or more than one.
   */
  private implementationOf(declaration: ts.Declaration, name: string): FunctionLike | undefined {
    const t = this.tsApi;
    if (!t.isMethodSignature(declaration) && !t.isPropertySignature(declaration)) return undefined;
    const found = new Set<FunctionLike>();
    for (const member of this.names().objectMembers(name)) {
      const property = this.checker.getContextualType(member.parent as ts.ObjectLiteralExpression)?.getProperty(name);
      if (!property?.declarations?.includes(declaration)) continue;
      const fn = this.functionOf(member);
      if (fn) found.add(fn);
    }
    return found.size === 1 ? [...found][0] : undefined;
  }

  /** The name a call's callee ends in: `f` of `f(…)`, `name` of `x.name(…)`. */
  private calleeName(call: ts.CallExpression): ts.Identifier | ts.MemberName | undefined {
    const t = this.tsApi;
    const callee = this.strip(call.expression);
    return t.isPropertyAccessExpression(callee) ? callee.name : t.isIdentifier(callee) ? callee : undefined;
  }

  /** The program's function names and the names they call: one syntactic walk of the project's files. */
  private names(): CallNames {
    this.callNames ??= new CallNames(
      this.tsApi,
      this.program.getSourceFiles().filter((file) => !this.isExternal(file)),
      { functionOf: (declaration) => this.functionOf(declaration), strip: (node) => this.strip(node) },
    );
    return this.callNames;
  }

  /** The function a declaration declares or binds, when it has a body. */
  private functionOf(declaration: ts.Declaration): FunctionLike | undefined {
    const t = this.tsApi;
    if ((t.isFunctionDeclaration(declaration) || t.isMethodDeclaration(declaration)) && declaration.body) return declaration;
    const init =
      t.isVariableDeclaration(declaration) || t.isPropertyAssignment(declaration) || t.isPropertyDeclaration(declaration)
        ? declaration.initializer
        : undefined;
    if (t.isVariableDeclaration(declaration) && (t.getCombinedNodeFlags(declaration) & t.NodeFlags.Const) === 0) return undefined;
    const value = init && this.strip(init);
    return value && (t.isArrowFunction(value) || t.isFunctionExpression(value)) ? value : undefined;
  }

  private isExternal(file: ts.SourceFile): boolean {
    return file.isDeclarationFile || this.program.isSourceFileFromExternalLibrary(file) || file.fileName.includes('/node_modules/');
  }
}
