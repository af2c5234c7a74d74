/**
 * The driver model's part of the shared settings (`settings.pooler` in the ESLint config):
 * `directUrlPattern` and `driverSpecifiers`. Invalid entries are ignored, never thrown on.
 */
import { KINDS } from './catalog/index.js';
import type { ValueKind } from './kinds.js';

/**
 * Tells the plugin that a value, function or type of the user's code is a driver value, in the
 * style of typescript-eslint's `TypeOrValueSpecifier`:
 * `{ from: 'package', package: '@acme/db', name: 'pool', kind: 'pg.Pool' }` or
 * `{ from: 'file', path: 'src/db.ts', name: ['getClient'], kind: 'pg.PoolClient', call: 'resolves' }`.
 * Imports of the name are matched without types; with types, a type of that name declared there.
 */
export interface DriverSpecifier {
  readonly from: 'package' | 'file';
  /** The exported (or type) name(s). */
  readonly name: string | readonly string[];
  /** `from: 'package'`: the package name, as imported. */
  readonly package?: string;
  /** `from: 'file'`: the file, relative to the working directory (extension optional). */
  readonly path?: string;
  readonly kind: ValueKind;
  /** The name is a function: calling it returns (or resolves to) the value. */
  readonly call?: 'returns' | 'resolves';
  readonly inTransaction?: boolean;
}

/** The settings the driver model reads. */
export interface DriverSettings {
  /** Matches names of direct (unpooled) connection strings: `DIRECT_URL`, `DATABASE_URL_UNPOOLED`. */
  readonly directUrlPattern: RegExp;
  readonly specifiers: readonly DriverSpecifier[];
}

/** Names of environment variables / config keys that hold a direct (unpooled) connection string. */
export const DEFAULT_DIRECT_URL_PATTERN = /DIRECT|UNPOOLED|NON_POOLING/i;

const read = new WeakMap<object, DriverSettings>();
let defaults: DriverSettings | undefined;

/**
 * Reads `settings.pooler` (any shape) into driver settings; `directUrlPattern` is a RegExp source
 * compiled case-insensitively. Read once per `settings.pooler` object (ESLint hands every file of a configuration
 * the same one; the `settings` around it is new per file), so the result can key caches.
 * @example readDriverSettings({ pooler: { directUrlPattern: '^SESSION_URL$' } }).directUrlPattern.test('session_url') // true
 */
export function readDriverSettings(settings: unknown): DriverSettings {
  const pooler = isRecord(settings) && isRecord(settings.pooler) ? settings.pooler : undefined;
  if (!pooler) return (defaults ??= readPooler({}));
  let found = read.get(pooler);
  if (!found) read.set(pooler, (found = readPooler(pooler)));
  return found;
}

function readPooler(pooler: Record<string, unknown>): DriverSettings {
  return {
    directUrlPattern: compile(pooler.directUrlPattern) ?? DEFAULT_DIRECT_URL_PATTERN,
    specifiers: Array.isArray(pooler.driverSpecifiers) ? pooler.driverSpecifiers.filter(isSpecifier) : [],
  };
}

/**
 * The names a specifier lists.
 * @example specifierNames({ name: 'pool', … }) // ['pool']
 */
export function specifierNames(specifier: DriverSpecifier): readonly string[] {
  return typeof specifier.name === 'string' ? [specifier.name] : specifier.name;
}

function compile(source: unknown): RegExp | undefined {
  if (typeof source !== 'string' || source === '') return undefined;
  try {
    return new RegExp(source, 'i');
  } catch {
    return undefined; // an invalid pattern falls back to the default
  }
}

function isSpecifier(value: unknown): value is DriverSpecifier {
  if (!isRecord(value)) return false;
  const names = typeof value.name === 'string' ? [value.name] : value.name;
  if (!Array.isArray(names) || !names.every((name) => typeof name === 'string')) return false;
  if (typeof value.kind !== 'string' || !Object.hasOwn(KINDS, value.kind)) return false;
  if (value.call !== undefined && value.call !== 'returns' && value.call !== 'resolves') return false;
  if (value.from === 'package') return typeof value.package === 'string';
  return value.from === 'file' && typeof value.path === 'string';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
