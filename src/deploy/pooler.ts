/**
 * The pooler's own configuration in a repository, in one call: the `pgbouncer.ini` files and the pooler
 * images of the Compose files among `files`, the configuration that sets the profile, and the sizing findings
 * of every PgBouncer found. The CLI merges `found` with its flags and `settings.pooler` through
 * `mergePoolerSettings`.
 */
import path from 'node:path';
import { composeServices, isComposeFile, type ComposeService } from './compose.js';
import { isPgBouncerIni, parsePgBouncerIni } from './pgbouncer-ini.js';
import { poolerFromService } from './pgbouncer-images.js';
import { choosePoolerConfig } from './pooler-config.js';
import { poolerSizingFindings, type SizingOptions } from './pooler-sizing.js';
import type { Located, PgBouncerConfig } from './pgbouncer-config.js';
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

/** `max_connections` as a PostgreSQL command line sets it: `-c max_connections=200`, `--max_connections=200`, `-N 200`. */
function maxConnectionsOf(words: readonly string[]): number | undefined {
  for (const [index, word] of words.entries()) {
    const next = words[index + 1] ?? '';
    const setting = /^(?:-c|--)?max[_-]connections=(\d+)$/.exec(word === '-c' ? next : word);
    if (setting && (word === '-c' || word.startsWith('-'))) return Number(setting[1]);
    if (word === '-N' && /^\d+$/.test(next)) return Number(next);
  }
  return undefined;
}

/**
 * The database's `max_connections` when a Compose service starts PostgreSQL with it on the command line
 * (`command: postgres -c max_connections=200`); undefined when none does, or services disagree.
 */
export function composeMaxConnections(services: readonly ComposeService[]): Located<number> | undefined {
  const found = services.flatMap((service) => {
    const value = service.command && maxConnectionsOf(service.command.words);
    return value === undefined || !service.command ? [] : [{ value, name: `${path.basename(service.file)}:${service.command.line}`, file: service.file, line: service.command.line, column: service.command.column }];
  });
  return new Set(found.map((entry) => entry.value)).size === 1 ? found[0] : undefined;
}

/**
 * Reads the pooler configuration among deployment files (other files are skipped). Without
 * `sizing.maxConnections`, a PostgreSQL service's `-c max_connections=N` in a Compose file is the budget's.
 * Never throws.
 * @example readPoolerDeployment([{ file: '/r/docker-compose.yml', text }], '/r', { peakClients: 240 }).found?.settings
 *   // { profile: 'pgbouncer', version: '1.22.1', maxPreparedStatements: 200 }
 */
export function readPoolerDeployment(files: readonly { file: string; text: string }[], cwd: string, sizing: SizingOptions = {}): PoolerDeployment {
  const inis = files.filter(({ file }) => isPgBouncerIni(file)).map(({ file, text }) => parsePgBouncerIni(text, file));
  const services = files.filter(({ file }) => isComposeFile(file)).flatMap(({ file, text }) => composeServices(text, file));
  const images = services.flatMap((service) => poolerFromService(service) ?? []);
  const { found, pgbouncers } = choosePoolerConfig(inis, images, cwd);
  const composed = sizing.maxConnections === undefined ? composeMaxConnections(services) : undefined;
  const options: SizingOptions = composed ? { ...sizing, maxConnections: composed.value, maxConnectionsAt: composed.name } : sizing;
  const findings = pgbouncers
    .flatMap((config) => poolerSizingFindings(config, options))
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  return found ? { found, pgbouncers, findings } : { pgbouncers, findings };
}
