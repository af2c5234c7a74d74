/**
 * The connection budget of one process: what is left of the database's `max_connections` after the
 * connections reserved for admin tools and migrations, shared by every process running at peak.
 */

/** The options of `pool-size-budget` and the CLI's `--max-connections`, `--instances`, `--reserved`. */
export interface BudgetOptions {
  /** The database's `max_connections` (default 100). */
  maxConnections?: number;
  /** Processes running at peak: app instances × workers (default 1). */
  instances?: number;
  /** Connections kept free for admin tools and migrations (default 10% of `maxConnections`, rounded up). */
  reserved?: number;
}

/** A budget with every default filled in. */
export interface Budget {
  maxConnections: number;
  instances: number;
  reserved: number;
  /** `maxConnections − reserved`: what all processes together may hold. */
  available: number;
  /** `floor(available / instances)`: what one process may hold. */
  perProcess: number;
}

export const DEFAULT_MAX_CONNECTIONS = 100;

/**
 * Fills in the defaults and computes the per-process budget.
 * @example poolBudget({ instances: 4 }) // { maxConnections: 100, instances: 4, reserved: 10, available: 90, perProcess: 22 }
 */
export function poolBudget(options: BudgetOptions = {}): Budget {
  const maxConnections = options.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
  const instances = Math.max(1, options.instances ?? 1);
  const reserved = Math.min(maxConnections, options.reserved ?? Math.ceil(maxConnections / 10));
  const available = Math.max(0, maxConnections - reserved);
  return { maxConnections, instances, reserved, available, perProcess: Math.floor(available / instances) };
}
