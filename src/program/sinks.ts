/**
 * Sink summaries: a function or method whose parameter reaches the SQL argument of a driver call
 * (directly, through `const`s of its body, `+` or a template) is itself a sink for that parameter.
 * Summaries are computed lazily per declaration, in the declaring file's TS AST, and are transitive:
 * a call inside the body to another summarised function counts like a driver call (cycle guard,
 * depth limit).
 */
import type * as ts from 'typescript';
import { KINDS } from '../drivers/catalog/index.js';
import type { DriverId, ValueKind } from '../drivers/kinds.js';
import type { SqlFragment } from '../sql/types.js';
import { CALLBACK_METHODS, SQL_METHODS, type FunctionLike, type ProgramFacts, type TsDriverCall } from './facts.js';
import { EMPTY_FRAGMENT, holeFragment, isEmpty, joinFragments, textFragment } from './fragments.js';

/**
 * How a call sends bound values: never, always, or when the caller passes the wrapper parameter at
 * this index (`query(text, params = [])`).
 */
export type ValuesFlow = 'none' | 'always' | number;

/** One parameter of a function that reaches a driver's SQL argument. */
export interface ParamSink {
  /** The parameter's index. */
  readonly param: number;
  /** The text the function puts before and after the parameter. */
  readonly before: SqlFragment;
  readonly after: SqlFragment;
  /** `query`: the parameter is the whole argument of a sink that also takes a query config (`{ text, name }`). */
  readonly form: 'text' | 'query';
  readonly driver: DriverId;
  readonly kind: ValueKind;
  /** The sink runs inside a transaction (a transaction handle, a transaction callback, after `BEGIN`). */
  readonly inTransaction: boolean;
  /** The sink's connection comes from a direct (unpooled) connection string. */
  readonly direct: boolean;
  readonly values: ValuesFlow;
  /** The parameter that is the connection the SQL goes through (`run(client, text)`), if any. */
  readonly receiverParam?: number;
}

/** Where a parameter sits in an expression's text. */
interface Shape {
  readonly param: number;
  readonly before: SqlFragment;
  readonly after: SqlFragment;
}

const MAX_DEPTH = 6;
const MAX_SHAPE_DEPTH = 8;
const OPENS = /^\s*(?:BEGIN|START\s+TRANSACTION)\b/i;
const CLOSES = /^\s*(?:COMMIT|ROLLBACK|END|ABORT)\b(?!\s+TO\b)/i;

/** Sink summaries of one program, memoised per declaration. */
export class SinkSummaries {
  private readonly memo = new Map<ts.Node, readonly ParamSink[]>();
  /** The functions being summarised, outermost first. */
  private readonly stack: ts.Node[] = [];
  /** Functions whose summary was cut short by recursion into an outer one: not memoised. */
  private readonly provisional = new Set<ts.Node>();

  constructor(private readonly facts: ProgramFacts) {}

  /**
   * The parameters of `fn` that reach a driver's SQL argument (empty for most functions).
   * @example summaries.of(fnOf('export const query = (text: string) => pool.query(text)'))
   *   // [{ param: 0, driver: 'pg', kind: 'pg.Pool', form: 'query', … }]
   */
  of(fn: FunctionLike, depth = 0): readonly ParamSink[] {
    const known = this.memo.get(fn);
    if (known) return known;
    const outer = this.stack.indexOf(fn);
    if (outer >= 0) {
      // Recursion: no sink through this path, and the summaries in between are incomplete for now.
      for (const inner of this.stack.slice(outer + 1)) this.provisional.add(inner);
      return [];
    }
    if (depth > MAX_DEPTH) return [];
    this.stack.push(fn);
    let found: ParamSink[] = [];
    try {
      found = this.compute(fn, depth);
    } catch {
      found = []; // the checker failed on odd code: no summary
    }
    this.stack.pop();
    if (!this.provisional.delete(fn)) this.memo.set(fn, found);
    return found;
  }

  private compute(fn: FunctionLike, depth: number): ParamSink[] {
    const t = this.facts.tsApi;
    const found: ParamSink[] = [];
    const open = new Set<ts.Symbol>();
    const visit = (node: ts.Node): void => {
      node.forEachChild(visit); // arguments before the call: source order of evaluation
      if (!t.isCallExpression(node)) return;
      const driverCall = this.facts.driverCall(node, SQL_METHODS);
      if (driverCall) {
        found.push(...this.driverSinks(fn, node, driverCall, open));
        return;
      }
      const callee = this.facts.mayCall(node, SQL_METHODS) ? this.facts.calledFunction(node) : undefined;
      if (callee && callee !== fn) found.push(...this.throughCall(fn, node, this.of(callee, depth + 1)));
    };
    if (fn.body) visit(fn.body);
    return found;
  }

