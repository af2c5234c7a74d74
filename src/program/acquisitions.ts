/**
 * Acquisition and release summaries for no-leaked-client. A function every `return` of which hands
 * back a connection freshly checked out of a pool (`return pool.connect()`, `const c = await
 * pool.connect(); …; return c`, or another such function's result) is an acquisition: its caller
 * must release what it gets. A function that always releases the connection passed at a parameter
 * (`client.release()` at the top level of its body, in `try`/`finally`, or behind `if (client)`) is
 * a release.
 */
import type * as ts from 'typescript';
import { RELEASES } from '../drivers/catalog/index.js';
import type { AcquireSpec } from '../drivers/catalog/types.js';
import { ACQUIRE_METHODS, type FunctionLike, type ProgramFacts } from './facts.js';

const MAX_DEPTH = 6;

/** Acquisition and release summaries of one program, memoised per declaration. */
export class HandleSummaries {
  private readonly acquisitions = new Map<ts.Node, AcquireSpec | null>();
  private readonly releaseMemo = new Map<string, boolean>();
  private readonly ids = new Map<ts.Node, number>();

  constructor(private readonly facts: ProgramFacts) {}

  /**
   * What calling `fn` acquires, when every `return` hands back a freshly checked-out connection.
   * @example summaries.acquisitionOf(fnOf('async function getClient() { return pool.connect(); }'))?.release
   *   // { method: 'release' }
   */
  acquisitionOf(fn: FunctionLike, depth = 0): AcquireSpec | undefined {
    const known = this.acquisitions.get(fn);
    if (known !== undefined) return known ?? undefined;
    if (depth > MAX_DEPTH) return undefined;
    this.acquisitions.set(fn, null); // recursion: not an acquisition
    let found: AcquireSpec | undefined;
    try {
      found = this.computeAcquisition(fn, depth);
    } catch {
      found = undefined; // the checker failed on odd code
    }
    this.acquisitions.set(fn, found ?? null);
    return found;
  }

  /**
   * Whether `fn` always releases the connection passed at parameter `index`.
   * @example summaries.releases(fnOf('function releaseClient(c: PoolClient) { c.release(); }'), 0) // true
   */
  releases(fn: FunctionLike, index: number, depth = 0): boolean {
    const key = `${this.idOf(fn)}:${index}`;
    const known = this.releaseMemo.get(key);
    if (known !== undefined) return known;
    if (depth > MAX_DEPTH) return false;
    this.releaseMemo.set(key, false); // recursion: not a release
    let found = false;
    try {
      found = this.computeRelease(fn, index, depth);
    } catch {
      found = false; // the checker failed on odd code
    }
    this.releaseMemo.set(key, found);
    return found;
  }

  private idOf(fn: ts.Node): number {
    let id = this.ids.get(fn);
    if (id === undefined) this.ids.set(fn, (id = this.ids.size));
    return id;
  }

  private computeAcquisition(fn: FunctionLike, depth: number): AcquireSpec | undefined {
    const t = this.facts.tsApi;
    const body = fn.body;
    if (!body) return undefined;
    const returned: ts.Expression[] = [];
    if (!t.isBlock(body)) returned.push(body);
    else {
      let bare = false;
      const visit = (node: ts.Node): void => {
        if (t.isFunctionLike(node) || t.isClassLike(node)) return;
        if (t.isReturnStatement(node)) {
          if (node.expression) returned.push(node.expression);
          else bare = true;
          return;
        }
        node.forEachChild(visit);
      };
      body.forEachChild(visit);
      if (bare) return undefined;
    }
    let spec: AcquireSpec | undefined;
    for (const expression of returned) {
      const found = this.acquiredBy(fn, expression, depth);
      if (!found || (spec && !sameRelease(spec, found))) return undefined;
      spec ??= found;
    }
    if (!spec) return undefined;
    const { callbackParams: _callbackForm, ...rest } = spec;
    return rest;
  }

  /** What an expression (a returned value) acquires: a driver acquisition, a summarised call, or a `const` holding one. */
  private acquiredBy(fn: FunctionLike, node: ts.Expression, depth: number): AcquireSpec | undefined {
    const t = this.facts.tsApi;
    const expression = this.facts.strip(node);
    if (t.isCallExpression(expression)) {
      const driverCall = this.facts.driverCall(expression, ACQUIRE_METHODS);
      const spec = driverCall?.spec.acquires;
      if (driverCall) {
        const callbackForm = spec?.callbackParams && expression.arguments.some((a) => t.isArrowFunction(a) || t.isFunctionExpression(a));
        return callbackForm ? undefined : spec;
      }
      const callee = this.facts.calledFunction(expression);
      return callee && callee !== fn ? this.acquisitionOf(callee, depth + 1) : undefined;
    }
    const local = this.facts.localConst(fn, expression);
    if (!local?.initializer || !t.isIdentifier(local.name)) return undefined;
    const spec = this.acquiredBy(fn, local.initializer, depth);
    return spec && !this.releasedOutsideCatch(fn, local) ? spec : undefined;
  }

