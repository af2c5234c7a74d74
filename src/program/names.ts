/**
 * A syntactic index of a program's own functions, by name: which names the project declares as
 * functions (declarations, methods, function-valued consts, properties and fields, `x.name = …`, and
 * the aliases imports and exports give them), and which names each one's body calls. Built in one walk
 * of the project's files, without the checker.
 *
 * It answers, before any checker question, whether a call can lead to a given driver method: only a
 * call of a declared name whose body, or the body of a name it calls (transitively), calls one of
 * those methods (`items.map((x) => …)` is no driver call: the catalog's argument shape rules it out).
 * A summary (`sinks.ts`, `acquisitions.ts`) is worth computing only for such calls. Names
 * over-approximate (two functions of one name count as one), so the answer is never "no" for a call
 * that can.
 */
import type * as ts from 'typescript';
import { METHOD_NAMES, mayBeDriverMethod } from '../drivers/catalog/index.js';

/** How the program pass reads declarations and expressions (`ProgramFacts`), so the index agrees with it. */
export interface NameReader {
  /** The function a declaration declares or binds, when it has a body. */
  functionOf(declaration: ts.Declaration): ts.FunctionLikeDeclaration | undefined;
  /** An expression without parentheses, `await`, `as`, `satisfies`, `!`. */
  strip(node: ts.Expression): ts.Expression;
}

/** The key of a method called as `x.name(…)` in the name graph (a function's key is its bare name). */
const methodKey = (name: string) => `.${name}`;

/** The function names of one program and the names their bodies call. */
export class CallNames {
  /**
   * Every declared function name (and alias) → what its body calls: function names (`f(…)`, and
   * `x.f(…)`, which may call a project method `f`) and method keys (`x.f(…)` that may be a driver call).
   */
  private readonly calls = new Map<string, Set<string>>();
  private readonly reaching = new Map<ReadonlySet<string>, ReadonlySet<string>>();
  /** Function-valued members of object literals by name (`{ query: (t) => pool.query(t) }`, `{ query(t) { … } }`). */
  private readonly literalMembers = new Map<string, (ts.PropertyAssignment | ts.MethodDeclaration)[]>();
  /** The names of the functions whose bodies hold the node being visited (calls count for all of them). */
  private readonly enclosing: string[] = [];

  /**
   * Indexes the given files (the project's own, not declaration files or packages).
   * @example new CallNames(tsApi, projectFiles, reader)
   */
  constructor(
    private readonly tsApi: typeof ts,
    files: Iterable<ts.SourceFile>,
    private readonly reader: NameReader,
  ) {
    for (const file of files) this.visit(file);
  }

  /**
   * Whether the project declares a function (or alias) of this name.
   * @example names.declares('findUser') // true for `export async function findUser(id) { … }`
   */
  declares(name: string): boolean {
    return this.calls.has(name);
  }

  /**
   * The function-valued members of the project's object literals named `name`: the candidates that
   * implement an interface method of that name.
   * @example names.objectMembers('query') // [PropertyAssignment `query: (text) => pool.query(text)`]
   */
  objectMembers(name: string): readonly (ts.PropertyAssignment | ts.MethodDeclaration)[] {
    return this.literalMembers.get(name) ?? [];
  }

  /**
   * Whether a function of this name can reach a call of one of `methods` (`x.method(…)`), through the
   * names its body calls. Memoised per method set.
   * @example names.reaches('runQuery', SQL_METHODS) // true for `const runQuery = (t) => pool.query(t)`
   */
  reaches(name: string, methods: ReadonlySet<string>): boolean {
    if (!this.calls.has(name)) return false;
    let names = this.reaching.get(methods);
    if (!names) this.reaching.set(methods, (names = this.namesReaching(methods)));
    return names.has(name);
  }

  private namesReaching(methods: ReadonlySet<string>): ReadonlySet<string> {
    const callers = new Map<string, string[]>();
    for (const [caller, callees] of this.calls) {
      for (const callee of callees) {
        const list = callers.get(callee);
        if (list) list.push(caller);
        else callers.set(callee, [caller]);
      }
    }
    const queue = [...methods].map(methodKey);
    const found = new Set<string>(queue);
    for (let key = queue.pop(); key !== undefined; key = queue.pop()) {
      for (const caller of callers.get(key) ?? []) {
        if (!found.has(caller)) {
          found.add(caller);
          queue.push(caller);
        }
      }
    }
    return found;
  }

