/**
 * Pool configurations: for every pool or client the driver model sees created in a file, how many connections
 * it may open (its size option, or the driver's default), its minimum, and for pg pools whether a checkout waits
 * forever. Shared by the `pool-size-budget` and `require-checkout-timeout` rules and the CLI's pool inventory.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { getDriverModel, type DriverCreation } from '../drivers/index.js';
import type { DriverId, ValueKind } from '../drivers/kinds.js';
import { constInitializer } from '../ast/sql-text.js';
import { propName, unwrap } from '../ast/nodes.js';
import { findProperty, objectLiteralOf, type GetScope } from '../ast/objects.js';
import { endedWhereCreated } from './lifetime.js';
import { isEnvLookup, resolveNumber, type NumberOrigin } from './numeric-value.js';
import { POOL_SPECS, type PoolSpec } from './specs.js';

export { poolBudget, type Budget, type BudgetOptions } from './budget.js';
export { DEFAULT_NON_SERVING_FILES, isNonServingFile } from './serving.js';

/** How a pool's size was decided. */
export type SizeOrigin = NumberOrigin | 'driver-default' | 'unknown';

/** A pool's size. */
export interface PoolSize {
  /** Connections; undefined when the file does not tell. */
  value?: number;
  origin: SizeOrigin;
  /** The expression that sets it (undefined for a driver default). */
  node?: TSESTree.Node;
  /** The option as the driver spells it: `max`, `pool.max`, `extra.max`, `connection_limit`. */
  option: string;
  /** How the size reads when `node` holds more than the size (a connection string): `connection_limit=5`. */
  text?: string;
}

/** A number option (`min`, `connectionTimeoutMillis`) that the file sets. */
export interface PoolOption {
  value: number;
  node: TSESTree.Node;
  option: string;
}

/** One pool or client creation and what its configuration says. */
export interface PoolConfig {
  driver: DriverId;
  kind: ValueKind;
  /** `client`: a single connection (`new pg.Client()`). */
  role: 'pool' | 'client';
  /** The creating call or `new` expression. */
  node: TSESTree.CallExpression | TSESTree.NewExpression;
  /** The environment variable its connection string comes from (`process.env.DATABASE_URL`, or a const of it). */
  urlVariable?: string;
  /** It is given a connection string (`new PrismaClient({ datasourceUrl })`): not the one its config files name. */
  ownUrl?: true;
  size: PoolSize;
  /** The driver's default size, when it has a fixed one. */
  defaultSize?: number;
  min?: PoolOption;
  /**
   * pg pools only: the checkout timeout is absent (`{ absent: true }`) or set to 0 (`{ option }`), so a
   * checkout from an exhausted pool waits forever. Undefined when it is set, or when the file does not tell.
   */
  waitsForever?: { absent: true } | { absent: false; option: PoolOption };
}

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** Where an option lives in the config: a property, certainly absent, or unknown (an opaque spread). */
type Lookup = { node: TSESTree.Node } | 'absent' | 'unknown';

function lookup(config: TSESTree.ObjectExpression | undefined, path: readonly string[], getScope: GetScope): Lookup {
  let object = config;
  for (const [index, key] of path.entries()) {
    if (!object) return 'absent';
    const found = findProperty(object, key, getScope);
    if (!found) return 'absent';
    if (found.unknown) return 'unknown';
    if (index === path.length - 1) return { node: found.value };
    object = objectLiteralOf(found.value, getScope);
    // `connection: 'postgres://…'` has no nested options; anything else opaque may.
    if (!object) return isStringLike(found.value, getScope) ? 'absent' : 'unknown';
  }
  return 'absent';
}

/** A string-valued argument: a literal, a template, an environment lookup, or a `const`/`??` of those. */
function isStringLike(node: TSESTree.Node, getScope: GetScope, depth = 0): boolean {
  const target = unwrap(node);
  if (depth > 4) return false;
  if (target.type === 'Literal') return typeof target.value === 'string';
  if (target.type === 'TemplateLiteral' || isEnvLookup(target)) return true;
  if (target.type === 'LogicalExpression') {
    return isStringLike(target.left, getScope, depth + 1) && isStringLike(target.right, getScope, depth + 1);
  }
  if (target.type !== 'Identifier') return false;
  const init = constInitializer(target, getScope(target));
  return init !== undefined && isStringLike(init, getScope, depth + 1);
}

/**
 * Whether every argument of the creation is seen: the config object literal, or (for drivers that take one) a
 * connection string. `new Pool(config)` with an imported `config` is not: its size is unknown, not the default.
 */
function configKnown(creation: DriverCreation, spec: PoolSpec, getScope: GetScope): boolean {
  return creation.node.arguments.every((arg) => {
    if (arg.type === 'SpreadElement') return false;
    if (creation.config && objectLiteralOf(arg, getScope) === creation.config) return true;
    return spec.takesUrl === true && isStringLike(arg, getScope);
  });
}

