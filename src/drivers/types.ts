/** The public types of the driver model (re-exported by `src/drivers/index.ts`). */
import type { TSESTree } from '@typescript-eslint/utils';
import type { CallLike } from '../ast/nodes.js';
import type { CallSpec } from './catalog/types.js';
import type { Declaration, DeclaredNode } from './declared.js';
import type { DriverId, ValueKind } from './kinds.js';

/** A driver value: what an expression evaluates to, as far as the plugin can tell. */
export interface DriverValue {
  driver: DriverId;
  /** e.g. 'pg.Pool' | 'pg.PoolClient' | 'postgres.Sql' | 'knex.Transaction' …; see `ValueKind`. */
  kind: ValueKind;
  /** The handle runs inside a transaction (tx/begin/transaction callback params, trx from knex.transaction()). */
  inTransaction: boolean;
  /** Created from a direct (unpooled) connection string: session state is fine there. */
  direct: boolean;
  /** The creating call/new expression of the underlying pool/client, when known (for config inspection). */
  origin?: TSESTree.CallExpression | TSESTree.NewExpression;
  /** For wrappers (drizzle, kysely): the driver underneath (`drizzle(pool)` over pg → 'pg'). */
  via?: DriverId;
}

/** A pool, client or instance created in the file. */
export interface DriverCreation {
  driver: DriverId;
  kind: ValueKind;
  node: TSESTree.CallExpression | TSESTree.NewExpression;
  /** The config object: an object-literal argument, or the object literal a const argument is bound to. */
  config?: TSESTree.ObjectExpression;
  /** The connection-string argument or config property (`connectionString`, `url`, `connection`, …). */
  url?: TSESTree.Node;
  direct: boolean;
}

/** A call of a driver API: a method of a driver value, or a driver function/class/tag itself. */
export interface DriverCall {
  node: CallLike;
  /** The receiver of `target.method(…)`, or the value that is called, constructed or used as a tag. */
  target: DriverValue;
  /** The method name; undefined when `target` itself is called, constructed or used as a tag. */
  method: string | undefined;
  /** What the catalog says this call does (result, callbacks, acquisition, SQL argument). */
  spec: CallSpec;
}

/** A place where SQL text reaches a driver. */
export interface SqlSink {
  node: TSESTree.CallExpression | TSESTree.TaggedTemplateExpression;
  /**
   * The SQL: a string/template argument, a query config (`{ text, name }`), an SQL token built with a
   * tag (slonik, drizzle, Prisma), or a tagged template's quasi (`sql\`…\``).
   */
  sql: TSESTree.Node;
  /** `text` / `query` / `token` as in the catalog; `template` for a tagged template. */
  form: 'text' | 'query' | 'token' | 'template';
  /** `execute`: sent to the database here; `fragment`: built here, runs where it is embedded. */
  role: 'execute' | 'fragment';
  /** The value the SQL goes through (for a tag: the tag's value). */
  receiver: DriverValue;
  method: string | undefined;
  /** The receiver runs in a transaction, or the call passes one (`sequelize.query(sql, { transaction: t })`). */
  inTransaction: boolean;
}

/** Everything the driver analysis knows about one file; shared by all rules. */
export interface DriverModel {
  /** False when the file imports none of the drivers and has no typed receivers: rules can return {} at once. */
  readonly relevant: boolean;
  /** The driver value an expression evaluates to, or undefined. Cheap to call repeatedly (memoised per node). */
  valueOf(node: TSESTree.Node): DriverValue | undefined;
  /** Like `valueOf`, also a promise of a driver value (`async`) or a function returning one (`callable`). */
  anyValueOf(node: TSESTree.Node): (DriverValue & { readonly async?: boolean; readonly callable?: 'returns' | 'resolves' }) | undefined;
  /** Every pool/client/instance creation in the file with its driver, kind, config object and connection-string argument node. */
  readonly creations: readonly DriverCreation[];
  /** The driver API a call, `new` or tagged template invokes, or undefined. Memoised. */
  callOf(
    node: CallLike,
  ): DriverCall | undefined;
  /** Untyped lint: a class, function, interface or type alias of the file as its annotations declare it (the module pass). */
  declaration?(node: DeclaredNode): Declaration | undefined;
  /** The SQL a call or tagged template sends (or builds) through a driver, or undefined. */
  sinkOf(node: TSESTree.CallExpression | TSESTree.TaggedTemplateExpression): SqlSink | undefined;
  /**
   * A query builder's call or member the catalog does not model (`db.selectFrom('t').where(…)`, `offCatalogSource`),
   * found without asking the checker anything new.
   */
  offCatalog(node: TSESTree.Node): boolean;
}