  /** `client.release()` on the local anywhere but in a `catch` clause (releasing on failure and rethrowing is fine). */
  private releasedOutsideCatch(fn: FunctionLike, local: ts.VariableDeclaration): boolean {
    const t = this.facts.tsApi;
    const symbol = this.facts.symbolOf(local.name);
    let released = false;
    const visit = (node: ts.Node, inCatch: boolean): void => {
      if (released) return;
      if (t.isCatchClause(node)) inCatch = true;
      if (!inCatch && t.isCallExpression(node) && this.releasesSymbol(node, symbol)) released = true;
      node.forEachChild((child) => visit(child, inCatch));
    };
    if (fn.body) visit(fn.body, false);
    return released;
  }

  /** `x.release()` / `x.done()` with `x` the symbol, or `owner.releaseConnection(x)`. */
  private releasesSymbol(call: ts.CallExpression, symbol: ts.Symbol | undefined): boolean {
    const t = this.facts.tsApi;
    const callee = this.facts.strip(call.expression);
    if (!symbol || !t.isPropertyAccessExpression(callee)) return false;
    const method = callee.name.text;
    const refersTo = (node: ts.Expression) => {
      const target = this.facts.strip(node);
      return t.isIdentifier(target) && this.facts.symbolOf(target) === symbol;
    };
    if (RELEASES.methods.has(method) && refersTo(callee.expression)) return true;
    return RELEASES.ownerMethods.has(method) && call.arguments.some(refersTo);
  }

  private computeRelease(fn: FunctionLike, index: number, depth: number): boolean {
    const t = this.facts.tsApi;
    const param = fn.parameters[index];
    const body = fn.body;
    if (!param || !t.isIdentifier(param.name) || !body) return false;
    const symbol = this.facts.symbolOf(param.name);
    if (!symbol) return false;
    const passes = (call: ts.CallExpression): boolean => {
      if (this.releasesSymbol(call, symbol)) return true;
      const callee = this.facts.calledFunction(call);
      if (!callee || callee === fn) return false;
      return call.arguments.some((arg, at) => {
        const target = this.facts.strip(arg);
        return t.isIdentifier(target) && this.facts.symbolOf(target) === symbol && this.releases(callee, at, depth + 1);
      });
    };
    if (!t.isBlock(body)) return t.isCallExpression(this.facts.strip(body)) && passes(this.facts.strip(body) as ts.CallExpression);
    return this.unconditionalCalls(body, symbol).some(passes);
  }

  /**
   * Calls that run whenever the body completes normally: expression statements of the body, of
   * `finally` blocks and of `try` blocks without `catch`, and of `if (handle)` guards on the handle itself.
   */
  private unconditionalCalls(block: ts.Block, symbol: ts.Symbol): ts.CallExpression[] {
    const t = this.facts.tsApi;
    const calls: ts.CallExpression[] = [];
    const guardsHandle = (test: ts.Expression): boolean => {
      const target = this.facts.strip(test);
      return t.isIdentifier(target) && this.facts.symbolOf(target) === symbol;
    };
    const statements = (list: readonly ts.Statement[]): void => {
      for (const statement of list) {
        if (t.isExpressionStatement(statement)) {
          const expression = this.facts.strip(t.isVoidExpression(statement.expression) ? statement.expression.expression : statement.expression);
          if (t.isCallExpression(expression)) calls.push(expression);
        } else if (t.isBlock(statement)) statements(statement.statements);
        else if (t.isTryStatement(statement)) {
          // Without `catch`, a failure in `try` leaves the function: the `try` block runs whenever it completes.
          if (!statement.catchClause) statements(statement.tryBlock.statements);
          if (statement.finallyBlock) statements(statement.finallyBlock.statements);
        } else if (t.isIfStatement(statement) && !statement.elseStatement && guardsHandle(statement.expression)) {
          statements(t.isBlock(statement.thenStatement) ? statement.thenStatement.statements : [statement.thenStatement]);
        }
      }
    };
    statements(block.statements);
    return calls;
  }
}

function sameRelease(a: AcquireSpec, b: AcquireSpec): boolean {
  return JSON.stringify(a.release) === JSON.stringify(b.release);
}
