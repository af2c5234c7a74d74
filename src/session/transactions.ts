/**
 * Transaction scope across calls: `BEGIN … COMMIT` sent on the same connection within one function,
 * and TypeORM's `queryRunner.startTransaction()` / `commitTransaction()`.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES, ASTUtils } from '@typescript-eslint/utils';
import type { SourceCode } from '@typescript-eslint/utils/ts-eslint';
import { KINDS, type DriverModel, type ValueKind } from '../drivers/index.js';
import type { TransactionControl } from '../sql/types.js';
import type { ProgramPass } from '../program/index.js';
import type { SqlUse } from './uses.js';
import { enclosingFunction, isFunction, soleValueDefinition, unwrap, type FunctionNode } from '../ast/nodes.js';
import { callbackCall, sameFileFunction, type CalleeResolver } from '../drivers/values.js';
import { parameterId, parameterIndex, scopeResolver } from '../drivers/user-functions.js';

/** One connection, so that a `BEGIN` sent on it holds for the next call (a pool hands each call its own). */
function isSingleConnection(kind: ValueKind): boolean {
  const role = KINDS[kind].role;
  return role === 'client' || role === 'connection' || role === 'transaction';
}

const API_TRANSACTION_METHODS: Record<string, boolean> = {
  startTransaction: true,
  commitTransaction: false,
  rollbackTransaction: false,
};

/** Statements that only run inside a transaction. */
const INSIDE: ReadonlySet<TransactionControl | undefined> = new Set(['savepoint', 'release', 'rollback-to']);

/** Follows open transactions per (function, connection) in source order. */
export class TransactionTracker {
  readonly #open = new Map<unknown, Set<unknown>>();
  /**
   * Per function, per parameter it calls (`fn(c)` in a helper taking `fn`): for each argument position,
   * whether every such call passes a connection with a transaction open on it.
   */
  readonly #callsInTransaction = new Map<FunctionNode, Map<number, boolean[]>>();

  /** Scope lookups of the file, for same-file helpers and their parameters. */
  readonly #resolver: CalleeResolver;

  constructor(
    private readonly sourceCode: Readonly<SourceCode>,
    /** The program pass (typed lint): summaries of helpers in other modules. */
    private readonly program?: ProgramPass,
  ) {
    this.#resolver = scopeResolver(sourceCode);
  }

