/**
 * The pooler's own configuration in a `pooler-lint` run: before linting, the `pgbouncer.ini` files and the
 * pooler images of Compose files set the profile (CLI flags > `settings.pooler` > the configuration found >
 * the default); after linting, each PgBouncer found is checked against the budget and the app's client
 * connections at peak (`pooler-size-budget`, `pooler-pool-mode`, `pooler-max-client-conn`).
 */
import { readFile } from 'node:fs/promises';
import type { ESLint } from 'eslint';
import { isComposeFile } from '../deploy/compose.js';
import { isPgBouncerIni } from '../deploy/pgbouncer-ini.js';
import { readPoolerDeployment, type PoolerDeployment } from '../deploy/pooler.js';
import { describePoolerOrigin, mergePoolerSettings, type MergedPoolerSettings } from '../deploy/pooler-config.js';
import type { DeploySource } from '../deploy/scan.js';
import type { PoolerSettings } from '../profiles/index.js';
import { poolBudget, type BudgetOptions } from '../pools/budget.js';
import { deployResults } from './deploy-files.js';
import type { PoolEntry } from './inventory-rule.js';
import { poolTotals } from './report.js';

/** The pooler configuration files of a run, their text, and what they say. */
export interface PoolerFiles {
  files: Array<{ file: string; text: string }>;
  deployment: PoolerDeployment;
}

/**
 * Reads the `pgbouncer*.ini` files and (unless `--no-compose`) the Compose files among the deployment files;
 * nothing with `--no-pooler-config`. A file that cannot be read is left out here: the deployment scan lists it.
 * @example (await readPoolerFiles(files.deploy, options.deploySources, cwd)).deployment.found?.settings // { profile: 'pgbouncer', version: '1.22.1' }
 */
export async function readPoolerFiles(deployFiles: readonly string[], sources: Readonly<Record<DeploySource, boolean>>, cwd: string): Promise<PoolerFiles> {
  const wanted = sources.pooler ? deployFiles.filter((file) => isPgBouncerIni(file) || (sources.compose && isComposeFile(file))) : [];
  const files = (
    await Promise.all(wanted.map(async (file) => ({ file, text: await readFile(file, 'utf8').catch(() => undefined) })))
  ).flatMap(({ file, text }) => (text === undefined ? [] : [{ file, text }]));
  return { files, deployment: readPoolerDeployment(files, cwd) };
}

/**
 * The pooler settings of the run: the flags over the project's `settings.pooler` over the configuration found.
 * @example poolerSettings({ profile: 'rds-proxy' }, {}, pooler).settings.profile // 'rds-proxy'
 */
export function poolerSettings(flags: Record<string, unknown>, project: Record<string, unknown>, pooler: PoolerFiles): MergedPoolerSettings {
  // Unchecked here: resolveProfile reports the user's own mistakes, naming the flag or the config file.
  return mergePoolerSettings({ flags: flags as Partial<PoolerSettings>, project: project as Partial<PoolerSettings>, ...(pooler.deployment.found ? { found: pooler.deployment.found } : {}) });
}

/**
 * What the report says about the profile's origin: only when a pooler configuration was found, then the line
 * naming where each setting came from, and the notes of the configuration and of the merge.
 * @example poolerOriginLines(merged, pooler, '/repo') // ['profile pgbouncer (1.22.1) from docker-compose.yml:12', 'No pool_mode …']
 */
export function poolerOriginLines(merged: MergedPoolerSettings, pooler: PoolerFiles, cwd: string): string[] | undefined {
  const found = pooler.deployment.found;
  if (found === undefined) return undefined;
  return [describePoolerOrigin(merged, cwd), ...(found.notes ?? []), ...merged.notes];
}

/**
 * The sizing findings of every PgBouncer found, as results of their files. The app's client connections at peak
 * come from the pool inventory (pools in tests and scripts not counted), and only when the whole project was
 * linted: in a run over files given one by one, the inventory is partial.
 * @example poolerSizingResults(pooler, { pools, budget: { instances: 4 }, wholeProject: true, namespace: 'pooler' })
 */
export function poolerSizingResults(
  pooler: PoolerFiles,
  input: { cwd: string; pools: readonly PoolEntry[]; budget: BudgetOptions; wholeProject: boolean; namespace: string },
): ESLint.LintResult[] {
  if (pooler.deployment.pgbouncers.length === 0) return [];
  const peakClients = input.wholeProject ? poolTotals({ pools: [...input.pools], budget: poolBudget(input.budget) }).atPeak : undefined;
  const sizing = readPoolerDeployment(pooler.files, input.cwd, {
    ...(input.budget.maxConnections !== undefined ? { maxConnections: input.budget.maxConnections } : {}),
    ...(input.budget.reserved !== undefined ? { reserved: input.budget.reserved } : {}),
    ...(peakClients !== undefined && peakClients > 0 ? { peakClients } : {}),
  });
  const files = [...new Set(sizing.findings.map((finding) => finding.file))];
  return deployResults(files, sizing.findings, { namespace: input.namespace });
}