  private declare(name: string, callee?: string): void {
    let callees = this.calls.get(name);
    if (!callees) this.calls.set(name, (callees = new Set()));
    if (callee !== undefined && callee !== name) callees.add(callee);
  }

  private readonly visit = (node: ts.Node): void => {
    const t = this.tsApi;
    const kind = t.SyntaxKind;
    const depth = this.enclosing.length;
    switch (node.kind) {
      case kind.FunctionDeclaration:
      case kind.MethodDeclaration:
      case kind.VariableDeclaration:
      case kind.PropertyAssignment:
      case kind.PropertyDeclaration:
        this.declareFunction(node as ts.FunctionDeclaration | ts.MethodDeclaration | ts.VariableDeclaration | ts.PropertyAssignment | ts.PropertyDeclaration);
        break;
      case kind.CallExpression:
        this.noteCall(node as ts.CallExpression);
        break;
      case kind.ImportSpecifier:
      case kind.ExportSpecifier: {
        const specifier = node as ts.ImportSpecifier | ts.ExportSpecifier;
        // `{ query as run }`: run → query
        if (specifier.propertyName && !specifier.isTypeOnly) this.declare(specifier.name.text, specifier.propertyName.text);
        break;
      }
      case kind.ImportClause: {
        const clause = node as ts.ImportClause;
        if (clause.name && !clause.isTypeOnly) this.declare(clause.name.text, 'default');
        break;
      }
      case kind.ExportAssignment: {
        const expression = (node as ts.ExportAssignment).expression;
        if (t.isIdentifier(expression)) this.declare('default', expression.text); // `export default query`
        break;
      }
      case kind.BinaryExpression: {
        const { left, operatorToken, right } = node as ts.BinaryExpression;
        if (operatorToken.kind !== kind.EqualsToken || !t.isPropertyAccessExpression(left)) break;
        const value = this.reader.strip(right);
        this.declare(left.name.text, t.isIdentifier(value) ? value.text : undefined); // `db.query = run`
        if (t.isArrowFunction(value) || t.isFunctionExpression(value)) this.enclosing.push(left.name.text);
        break;
      }
    }
    t.forEachChild(node, this.visit);
    if (this.enclosing.length !== depth) this.enclosing.length = depth;
  };

  private noteCall(call: ts.CallExpression): void {
    if (this.enclosing.length === 0) return;
    const t = this.tsApi;
    const callee = this.reader.strip(call.expression);
    const isMethod = t.isPropertyAccessExpression(callee);
    const name = isMethod ? callee.name.text : t.isIdentifier(callee) ? callee.text : undefined;
    if (name === undefined) return;
    // `items.map((x) => …)` is no driver call: every driver takes SQL where that function sits.
    const asMethod = isMethod && (!METHOD_NAMES.has(name) || mayBeDriverMethod(name, call.arguments.map(this.argShape)));
    for (const caller of this.enclosing) {
      this.declare(caller, name);
      if (asMethod) this.declare(caller, methodKey(name));
    }
  }

  /** An argument's node type as the catalog's shape test reads it (ESTree names for functions). */
  private readonly argShape = (arg: ts.Expression): { type: string } => ({
    type: this.tsApi.isArrowFunction(arg) ? 'ArrowFunctionExpression' : this.tsApi.isFunctionExpression(arg) ? 'FunctionExpression' : 'Other',
  });

  /** A function declaration, or a declaration bound to a function: its name (and `default`) enclose its body. */
  private declareFunction(
    node: ts.FunctionDeclaration | ts.MethodDeclaration | ts.VariableDeclaration | ts.PropertyAssignment | ts.PropertyDeclaration,
  ): void {
    const t = this.tsApi;
    const name = node.name;
    if (!name || !(t.isIdentifier(name) || t.isStringLiteral(name) || t.isPrivateIdentifier(name))) return;
    if (!this.reader.functionOf(node)) return;
    if ((t.isPropertyAssignment(node) || t.isMethodDeclaration(node)) && t.isObjectLiteralExpression(node.parent)) {
      const list = this.literalMembers.get(name.text);
      if (list) list.push(node);
      else this.literalMembers.set(name.text, [node]);
    }
    this.declare(name.text);
    this.enclosing.push(name.text);
    if (t.isFunctionDeclaration(node) && node.modifiers?.some((m) => m.kind === t.SyntaxKind.DefaultKeyword)) {
      this.declare('default');
      this.enclosing.push('default');
    }
  }
}
