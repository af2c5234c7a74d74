/**
 * The shape of the driver catalog: data only. Each kind lists its properties, its methods and what
 * calling, constructing or tagging it does; the tracker follows values through these transitions.
 */
import type { DriverId, KindsOf, ValueKind, ValueRole } from '../kinds.js';

/** Where an argument (or a property of an object-literal argument) sits: `{ arg: 0, prop: 'client' }`. */
export interface ArgPath {
  readonly arg: number;
  readonly prop?: string;
}

/** How a new pool, client or instance is configured (for `DriverModel.creations`). */
export interface CreationSpec {
  /**
   * The arguments that may be a connection string (an object literal there is the config instead).
   * Default `[0]`. The config is the first object-literal argument.
   */
  readonly urlArgs?: readonly number[];
  /** Only treat an argument as a URL when the call has at most this many arguments (Sequelize). */
  readonly urlMaxArgs?: number;
}

/** A value a call, property, callback or constructor produces. */
export interface Produces {
  readonly kind: ValueKind;
  /** The value runs inside a transaction. */
  readonly inTransaction?: true;
  /** The call returns a promise of the value: `await x.m()` and `x.m().then(v => …)` give it. */
  readonly async?: true;
  /** This call creates a pool/client/instance: it is listed in `DriverModel.creations`. */
  readonly creates?: CreationSpec;
  /**
   * A wrapped driver value (`drizzle(pool)`, `new PostgresDialect({ pool })`): the first of these
   * that is a driver value gives the origin, `direct` and the underlying driver.
   */
  readonly wraps?: readonly ArgPath[];
  /** The driver underneath a wrapper (drizzle over pg or postgres.js). */
  readonly via?: DriverId;
}

/** The parameters of a function passed to a driver call (`db.tx(t => …)`), by parameter index. */
export interface CallbackSpec {
  readonly params: readonly (Produces | undefined)[];
}

/**
 * An acquisition: a call that checks a connection out of a pool and hands it to the caller, who
 * must give it back.
 */
export interface AcquireSpec {
  /**
   * How the handle is given back: a method of the handle (`client.release()`), or a method of the
   * owner called with the handle (`knex.client.releaseConnection(conn)`).
   */
  readonly release: { readonly method: string } | { readonly ownerMethod: string };
  /** The callback form `pool.connect((err, client, done) => …)`: parameter indexes. */
  readonly callbackParams?: { readonly error?: number; readonly handle: number; readonly done?: number };
  /**
   * The handle holds a connection only once one of its methods ran (TypeORM `createQueryRunner()`);
   * when `connectMethod` itself fails, nothing is held.
   */
  readonly lazy?: { readonly connectMethod: string };
  /** The release returns a promise worth awaiting (TypeORM `await queryRunner.release()`). */
  readonly awaitRelease?: true;
  /** What a leaked handle does, for messages (one or more sentences). */
  readonly consequence: string;
  /** What releasing twice does, when the driver says (pg throws). */
  readonly doubleRelease?: string;
}

/** Which argument of a call carries SQL, and in which form. */
export interface SqlArgSpec {
  readonly arg: number;
  /**
   * `text`: a string; `query`: a string or a query config (`{ text, name }`, a PreparedStatement);
   * `token`: an SQL token/fragment built with the driver's tag (slonik, drizzle `execute`, Prisma).
   */
  readonly form: 'text' | 'query' | 'token';
  /** `execute` sends it to the database; `fragment` builds SQL that runs where it is embedded. */
  readonly role?: 'execute' | 'fragment';
  /** An options argument whose `transaction` property puts the query in a transaction (Sequelize). */
  readonly transactionOption?: number;
}

/** What calling a method (or the value itself, or `new` on it) does. */
export interface CallSpec {
  /** The result when no callback argument is given (or always, for synchronous factories). */
  readonly result?: Produces;
  /** The parameters of the last function argument. */
  readonly callback?: CallbackSpec;
  /** `x.on(event, cb)`: the callback's parameters, by event name. */
  readonly events?: Readonly<Record<string, CallbackSpec>>;
  /** The call checks out a connection the caller must release. */
  readonly acquires?: AcquireSpec;
  /** The call sends or builds SQL. */
  readonly sql?: SqlArgSpec;
}

/** Everything the catalog says about one kind. */
export interface KindSpec {
  readonly driver: DriverId;
  readonly role: ValueRole;
  /** Property reads: `pg.Pool`, `dataSource.manager`. A string is shorthand for `{ kind }`. */
  readonly props?: Readonly<Record<string, ValueKind | Produces>>;
  /** Method calls: `pool.connect()`, `db.tx(cb)`. */
  readonly methods?: Readonly<Record<string, CallSpec>>;
  /** Calling the value: `postgres(url)`, `pgp(cn)`, `done()`. */
  readonly call?: CallSpec;
  /** `new` on the value: `new Pool(config)`. */
  readonly construct?: CallSpec;
  /** Using the value as a template tag: `sql\`…\``. */
  readonly tag?: 'execute' | 'fragment';
  /** Values of this kind always run inside a transaction (used for values found by type). */
  readonly inTransaction?: true;
}

/** The kinds of one driver, complete: `{ 'pg.module': …, 'pg.Pool': …, … }`. */
export type DriverKinds<P extends string> = { readonly [K in KindsOf<P>]: KindSpec };

/** A module specifier and the kind its module object (default export / `require()`) has. */
export interface ModuleSpec {
  readonly kind: ValueKind;
  /** Only these named imports mean the driver (generated Prisma clients share paths with anything). */
  readonly onlyNames?: readonly string[];
  /**
   * The module re-exports a driver under `onlyNames` and is no driver itself (MikroORM's `knex`): a
   * namespace or default import, or `require()`, of it gives nothing.
   */
  readonly reexportsOnly?: true;
}

/**
 * A type name that means a driver value (`TYPE_NAMES`): its kind, and the driver underneath a wrapper,
 * told by the name itself (`NodePgDatabase`) or by one of its type arguments (`PgDatabase<NodePgQueryResultHKT>`).
 */
export interface TypeSpec {
  readonly kind: ValueKind;
  readonly via?: DriverId;
  /** Type-argument names (declared in the same package) that tell the driver underneath. */
  readonly viaByTypeArgument?: Readonly<Record<string, DriverId>>;
}