  /** A key for the connection an expression names: its variable, or `this.field`. */
  #key(receiver: TSESTree.Node): unknown {
    if (receiver.type === AST_NODE_TYPES.Identifier) {
      return ASTUtils.findVariable(this.sourceCode.getScope(receiver), receiver.name) ?? undefined;
    }
    if (receiver.type !== AST_NODE_TYPES.MemberExpression || receiver.property.type !== AST_NODE_TYPES.Identifier) {
      return undefined;
    }
    // TypeORM `queryRunner.manager` runs on the query runner's connection.
    if (receiver.property.name === 'manager') return this.#key(receiver.object);
    return receiver.object.type === AST_NODE_TYPES.ThisExpression ? `this.${receiver.property.name}` : undefined;
  }

  #set(node: TSESTree.Node, receiver: TSESTree.Node, open: boolean): void {
    const key = this.#key(receiver);
    if (key === undefined) return;
    const fn = enclosingFunction(node) ?? 'module';
    let keys = this.#open.get(fn);
    if (!keys) this.#open.set(fn, (keys = new Set()));
    if (open) keys.add(key);
    else keys.delete(key);
  }

  /**
   * Whether a transaction is open on the use's connection before it runs: opened earlier in the same
   * function, or in an enclosing one (a callback nested after `BEGIN`: `client.query('BEGIN', () => …)`,
   * `Promise.all(ids.map((id) => client.query(…)))`).
   */
  isOpen(use: SqlUse): boolean {
    if (!use.receiver || !isSingleConnection(use.value.kind)) return false;
    const key = this.#key(use.receiver);
    return key !== undefined && this.#openIn(use.node, key);
  }

  #openIn(node: TSESTree.Node, key: unknown): boolean {
    for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) {
      if (this.#open.get(fn)?.has(key)) return true;
    }
    return this.#open.get('module')?.has(key) === true;
  }

  /**
   * Records the transaction effect of SQL sent on a single connection; a text ending its transaction
   * control with a savepoint statement shows that one is open. Every candidate text counts: `nested ?
   * 'SAVEPOINT s' : 'BEGIN'` opens one, and the text closes it only when every candidate does (`ok ?
   * 'COMMIT' : 'ROLLBACK'`, not `nested ? 'RELEASE SAVEPOINT s' : 'COMMIT'`).
   */
  noteSql(use: SqlUse): void {
    if (!use.receiver || !isSingleConnection(use.value.kind) || use.candidates.length === 0) return;
    const effects = use.candidates.map(({ analysis }) => {
      // `SAVEPOINT`, `RELEASE` and `ROLLBACK TO` run only inside a transaction: one is open (begun elsewhere).
      const last = analysis.statements.findLast((statement) => statement.transactionControl !== undefined);
      return analysis.transactionEffect === 'none' && INSIDE.has(last?.transactionControl) ? 'opens' : analysis.transactionEffect;
    });
    if (effects.includes('opens')) this.#set(use.node, use.receiver, true);
    else if (effects.every((effect) => effect === 'closes')) this.#set(use.node, use.receiver, false);
  }

  /**
   * Records a call of the enclosing function's own parameter (`fn(c)` in `withTransaction(db, fn)`):
   * which arguments are connections with a transaction open at that point. Call in source order.
   */
  noteCall(node: TSESTree.CallExpression): void {
    const callee = node.callee;
    const fn = callee.type === AST_NODE_TYPES.Identifier ? enclosingFunction(node) : undefined;
    if (!fn || callee.type !== AST_NODE_TYPES.Identifier) return;
    const index = parameterIndex(fn, callee, this.#resolver);
    if (index < 0) return;
    const open = node.arguments.map((arg) => {
      const key = arg.type === AST_NODE_TYPES.SpreadElement ? undefined : this.#key(arg);
      return key !== undefined && this.#openIn(node, key);
    });
    let byParam = this.#callsInTransaction.get(fn);
    if (!byParam) this.#callsInTransaction.set(fn, (byParam = new Map()));
    const before = byParam.get(index);
    byParam.set(index, before ? open.map((o, i) => o && before[i] === true) : open);
  }

  /**
   * Whether the use runs on a callback's parameter that a same-file helper fills, inside a transaction it
   * opened, with the connection it calls the callback with: `withTransaction(pool, async (client) =>
   * client.query(…))` where the helper sends `BEGIN` on `c` and then calls `fn(c)`; a helper of another
   * module through the program pass. Ask after every call of the file was noted (the helper may come
   * after its use).
   */
  inCallbackTransaction(use: SqlUse): boolean {
    if (!use.receiver || use.receiver.type !== AST_NODE_TYPES.Identifier || !isSingleConnection(use.value.kind)) return false;
    const variable = this.#resolver.variableOf(use.receiver);
    const def = soleValueDefinition(variable);
    const callback = def?.type === 'Parameter' && isFunction(def.node) ? def.node : undefined;
    const call = callback?.parent;
    if (!callback || call?.type !== AST_NODE_TYPES.CallExpression) return false;
    const position = call.arguments.indexOf(callback as TSESTree.Expression);
    const param = callback.params.findIndex((_, i) => parameterId(callback, i) === def!.name);
    if (position < 0 || param < 0) return false;
    const helper = sameFileFunction(call.callee, this.#resolver);
    if (helper) return this.#callsInTransaction.get(helper)?.get(position)?.[param] === true;
    // A helper of another module (typed lint): its summary from the program pass.
    return this.program?.callbackInTransaction(call, position)?.has(param) === true;
  }

  /**
   * Whether the transaction around a use is decided out of sight: its single connection was handed to the
   * function by a caller (a parameter of a project function, a field or destructured part of one, `this.client`),
   * which may have opened a transaction on it (PostGraphile runs each mutation in one on the resolver's
   * `pgClient`; a helper of another module may call `fn(client)` after `BEGIN`). A connection the file checks out
   * or creates itself, a driver's callback parameter (`pool.connect((err, client) => …)`) and a pool are not.
   */
  scopeUnseen(use: SqlUse, model: DriverModel): boolean {
    if (!use.receiver || use.value.inTransaction || !isSingleConnection(use.value.kind)) return false;
    return this.#handedIn(use.receiver, model, 0);
  }

  #handedIn(node: TSESTree.Node, model: DriverModel, depth: number): boolean {
    let root = unwrap(node);
    while (root.type === AST_NODE_TYPES.MemberExpression) root = unwrap(root.object);
    if (root.type === AST_NODE_TYPES.ThisExpression) return true;
    if (root.type !== AST_NODE_TYPES.Identifier || depth > 3) return false;
    const def = soleValueDefinition(this.#resolver.variableOf(root));
    if (def?.type === 'Parameter' && isFunction(def.node)) return !this.#callerSeen(def.node, model);
    const init = def?.type === 'Variable' ? def.node.init : undefined;
    return init ? this.#handedIn(init.type === AST_NODE_TYPES.AwaitExpression ? init.argument : init, model, depth + 1) : false;
  }

  /**
   * Whether what calls a callback is in sight: a driver API (`pool.connect((err, client) => …)` hands a fresh
   * connection), a helper of this file, or one the program pass summarises (`withClient(async (client) => …)`).
   */
  #callerSeen(fn: FunctionNode, model: DriverModel): boolean {
    const call = callbackCall(fn, this.#resolver);
    if (!call) return false;
    if (model.callOf(call) || sameFileFunction(call.callee, this.#resolver)) return true;
    const position = call.arguments.indexOf(fn as TSESTree.Expression);
    return position >= 0 && this.program?.callbackInTransaction(call, position) !== undefined;
  }

  /** Records `queryRunner.startTransaction()` and its commit or rollback. */
  noteApiCall(node: TSESTree.CallExpression, model: DriverModel): void {
    const callee = node.callee;
    if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.property.type !== AST_NODE_TYPES.Identifier) return;
    const open = API_TRANSACTION_METHODS[callee.property.name];
    if (open === undefined || model.valueOf(callee.object)?.kind !== 'typeorm.QueryRunner') return;
    this.#set(node, callee.object, open);
  }
}
