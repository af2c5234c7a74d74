/**
 * Deployment files (Prisma schemas, env files, compose files, pgbouncer.ini): what pooler-lint reads outside
 * the JS/TS code, and the shape of what it finds there. The CLI turns each finding into an ESLint message under
 * its rule-like id (`pooler/<id>`), so formats, suppressions, baselines and exit codes treat them as code findings.
 */
import type { PoolerSettings } from '../profiles/index.js';

/** A 1-based position in a deployment file. */
export interface DeployLocation {
  /** Absolute path. */
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

/** One finding in a deployment file. Messages never carry a password or a whole connection string. */
export interface DeployFinding extends DeployLocation {
  /** Rule-like id without the namespace, kebab-case: `prisma-migrate-through-pooler`. */
  id: string;
  /** What breaks, under which pooler, and what to do instead. */
  message: string;
}

/** A pooler configuration found in the repository (pgbouncer.ini, a PgBouncer image in a compose file). */
export interface FoundPoolerConfig {
  /** Where it was read: shown in every report as the profile's origin. */
  source: DeployLocation;
  /** What it says about the profile and its options; flags and `settings.pooler` win per key. */
  settings: Partial<PoolerSettings>;
  /** What the reader could not use or the profile does not model, one sentence each (shown with the origin). */
  notes?: string[];
}
