/**
 * Where the truth suite finds PostgreSQL 15 and PgBouncer, and what it does when they are missing:
 * in CI (`CI` set) a missing tool is a failure, locally it is a skip with the reason.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Paths of the executables the suite starts. */
export interface TruthTools {
  readonly initdb: string;
  readonly postgres: string;
  readonly pgbouncer: string;
}

/** Either the tools, or why they could not be found. */
export type ToolLookup = { readonly ok: true; readonly tools: TruthTools } | { readonly ok: false; readonly reason: string };

const PG_BIN_CANDIDATES = ['/usr/lib/postgresql/15/bin', '/usr/local/pgsql/bin', '/usr/pgsql-15/bin'];
const SBIN_DIRS = ['/usr/sbin', '/usr/local/sbin', '/usr/local/bin', '/usr/bin'];

function onPath(name: string, extraDirs: readonly string[]): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), ...extraDirs].filter(Boolean);
  return dirs.map((dir) => join(dir, name)).find((file) => existsSync(file));
}

function pgBinDir(): string | undefined {
  const fromEnv = process.env.TRUTH_PG_BIN;
  if (fromEnv) return existsSync(join(fromEnv, 'postgres')) ? fromEnv : undefined;
  const known = PG_BIN_CANDIDATES.find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'postgres')));
  if (known) return known;
  const initdb = onPath('initdb', []);
  return initdb ? initdb.slice(0, -'/initdb'.length) : undefined;
}

/**
 * Looks up initdb/postgres (PostgreSQL 15: `TRUTH_PG_BIN`, /usr/lib/postgresql/15/bin, PATH) and
 * pgbouncer (`TRUTH_PGBOUNCER`, PATH, /usr/sbin). Synchronous, so a test file can decide to skip at load.
 *
 * @example
 * const found = findTruthTools();
 * if (!found.ok) console.log(found.reason); // "PgBouncer not found (apt-get install -y pgbouncer) ..."
 */
export function findTruthTools(): ToolLookup {
  const binDir = pgBinDir();
  const pgbouncer = process.env.TRUTH_PGBOUNCER || onPath('pgbouncer', SBIN_DIRS);
  const missing: string[] = [];
  if (!binDir) missing.push('PostgreSQL 15 (initdb, postgres; set TRUTH_PG_BIN to its bin directory)');
  if (!pgbouncer || !existsSync(pgbouncer)) missing.push('PgBouncer (apt-get install -y pgbouncer, or set TRUTH_PGBOUNCER)');
  if (missing.length > 0 || !binDir || !pgbouncer) return { ok: false, reason: `not found: ${missing.join('; ')}` };
  const version = pgVersion(join(binDir, 'postgres'));
  if (version !== undefined && version !== 15) {
    return { ok: false, reason: `PostgreSQL ${version} found in ${binDir}; the truth table was measured on PostgreSQL 15` };
  }
  return { ok: true, tools: { initdb: join(binDir, 'initdb'), postgres: join(binDir, 'postgres'), pgbouncer } };
}

function pgVersion(postgres: string): number | undefined {
  try {
    const out = execFileSync(postgres, ['--version'], { encoding: 'utf8', timeout: 5000 });
    const match = /\(PostgreSQL\) (\d+)/.exec(out);
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * True when running under CI (`CI` set to anything but '', '0' or 'false').
 *
 * @example
 * isCi(); // true with CI=true, false with CI unset or CI=false
 */
export function isCi(): boolean {
  const value = (process.env.CI ?? '').trim().toLowerCase();
  return value !== '' && value !== '0' && value !== 'false';
}

/**
 * The decision for a truth test file: run, skip locally with a reason, or fail in CI with the reason.
 *
 * @example
 * const plan = truthPlan();
 * describe('facts', { skip: plan.skip }, () => { before(() => { if (plan.fail) throw new Error(plan.fail); }); });
 */
export function truthPlan(): { readonly tools?: TruthTools; readonly skip: string | false; readonly fail?: string } {
  const found = findTruthTools();
  if (found.ok) return { tools: found.tools, skip: false };
  const message = `truth suite needs PostgreSQL 15 and PgBouncer 1.18: ${found.reason}`;
  return isCi() ? { skip: false, fail: `${message} (CI is set, so this is a failure, not a skip)` } : { skip: message };
}
