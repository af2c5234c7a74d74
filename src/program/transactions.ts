/**
 * Callback transaction summaries: a project function that sends `BEGIN` on a connection and then calls
 * its callback parameter with that connection (`withTransaction(fn)`: `await c.query('BEGIN'); await
 * fn(c); await c.query('COMMIT')`) runs the callback's statements on that connection inside a
 * transaction. Read in source order of the function's own body (nested functions are not followed),
 * from literal SQL text only.
 */
import type * as ts from 'typescript';
import { KINDS } from '../drivers/catalog/index.js';
import { analyzeSqlHazards } from '../sql/index.js';
import { SQL_METHODS, type FunctionLike, type ProgramFacts } from './facts.js';

/** Per callback parameter: the argument positions that get a connection with a transaction open on it. */
export type CallbackTransactions = ReadonlyMap<number, ReadonlySet<number>>;

const SINGLE_CONNECTION = new Set(['client', 'connection', 'transaction']);

/** Callback transaction summaries of one program, memoised per declaration. */
export class CallbackTransactionSummaries {
  private readonly memo = new Map<ts.Node, CallbackTransactions>();

  constructor(private readonly facts: ProgramFacts) {}

  /**
   * Which callback parameters of `fn` it calls inside a transaction, and with which arguments.
   * @example summaries.of(withTransactionDeclaration).get(0) // Set { 0 }: `fn(c)` after BEGIN on c
   */
  of(fn: FunctionLike): CallbackTransactions {
    let known = this.memo.get(fn);
    if (!known) {
      try {
        known = this.compute(fn);
      } catch {
        known = new Map(); // the checker failed on odd code
      }
      this.memo.set(fn, known);
    }
    return known;
  }

  private compute(fn: FunctionLike): CallbackTransactions {
    const t = this.facts.tsApi;
    const open = new Set<ts.Symbol>();
    const calls = new Map<number, boolean[]>();
    const symbolOf = (node: ts.Expression) => {
      const target = this.facts.strip(node);
      return t.isIdentifier(target) ? this.facts.symbolOf(target) : undefined;
    };
    const note = (call: ts.CallExpression) => {
      const param = this.facts.parameterIndex(fn, call.expression);
      if (param !== undefined) {
        const passed = call.arguments.map((arg) => {
          const symbol = t.isSpreadElement(arg) ? undefined : symbolOf(arg);
          return symbol !== undefined && open.has(symbol);
        });
        const before = calls.get(param);
        calls.set(param, before ? passed.map((p, i) => p && before[i] === true) : passed);
        return;
      }
      const driverCall = this.facts.driverCall(call, SQL_METHODS);
      const text = call.arguments[0];
      if (!driverCall || !SINGLE_CONNECTION.has(KINDS[driverCall.kind].role) || !text || !t.isStringLiteralLike(text)) return;
      const symbol = symbolOf(driverCall.receiver);
      if (!symbol) return;
      const effect = analyzeSqlHazards(text.text).transactionEffect;
      if (effect === 'opens') open.add(symbol);
      else if (effect === 'closes') open.delete(symbol);
    };
    const visit = (node: ts.Node): void => {
      if (t.isFunctionLike(node) || t.isClassLike(node)) return;
      node.forEachChild(visit);
      if (t.isCallExpression(node)) note(node);
    };
    fn.body?.forEachChild(visit);
    const summary = new Map<number, Set<number>>();
    for (const [param, passed] of calls) {
      const positions = new Set(passed.flatMap((inside, index) => (inside ? [index] : [])));
      if (positions.size > 0) summary.set(param, positions);
    }
    return summary;
  }
}
