/**
 * Deployment files (Prisma schemas and configs, env files) in a `pooler-lint` run: their findings become
 * ESLint-shaped results under rule-like ids (`pooler/url-startup-parameter`), so every format, the SARIF rules
 * table, the markdown report's "Blockers by hazard" and the suppressions file treat them as code findings.
 * Their results never carry `source`: these files hold secrets.
 */
import type { ESLint, Linter } from 'eslint';
import { DEPLOY_RULES } from '../deploy/rules.js';
import type { DeployFinding } from '../deploy/types.js';
import type { PrismaPoolSize } from '../deploy/scan.js';
import type { PoolEntry } from './inventory-rule.js';
import { relativePath } from './report.js';
import { sqlResult } from './sql-files.js';

/**
 * The deployment rules by full id with their descriptions, for the markdown report and the SARIF rules table.
 * @example deployRuleDescriptions('pooler')['pooler/prisma-migrate-through-pooler'] // 'Require a direct …'
 */
export function deployRuleDescriptions(namespace: string): Record<string, string> {
  return Object.fromEntries(Object.entries(DEPLOY_RULES).map(([id, description]) => [`${namespace}/${id}`, description]));
}

/**
 * Findings as ESLint messages (errors), in the order given.
 * @example deployMessages([{ id: 'url-startup-parameter', line: 3, column: 14, … }], { namespace: 'pooler' })[0].ruleId // 'pooler/url-startup-parameter'
 */
export function deployMessages(findings: readonly DeployFinding[], options: { namespace: string }): Linter.LintMessage[] {
  return findings.map((f) => ({
    ruleId: `${options.namespace}/${f.id}`,
    severity: 2,
    message: f.message,
    messageId: f.id,
    line: f.line,
    column: f.column,
    ...(f.endLine !== undefined ? { endLine: f.endLine } : {}),
    ...(f.endColumn !== undefined ? { endColumn: f.endColumn } : {}),
  }));
}

/**
 * One result per deployment file read (with or without findings), without `source`.
 * @example deployResults(['/app/.env.example'], findings, { namespace: 'pooler' })[0].errorCount // 1
 */
export function deployResults(files: readonly string[], findings: readonly DeployFinding[], options: { namespace: string }): ESLint.LintResult[] {
  return files.map((file) => sqlResult(file, deployMessages(findings.filter((f) => f.file === file), options)));
}

/**
 * The pool inventory with the size of each Prisma Client that the code leaves unknown (`new PrismaClient()`)
 * taken from its datasource's `connection_limit`, when every Prisma datasource of the run says the same.
 * @example withPrismaPoolSizes(pools, scan.prismaPools, cwd)[0].size // 'connection_limit=5 (DATABASE_URL in .env.example)'
 */
export function withPrismaPoolSizes(pools: readonly PoolEntry[], prismaPools: readonly PrismaPoolSize[], cwd: string): PoolEntry[] {
  const limits = new Set(prismaPools.map((p) => p.connectionLimit));
  const source = prismaPools[0];
  if (limits.size !== 1 || !source) return [...pools];
  const where = `${source.variable ?? 'url'} in ${relativePath(cwd, source.file)}`;
  return pools.map((pool) =>
    pool.driver === 'prisma' && pool.connections === null && pool.origin === 'unknown'
      ? { ...pool, connections: source.connectionLimit, size: `connection_limit=${source.connectionLimit} (${where})`, origin: 'env-default' }
      : pool,
  );
}
