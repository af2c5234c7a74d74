/**
 * The pool inventory travels from ESLint (worker threads included) to the CLI as messages of an internal rule,
 * `pooler-cli/pool-inventory`: one warning per pool or client creation whose text is the entry as JSON. The CLI
 * takes those messages out of the results before anything else sees them.
 */
import type { ESLint, Linter, Rule, SourceCode } from 'eslint';
import { getPoolConfigs, isNonServingFile, type PoolConfig, type SizeOrigin } from '../pools/index.js';
import { resolveProfile } from '../profiles/index.js';
import { relativePath } from './report.js';
import { recount } from './suppressions.js';

export const INVENTORY_RULE_ID = 'pooler-cli/pool-inventory';

/** One pool or client creation, as the markdown report lists it. */
export interface PoolEntry {
  /** Path relative to the CLI's cwd, with `/`. */
  file: string;
  line: number;
  column: number;
  driver: string;
  /** `pool`, or `client` for a single connection (`new pg.Client()`). */
  role: 'pool' | 'client';
  /** Connections it may open; `null` when the file does not tell. */
  connections: number | null;
  /** The size as written (`Number(process.env.PG_POOL_MAX ?? 50)`), or how it was decided (`default`). */
  size: string;
  origin: SizeOrigin;
  /**
   * In a file of `settings.pooler.nonServingFiles` (a test, a script): listed apart, not counted in the
   * budget. Absent for the pools that count.
   */
  nonServing?: true;
  /** The environment variable its connection string comes from: joined with the env files' values. */
  urlVariable?: string;
  /** It is given a connection string in the code (Prisma's `datasourceUrl`), not only its schema's. */
  ownUrl?: true;
}

type Payload = Omit<PoolEntry, 'file' | 'line' | 'column'>;

const MAX_SIZE_TEXT = 80;

/** How a pool's size reads in the inventory: its expression, or how it was decided. */
function sizeText(pool: PoolConfig, sourceCode: SourceCode): string {
  if (pool.size.text !== undefined) return pool.size.text;
  if (pool.size.node) return sourceCode.getText(pool.size.node as never);
  if (pool.role === 'client') return 'one connection';
  return pool.size.origin === 'driver-default' ? `default ${pool.size.option}` : `${pool.size.option} unknown`;
}

const inventoryRule: Rule.RuleModule = {
  meta: {
    type: 'suggestion',
    docs: { description: 'Internal to pooler-lint: lists pool configurations for the markdown report.' },
    schema: [],
    messages: { pool: '{{json}}' },
  },
  create(context) {
    return {
      'Program:exit'() {
        // eslint-disable-next-line @typescript-eslint/no-explicit-any -- ESLint's and typescript-eslint's context types differ only nominally
        const pools = getPoolConfigs(context as any);
        if (pools.length === 0) return;
        const { settings } = resolveProfile((context.settings as { pooler?: unknown }).pooler);
        const nonServing = isNonServingFile(context.filename, context.cwd, settings.nonServingFiles);
        for (const pool of pools) {
          const size = sizeText(pool, context.sourceCode);
          const payload: Payload = {
            driver: pool.driver,
            role: pool.role,
            connections: pool.size.value ?? null,
            size: size.length > MAX_SIZE_TEXT ? `${size.slice(0, MAX_SIZE_TEXT - 1)}…` : size,
            origin: pool.size.origin,
            ...(nonServing ? { nonServing: true as const } : {}),
            ...(pool.urlVariable !== undefined ? { urlVariable: pool.urlVariable } : {}),
            ...(pool.ownUrl ? { ownUrl: true as const } : {}),
          };
          context.report({ node: pool.node as never, messageId: 'pool', data: { json: JSON.stringify(payload) } });
        }
      },
    };
  },
};

/** The internal plugin registered as `pooler-cli`. */
export const inventoryPlugin: ESLint.Plugin = { meta: { name: 'pooler-cli' }, rules: { 'pool-inventory': inventoryRule } };

function isInventory(message: Linter.LintMessage): boolean {
  return message.ruleId === INVENTORY_RULE_ID;
}

/**
 * Takes the inventory messages out of the results: returns the results without them (recounted) and the pool
 * entries, sorted by file and line.
 * @example const { results, pools } = takeInventory(await eslint.lintFiles(files), cwd);
 */
export function takeInventory(results: readonly ESLint.LintResult[], cwd: string): { results: ESLint.LintResult[]; pools: PoolEntry[] } {
  const pools: PoolEntry[] = [];
  const cleaned = results.map((result) => {
    if (!result.messages.some(isInventory) && !result.suppressedMessages.some(isInventory)) return result;
    const file = relativePath(cwd, result.filePath);
    for (const message of result.messages.filter(isInventory)) {
      try {
        pools.push({ file, line: message.line, column: message.column, ...(JSON.parse(message.message) as Payload) });
      } catch {
        // not ours after all: dropped
      }
    }
    return recount({
      ...result,
      messages: result.messages.filter((m) => !isInventory(m)),
      suppressedMessages: result.suppressedMessages.filter((m) => !isInventory(m)),
    });
  });
  pools.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  return { results: cleaned, pools };
}