function numberOption(found: Lookup, option: string, getScope: GetScope): PoolOption | undefined {
  if (typeof found !== 'object') return undefined;
  const resolved = resolveNumber(found.node, getScope);
  return resolved && { value: resolved.value, node: found.node, option };
}

function sizeOf(creation: DriverCreation, spec: PoolSpec, getScope: GetScope, known: boolean): PoolSize {
  if (spec.role === 'client') return { value: 1, origin: 'literal', option: 'client' };
  if (spec.urlParameter) return urlSize(creation, spec.urlParameter);
  for (const path of spec.size) {
    const found = lookup(creation.config, path, getScope);
    if (found === 'absent') continue;
    const option = path.join('.');
    if (found === 'unknown') return { origin: 'unknown', option };
    const resolved = resolveNumber(found.node, getScope);
    return resolved ? { value: resolved.value, origin: resolved.origin, node: found.node, option } : { origin: 'unknown', node: found.node, option };
  }
  const option = spec.size[0]?.join('.') ?? 'size';
  if (!known || spec.defaultSize === undefined) return { origin: 'unknown', option };
  return { value: spec.defaultSize, origin: 'driver-default', option };
}

/** The variable of `process.env.X` / `process.env['X']`, directly or through a const. */
function envVariable(node: TSESTree.Node, getScope: GetScope): string | undefined {
  const target = unwrap(node);
  if (target.type === 'Identifier') {
    const init = constInitializer(target, getScope(target));
    return init && init !== target ? envVariable(init, getScope) : undefined;
  }
  return isEnvLookup(target) && target.type === 'MemberExpression' ? propName(target) : undefined;
}

/** Prisma: `connection_limit` in a connection string written in this file. */
function urlSize(creation: DriverCreation, parameter: string): PoolSize {
  const url = creation.url;
  const text =
    url?.type === 'Literal' && typeof url.value === 'string'
      ? url.value
      : url?.type === 'TemplateLiteral'
        ? url.quasis.map((quasi) => quasi.value.cooked ?? '').join('')
        : undefined;
  const match = text === undefined ? null : new RegExp(`[?&]${parameter}=(\\d+)`).exec(text);
  if (!match || !url) return { origin: 'unknown', option: parameter };
  return { value: Number(match[1]), origin: 'literal', node: url, option: parameter, text: match[0].slice(1) };
}

function waitsForever(creation: DriverCreation, spec: PoolSpec, getScope: GetScope, known: boolean): PoolConfig['waitsForever'] {
  // Only a pool that outlives one function run can leave other callers waiting.
  if (!spec.checkoutTimeout || !known || endedWhereCreated(creation.node, getScope)) return undefined;
  const found = lookup(creation.config, spec.checkoutTimeout, getScope);
  if (found === 'absent') return { absent: true };
  const option = numberOption(found, spec.checkoutTimeout.join('.'), getScope);
  return option && option.value === 0 ? { absent: false, option } : undefined;
}

function configOf(creation: DriverCreation, getScope: GetScope): PoolConfig | undefined {
  const spec = POOL_SPECS[creation.kind];
  if (!spec || spec.applies?.(creation, getScope) === false) return undefined;
  const known = configKnown(creation, spec, getScope);
  const pool: PoolConfig = {
    driver: creation.driver,
    kind: creation.kind,
    role: spec.role,
    node: creation.node,
    size: sizeOf(creation, spec, getScope, known),
  };
  const variable = creation.url && envVariable(creation.url, getScope);
  if (variable) pool.urlVariable = variable;
  if (creation.url) pool.ownUrl = true;
  if (spec.defaultSize !== undefined) pool.defaultSize = spec.defaultSize;
  const min = spec.min && numberOption(lookup(creation.config, spec.min, getScope), spec.min.join('.'), getScope);
  if (min) pool.min = min;
  const waits = waitsForever(creation, spec, getScope, known);
  if (waits) pool.waitsForever = waits;
  return pool;
}

const cache = new WeakMap<TSESTree.Program, readonly PoolConfig[]>();

/**
 * The pool configurations of the file being linted, in source order; cached per file.
 * @example getPoolConfigs(context) // [{ driver: 'pg', kind: 'pg.Pool', size: { value: 50, origin: 'env-default', option: 'max' }, … }]
 */
export function getPoolConfigs(context: Context): readonly PoolConfig[] {
  const ast = context.sourceCode.ast;
  let pools = cache.get(ast);
  if (!pools) {
    pools = computePools(context);
    cache.set(ast, pools);
  }
  return pools;
}

function computePools(context: Context): readonly PoolConfig[] {
  try {
    const model = getDriverModel(context);
    if (!model.relevant) return [];
    const getScope: GetScope = (node) => context.sourceCode.getScope(node);
    return model.creations.flatMap((creation) => configOf(creation, getScope) ?? []);
  } catch {
    // Odd input degrades to no pools, never to a crashed lint run.
    return [];
  }
}