  /** A driver call in `fn`'s body whose SQL argument carries a parameter of `fn`. */
  private driverSinks(
    fn: FunctionLike,
    call: ts.CallExpression,
    driverCall: TsDriverCall,
    open: Set<ts.Symbol>,
  ): ParamSink[] {
    const t = this.facts.tsApi;
    const spec = driverCall.spec.sql;
    const arg = spec && call.arguments[spec.arg];
    if (!spec || !arg || spec.role === 'fragment' || spec.form === 'token') return [];
    const receiverSymbol = this.facts.symbolOf(this.facts.strip(driverCall.receiver));
    const began = receiverSymbol !== undefined && open.has(receiverSymbol);
    this.noteTransactionText(arg, receiverSymbol, open);
    let shape: Shape | undefined;
    let values = this.valuesFlow(fn, call.arguments[spec.arg + 1]);
    let form = spec.form;
    const config = this.facts.strip(arg);
    if (spec.form === 'query' && t.isObjectLiteralExpression(config)) {
      const text = property(t, config, 'text');
      shape = text && this.shapeOf(fn, text, 0);
      const bound = property(t, config, 'values');
      if (bound) values = this.valuesFlow(fn, bound);
      form = 'text';
    } else {
      shape = this.shapeOf(fn, arg, 0);
      if (shape && (!isEmpty(shape.before) || !isEmpty(shape.after))) form = 'text';
    }
    if (!shape) return [];
    const kind = driverCall.kind;
    const receiverParam = this.facts.parameterIndex(fn, driverCall.receiver);
    return [
      {
        ...shape,
        form,
        driver: KINDS[kind].driver,
        kind,
        inTransaction: began || this.inTransaction(call, driverCall, spec.transactionOption),
        direct: this.facts.isDirect(driverCall.receiver),
        values,
        ...(receiverParam !== undefined ? { receiverParam } : {}),
      },
    ];
  }

  /** `client.query('BEGIN')` … `client.query('COMMIT')` in the body: follows open transactions per connection. */
  private noteTransactionText(arg: ts.Expression, receiver: ts.Symbol | undefined, open: Set<ts.Symbol>): void {
    if (!receiver) return;
    const texts = this.facts.values.of(arg);
    if (texts?.length !== 1) return;
    if (OPENS.test(texts[0]!)) open.add(receiver);
    else if (CLOSES.test(texts[0]!)) open.delete(receiver);
  }

  /** The sink's connection is a transaction (by kind, by a transaction callback, or by an options argument). */
  private inTransaction(
    call: ts.CallExpression,
    driverCall: TsDriverCall,
    transactionOption: number | undefined,
  ): boolean {
    const t = this.facts.tsApi;
    const spec = KINDS[driverCall.kind];
    if (spec.inTransaction || spec.role === 'transaction' || this.facts.kindOf(driverCall.receiver)?.inTransaction) {
      return true;
    }
    const options = transactionOption === undefined ? undefined : call.arguments[transactionOption];
    const object = options && this.facts.strip(options);
    if (object && t.isObjectLiteralExpression(object) && property(t, object, 'transaction')) return true;
    return this.isTransactionCallbackParam(driverCall.receiver);
  }

  /** `db.tx(t => t.none(text))`: the receiver is a parameter of a driver's transaction callback. */
  private isTransactionCallbackParam(receiver: ts.Expression): boolean {
    const t = this.facts.tsApi;
    const target = this.facts.strip(receiver);
    const declaration = t.isIdentifier(target) ? this.facts.symbolOf(target)?.valueDeclaration : undefined;
    if (!declaration || !t.isParameter(declaration)) return false;
    const callback = declaration.parent;
    const call = callback.parent;
    if (!(t.isArrowFunction(callback) || t.isFunctionExpression(callback)) || !call || !t.isCallExpression(call)) return false;
    const functions = call.arguments.filter((arg) => t.isArrowFunction(arg) || t.isFunctionExpression(arg));
    if (functions.at(-1) !== callback) return false;
    const produced = this.facts.driverCall(call, CALLBACK_METHODS)?.spec.callback?.params[callback.parameters.indexOf(declaration)];
    return produced?.inTransaction === true;
  }

