/**
 * Connection hooks: functions a driver runs each time it opens a connection (through a pooler, a new
 * client connection, not a new server connection). A session `SET` there is applied to whichever server
 * connection the pooler hands out for that one statement, and leaks to other clients:
 * pg `pool.on('connect', …)` and `onConnect`, knex `pool.afterCreate`, Sequelize `afterConnect`,
 * pg-promise's `connect` init option.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES, ASTUtils } from '@typescript-eslint/utils';
import { constInitializer, resolveSqlText, type ResolveOptions } from '../ast/sql-text.js';
import { isFunction, propName, stringValue, walk, type FunctionNode, type VisitorKeys } from '../ast/nodes.js';
import type { DriverModel, DriverValue } from '../drivers/index.js';
import { sameFileFunction, type CalleeResolver } from '../drivers/values.js';
import { analyzeSqlHazards } from '../sql/index.js';
import { objectLiteral, objectProperty, type SqlUse } from './uses.js';

/** Where each driver takes a connection hook in its config: a property path to the function. */
const CONFIG_HOOKS: ReadonlyArray<{ kinds: readonly string[]; path: readonly string[] }> = [
  { kinds: ['pg.Pool'], path: ['onConnect'] },
  { kinds: ['knex.Knex'], path: ['pool', 'afterCreate'] },
  { kinds: ['sequelize.Sequelize'], path: ['hooks', 'afterConnect'] },
  { kinds: ['pgp.Main'], path: ['connect'] },
];

/** Hook registrations by method call: `pool.on('connect', fn)`, `sequelize.addHook('afterConnect', fn)`. */
const CALL_HOOKS: ReadonlyArray<{ kinds: readonly string[]; method: string; event?: string }> = [
  { kinds: ['pg.Pool'], method: 'on', event: 'connect' },
  { kinds: ['sequelize.Sequelize'], method: 'addHook', event: 'afterConnect' },
  { kinds: ['sequelize.Sequelize'], method: 'afterConnect' },
];

const HOOK_METHODS = new Set(CALL_HOOKS.map((hook) => hook.method));

/** Collects the hook functions of a file as the walk meets their registrations. */
export class HookCollector {
  readonly #hooks = new Map<FunctionNode, DriverValue>();
  readonly #resolver: CalleeResolver;

  constructor(
    private readonly model: DriverModel,
    private readonly options: ResolveOptions,
  ) {
    this.#resolver = {
      variableOf: (id) => ASTUtils.findVariable(options.getScope(id), id) ?? undefined,
      constInit: (id) => constInitializer(id, options.getScope(id)),
    };
  }

  /** A hook as written: an inline function, or a function of this file named there (`pool.on('connect', onConnect)`). */
  #hookFunction(node: TSESTree.Node | undefined): FunctionNode | undefined {
    if (isFunction(node)) return node;
    return node?.type === AST_NODE_TYPES.Identifier ? sameFileFunction(node, this.#resolver) : undefined;
  }

  /** Whether a function is a connection hook. */
  has(fn: FunctionNode | undefined): boolean {
    return fn !== undefined && this.#hooks.has(fn);
  }

  /** Records the hooks a call or `new` registers. Called in source order (a named hook's body may come before). */
  note(node: TSESTree.CallExpression | TSESTree.NewExpression): void {
    // Which driver API a call is costs a type question in typed lint: asked only of a call given a config that
    // names a hook (`{ onConnect }`, `{ pool: { afterCreate } }`), not of every call of the file.
    const configs = node.arguments.flatMap((arg) => {
      const config = objectLiteral(arg, this.options);
      return config && CONFIG_HOOKS.some((hook) => objectProperty(config, hook.path[0]!, this.options)) ? [config] : [];
    });
    const kind = configs.length > 0 ? this.model.callOf(node)?.spec.result?.kind : undefined;
    const created = kind && this.model.valueOf(node);
    if (kind && created) {
      for (const hook of CONFIG_HOOKS) {
        if (!hook.kinds.includes(kind)) continue;
        for (const config of configs) {
          const fn = this.#path(config, hook.path);
          if (fn) this.#hooks.set(fn, created);
        }
      }
    }
    if (node.type !== AST_NODE_TYPES.CallExpression || node.callee.type !== AST_NODE_TYPES.MemberExpression) return;
    const method = propName(node.callee);
    if (method === undefined || !HOOK_METHODS.has(method)) return;
    const owner = this.model.valueOf(node.callee.object);
    if (!owner) return;
    for (const hook of CALL_HOOKS) {
      if (hook.method !== method || !hook.kinds.includes(owner.kind)) continue;
      const args = hook.event === undefined ? node.arguments : node.arguments.slice(1);
      if (hook.event !== undefined && stringValue(node.arguments[0]) !== hook.event) continue;
      for (const arg of args) {
        const fn = this.#hookFunction(arg);
        if (fn) this.#hooks.set(fn, owner);
      }
    }
  }

  #path(config: TSESTree.ObjectExpression, path: readonly string[]): FunctionNode | undefined {
    let current: TSESTree.Node | undefined = config;
    for (const key of path) {
      const object: TSESTree.ObjectExpression | undefined = current && objectLiteral(current, this.options);
      current = object && objectProperty(object, key, this.options)?.value;
    }
    return this.#hookFunction(current);
  }

  /**
   * The SQL each hook sends on the connection it is given: `conn.query(text)` on its first parameter, or
   * on `e.client` (pg-promise).
   */
  uses(keys: VisitorKeys): SqlUse[] {
    const uses: SqlUse[] = [];
    for (const [fn, owner] of this.#hooks) {
      const param = fn.params[0];
      if (param?.type !== AST_NODE_TYPES.Identifier) continue;
      walk(fn.body, keys, (node) => {
        if (node.type !== AST_NODE_TYPES.CallExpression || node.callee.type !== AST_NODE_TYPES.MemberExpression) return;
        if (propName(node.callee) !== 'query' || !isConnection(node.callee.object, param.name)) return;
        const sql = node.arguments[0];
        if (!sql || sql.type === AST_NODE_TYPES.SpreadElement) return;
        const candidates = resolveSqlText(sql, this.options).map((resolved) => ({ resolved, analysis: analyzeSqlHazards(resolved.fragment) }));
        uses.push({
          node,
          receiver: node.callee.object,
          value: owner,
          sqlNode: sql,
          candidates,
          inTransaction: false,
          withValues: node.arguments.length > 1,
        });
      });
    }
    return uses;
  }
}

function isConnection(node: TSESTree.Node, param: string): boolean {
  if (node.type === AST_NODE_TYPES.Identifier) return node.name === param;
  return (
    node.type === AST_NODE_TYPES.MemberExpression &&
    node.object.type === AST_NODE_TYPES.Identifier &&
    node.object.name === param &&
    propName(node) === 'client'
  );
}
