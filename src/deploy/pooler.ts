/**
 * The pooler's own configuration in a repository, in one call: the `pgbouncer.ini` files and the pooler
 * images of the Compose files among `files`, the configuration that sets the profile, and the sizing findings
 * of every PgBouncer found. The CLI merges `found` with its flags and `settings.pooler` through
 * `mergePoolerSettings`.
 */
import { isComposeFile } from './compose.js';
import { isPgBouncerIni, parsePgBouncerIni } from './pgbouncer-ini.js';
import { poolersInCompose } from './pgbouncer-images.js';
import { choosePoolerConfig } from './pooler-config.js';
import { poolerSizingFindings, type SizingOptions } from './pooler-sizing.js';
import type { PgBouncerConfig } from './pgbouncer-config.js';
import type { DeployFinding, FoundPoolerConfig } from './types.js';

/** What the repository says about its pooler. */
export interface PoolerDeployment {
  /** The configuration that sets the profile (unless flags or settings say otherwise). */
  found?: FoundPoolerConfig;
  /** Every PgBouncer configuration found (a mounted `pgbouncer.ini` joined to its image). */
  pgbouncers: PgBouncerConfig[];
  /** `pooler-size-budget`, `pooler-pool-mode`, `pooler-max-client-conn`, in file order. */
  findings: DeployFinding[];
}

/**
 * Reads the pooler configuration among deployment files (other files are skipped). Never throws.
 * @example readPoolerDeployment([{ file: '/r/docker-compose.yml', text }], '/r', { peakClients: 240 }).found?.settings
 *   // { profile: 'pgbouncer', version: '1.22.1', maxPreparedStatements: 200 }
 */
export function readPoolerDeployment(files: readonly { file: string; text: string }[], cwd: string, sizing: SizingOptions = {}): PoolerDeployment {
  const inis = files.filter(({ file }) => isPgBouncerIni(file)).map(({ file, text }) => parsePgBouncerIni(text, file));
  const images = files.filter(({ file }) => isComposeFile(file)).flatMap(({ file, text }) => poolersInCompose(text, file));
  const { found, pgbouncers } = choosePoolerConfig(inis, images, cwd);
  const findings = pgbouncers
    .flatMap((config) => poolerSizingFindings(config, sizing))
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  return found ? { found, pgbouncers, findings } : { pgbouncers, findings };
}