  /** A call in `fn`'s body to a summarised function: its sinks, seen from `fn`'s parameters. */
  private throughCall(fn: FunctionLike, call: ts.CallExpression, inner: readonly ParamSink[]): ParamSink[] {
    const found: ParamSink[] = [];
    for (const sink of inner) {
      const arg = call.arguments[sink.param];
      const shape = arg && this.shapeOf(fn, arg, 0);
      if (!shape) continue;
      const receiverArg = sink.receiverParam === undefined ? undefined : call.arguments[sink.receiverParam];
      const receiverParam = receiverArg && this.facts.parameterIndex(fn, receiverArg);
      const values = typeof sink.values === 'number' ? this.valuesFlow(fn, call.arguments[sink.values]) : sink.values;
      const whole = isEmpty(shape.before) && isEmpty(shape.after);
      const { receiverParam: _inner, ...rest } = sink;
      found.push({
        ...rest,
        param: shape.param,
        before: joinFragments(sink.before, shape.before),
        after: joinFragments(shape.after, sink.after),
        form: whole ? sink.form : 'text',
        values,
        ...(receiverParam !== undefined ? { receiverParam } : {}),
      });
    }
    return found;
  }

  /** Bound values: absent, a parameter of `fn`, an empty array literal (none), or anything else. */
  private valuesFlow(fn: FunctionLike, arg: ts.Expression | undefined): ValuesFlow {
    const t = this.facts.tsApi;
    if (!arg || t.isArrowFunction(arg) || t.isFunctionExpression(arg)) return 'none';
    const target = this.facts.strip(arg);
    if (t.isArrayLiteralExpression(target) && target.elements.length === 0) return 'none';
    if (target.kind === t.SyntaxKind.UndefinedKeyword || (t.isIdentifier(target) && target.text === 'undefined')) return 'none';
    return this.facts.parameterIndex(fn, target) ?? 'always';
  }

  /** Where a parameter of `fn` sits in an expression's text, when exactly one does. */
  private shapeOf(fn: FunctionLike, node: ts.Expression, depth: number): Shape | undefined {
    if (depth > MAX_SHAPE_DEPTH) return undefined;
    const t = this.facts.tsApi;
    const expression = this.facts.strip(node);
    const param = this.facts.parameterIndex(fn, expression);
    if (param !== undefined) return { param, before: EMPTY_FRAGMENT, after: EMPTY_FRAGMENT };
    const local = this.facts.localConst(fn, expression);
    if (local?.initializer) return this.shapeOf(fn, local.initializer, depth + 1);
    if (t.isBinaryExpression(expression) && expression.operatorToken.kind === t.SyntaxKind.PlusToken) {
      return this.sequence(fn, [expression.left, expression.right], depth);
    }
    if (t.isTemplateExpression(expression)) {
      const pieces: Array<ts.Expression | string> = [expression.head.text];
      for (const span of expression.templateSpans) pieces.push(span.expression, span.literal.text);
      return this.sequence(fn, pieces, depth);
    }
    return undefined;
  }

  /** Pieces of text one after the other, exactly one of which carries a parameter. */
  private sequence(fn: FunctionLike, pieces: ReadonlyArray<ts.Expression | string>, depth: number): Shape | undefined {
    let carrier: { index: number; shape: Shape } | undefined;
    for (const [index, piece] of pieces.entries()) {
      const shape = typeof piece === 'string' ? undefined : this.shapeOf(fn, piece, depth + 1);
      if (!shape) continue;
      if (carrier) return undefined; // two parameters in one text: neither is the statement alone
      carrier = { index, shape };
    }
    if (!carrier) return undefined;
    const text = (piece: ts.Expression | string): SqlFragment => {
      if (typeof piece === 'string') return textFragment(piece);
      const values = this.facts.values.of(piece);
      return values?.length === 1 ? textFragment(values[0]!) : holeFragment('raw');
    };
    const before = pieces.slice(0, carrier.index).map(text).reduce(joinFragments, EMPTY_FRAGMENT);
    const after = pieces.slice(carrier.index + 1).map(text).reduce(joinFragments, EMPTY_FRAGMENT);
    return {
      param: carrier.shape.param,
      before: joinFragments(before, carrier.shape.before),
      after: joinFragments(carrier.shape.after, after),
    };
  }
}

/** The initialiser of a plain property `key` of an object literal. */
function property(t: typeof ts, object: ts.ObjectLiteralExpression, key: string): ts.Expression | undefined {
  for (const member of object.properties) {
    if (t.isPropertyAssignment(member) && (t.isIdentifier(member.name) || t.isStringLiteral(member.name)) && member.name.text === key) {
      return member.initializer;
    }
    if (t.isShorthandPropertyAssignment(member) && member.name.text === key) return member.name;
  }
  return undefined;
}
