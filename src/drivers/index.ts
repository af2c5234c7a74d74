/**
 * The driver model: how the plugin recognises database driver values by import (and, with types,
 * by type). Every rule stands on it:
 *
 * ```ts
 * const drivers = getDriverModel(context);
 * if (!drivers.relevant) return {};
 * return {
 *   CallExpression(node) {
 *     const sink = drivers.sinkOf(node); // SQL reaching pg, postgres.js, knex, …
 *     const value = drivers.valueOf(node.callee); // never by name: redis.connect() is not pg
 *   },
 * };
 * ```
 */
export { getDriverModel } from './model.js';
export { DRIVER_IDS, type DriverId, type ValueKind, type ValueRole } from './kinds.js';
export type { DriverCall, DriverCreation, DriverModel, DriverValue, SqlSink } from './types.js';
export type { AcquireSpec, CallSpec, KindSpec, Produces, SqlArgSpec } from './catalog/types.js';
export { KINDS } from './catalog/index.js';
export { DEFAULT_DIRECT_URL_PATTERN, type DriverSpecifier } from './settings.js';
