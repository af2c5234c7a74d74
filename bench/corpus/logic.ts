/**
 * Business logic of a domain: the service (rules, state transitions, summaries; sometimes a pg transaction of
 * its own), policies, and domain events. The events file holds the look-alikes a precise linter must leave
 * alone: log lines with SQL words, an emitter's `on('connect')`, strings that never reach a driver.
 */
import { writable, type Domain } from './domain.js';
import { inPgTransaction } from './jobs.js';
import type { Random } from './random.js';

/** What the service may call on its repository besides findById, list, insert, update and remove. */
export interface ServiceOptions {
  countByStatus: boolean;
  /** The service opens a pg transaction itself (imports `pg` and the shared pool). */
  transactional: boolean;
}

function has(d: Domain, name: string): boolean {
  return d.fields.some((f) => f.name === name);
}

function createRules(d: Domain): string[] {
  const rules: string[] = [];
  if (d.amount) rules.push("    if (input.amountCents < 0) throw new ConflictError('amountCents must not be negative');");
  if (has(d, 'dueDate')) rules.push("    if (input.dueDate.getTime() < this.now().getTime()) throw new ConflictError('dueDate is in the past');");
  if (has(d, 'quantity')) rules.push("    if (!Number.isInteger(input.quantity) || input.quantity <= 0) throw new ConflictError('quantity must be a positive integer');");
  if (d.status) rules.push(`    if (input.status !== '${d.status.values![0]}') throw new ConflictError('a new ${d.name} starts as ${d.status.values![0]}');`);
  return rules;
}

const HELPERS: readonly ((d: Domain) => string[] | undefined)[] = [
  (d) =>
    d.amount && [
      `  totalCents(items: readonly ${d.entity}[]): number {`,
      '    let total = 0;',
      '    for (const item of items) total += item.amountCents;',
      '    return total;',
      '  }',
    ],
  (d) =>
    has(d, 'dueDate') ? [
      `  overdue(items: readonly ${d.entity}[]): ${d.entity}[] {`,
      '    const now = this.now().getTime();',
      `    return items.filter((item) => item.dueDate.getTime() < now${d.status ? ` && item.status !== '${d.status.values!.at(-1)}'` : ''});`,
      '  }',
    ] : undefined,
  (d) =>
    has(d, 'priority') ? [
      `  byPriority(items: readonly ${d.entity}[]): ${d.entity}[] {`,
      '    return [...items].sort((a, b) => b.priority - a.priority || a.createdAt.getTime() - b.createdAt.getTime());',
      '  }',
    ] : undefined,
  (d) =>
    has(d, 'ownerId') ? [
      `  groupByOwner(items: readonly ${d.entity}[]): Map<string, ${d.entity}[]> {`,
      `    const groups = new Map<string, ${d.entity}[]>();`,
      '    for (const item of items) {',
      '      const group = groups.get(item.ownerId);',
      '      if (group) group.push(item);',
      '      else groups.set(item.ownerId, [item]);',
      '    }',
      '    return groups;',
      '  }',
    ] : undefined,
  (d) => {
    const text = d.fields.filter((f) => ['title', 'description', 'email', 'notes'].includes(f.name));
    return text.length > 0 ? [
      `  matches(item: ${d.entity}, query: string): boolean {`,
      '    const needle = query.trim().toLowerCase();',
      "    if (needle === '') return true;",
      `    return ${text.map((f) => `item.${f.name}.toLowerCase().includes(needle)`).join(' || ')};`,
      '  }',
    ] : undefined;
  },
  (d) => [
    `  createdBetween(items: readonly ${d.entity}[], from: Date, to: Date): ${d.entity}[] {`,
    '    const start = from.getTime();',
    '    const end = to.getTime();',
    '    return items.filter((item) => {',
    '      const at = item.createdAt.getTime();',
    '      return at >= start && at < end;',
    '    });',
    '  }',
  ],
];

/**
 * `<domain>.service.ts`: the service class over the repository.
 * @example serviceFile(random, domain, { countByStatus: true, transactional: false })
 */
export function serviceFile(random: Random, d: Domain, options: ServiceOptions): string {
  const E = d.entity;
  const types = [E, `Create${E}Input`, `Update${E}Input`, ...(d.status ? [`${E}Status`] : [])];
  const out = [
    ...(options.transactional ? ["import type { PoolClient } from 'pg';", "import { pool } from '../../db/pool.js';"] : []),
    "import { ConflictError, NotFoundError } from '../../lib/errors.js';",
    "import { logger } from '../../lib/logger.js';",
    "import type { Page } from '../../lib/pagination.js';",
    `import { to${E}, type ${types.join(', type ')} } from './${d.name}.dto.js';`,
    `import type { ${E}Repository } from './${d.name}.repository.js';`,
    '',
    `export class ${E}Service {`,
    `  constructor(`,
    `    private readonly repository: ${E}Repository,`,
    '    private readonly now: () => Date = () => new Date(),',
    '  ) {}',
    '',
    `  async get(tenantId: string, id: string): Promise<${E}> {`,
    '    const row = await this.repository.findById(tenantId, id);',
    `    if (!row) throw new NotFoundError('${d.name}', id);`,
    `    return to${E}(row);`,
    '  }',
    '',
    `  async list(tenantId: string, page: Page): Promise<${E}[]> {`,
    '    const rows = await this.repository.list(tenantId, page);',
    `    return rows.map((row) => to${E}(row));`,
    '  }',
    '',
    `  async create(tenantId: string, input: Create${E}Input): Promise<string> {`,
    ...createRules(d),
    '    const row = await this.repository.insert(tenantId, input);',
    "    const id = String(row?.id ?? '');",
    `    logger.info('${d.name} created', { tenantId, id });`,
    '    return id;',
    '  }',
    '',
    `  async update(tenantId: string, id: string, input: Update${E}Input): Promise<void> {`,
    ...(d.status
      ? [
          '    const current = await this.get(tenantId, id);',
          '    if (input.status !== undefined && !canTransition(current.status, input.status)) {',
          '      throw new ConflictError(`cannot move from ${current.status} to ${input.status}`);',
          '    }',
        ]
      : []),
    '    const changed = await this.repository.update(tenantId, id, input);',
    `    if (changed === 0) throw new NotFoundError('${d.name}', id);`,
    '  }',
    '',
    '  async remove(tenantId: string, id: string): Promise<void> {',
    '    const removed = await this.repository.remove(tenantId, id);',
    `    if (removed === 0) throw new NotFoundError('${d.name}', id);`,
    `    logger.info('${d.name} removed', { tenantId, id });`,
    '  }',
  ];
  if (d.status) {
    out.push(
      '',
      '  async statusSummary(tenantId: string): Promise<Record<string, number>> {',
      '    const summary: Record<string, number> = {};',
      ...(options.countByStatus
        ? ['    for (const row of await this.repository.countByStatus(tenantId)) summary[String(row.status)] = Number(row.total);']
        : [
            '    const rows = await this.repository.list(tenantId, { limit: 1000, offset: 0 });',
            `    for (const item of rows.map((row) => to${E}(row))) summary[item.status] = (summary[item.status] ?? 0) + 1;`,
          ]),
      '    return summary;',
      '  }',
    );
  }
  for (const helper of HELPERS) {
    const lines = random.chance(0.7) ? helper(d) : undefined;
    if (lines) out.push('', ...lines);
  }
  if (options.transactional) out.push('', ...transactionMethod(random, d));
  out.push('}');
  if (d.status) out.push('', ...transitions(d));
  return out.join('\n');
}

function transactionMethod(random: Random, d: Domain): string[] {
  const first = writable(d)[0]!;
  const lock = random.chance(0.3);
  return [
    `  async bulkUpdate(tenantId: string, ids: readonly string[], input: Update${d.entity}Input): Promise<number> {`,
    '    const client: PoolClient = await pool.connect();',
    ...inPgTransaction(
      '    ',
      [
        ...(lock ? ["await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [tenantId]);"] : []),
        'let changed = 0;',
        'for (const id of ids) {',
        `  const result = await client.query('UPDATE ${d.table} SET ${first.column} = $1 WHERE id = $2 AND tenant_id = $3', [input.${first.name}, id, tenantId]);`,
        '  changed += result.rowCount ?? 0;',
        '}',
      ],
      'changed',
    ),
    '  }',
  ];
}

function transitions(d: Domain): string[] {
  const values = d.status!.values!;
  return [
    `const TRANSITIONS: Record<${d.entity}Status, readonly ${d.entity}Status[]> = {`,
    ...values.map((v, i) => `  ${v}: [${values.slice(i + 1).map((n) => `'${n}'`).join(', ')}],`),
    '};',
    '',
    `function canTransition(from: ${d.entity}Status, to: ${d.entity}Status): boolean {`,
    '  return from === to || TRANSITIONS[from].includes(to);',
    '}',
  ];
}

/**
 * `<domain>.policy.ts`: who may do what, and limits per plan.
 * @example policyFile(random, domain) // 'export function canEditInvoice(actor: Actor, …)'
 */
export function policyFile(random: Random, d: Domain): string {
  const E = d.entity;
  const out = [
    "import type { Actor } from '../../lib/actor.js';",
    `import type { ${E} } from './${d.name}.dto.js';`,
    '',
    `const LIMITS: Record<Actor['plan'], number> = { free: ${random.int(3, 20)}, team: ${random.int(50, 500)}, enterprise: Number.POSITIVE_INFINITY };`,
    '',
    `export function canRead${E}(actor: Actor, item: ${E}): boolean {`,
    '  return actor.tenantId === item.tenantId;',
    '}',
    '',
    `export function canEdit${E}(actor: Actor, item: ${E}): boolean {`,
    '  if (actor.tenantId !== item.tenantId) return false;',
    "  if (actor.roles.includes('admin')) return true;",
    has(d, 'ownerId') ? '  return item.ownerId === actor.userId;' : "  return actor.roles.includes('editor');",
    '}',
    '',
    `export function canCreate${E}(actor: Actor, existing: number): boolean {`,
    "  if (actor.roles.includes('viewer')) return false;",
    '  return existing < LIMITS[actor.plan];',
    '}',
  ];
  const extra = random.int(0, 4);
  for (let i = 0; i < extra; i++) {
    const role = random.pick(['auditor', 'billing', 'support', 'owner', 'manager']);
    out.push(
      '',
      `export function may${random.pick(['Export', 'Archive', 'Share', 'Approve', 'Escalate'])}${E}${i}(actor: Actor, item: ${E}, now: Date): boolean {`,
      `  if (!actor.roles.includes('${role}') && !actor.roles.includes('admin')) return false;`,
      `  const ageDays = (now.getTime() - item.createdAt.getTime()) / 86_400_000;`,
      `  return ageDays ${random.pick(['<', '>='])} ${random.int(1, 90)}${d.status ? ` && item.status !== '${random.pick(d.status.values!)}'` : ''};`,
      '}',
    );
  }
  return out.join('\n');
}

/**
 * `<domain>.events.ts`: an in-process event bus, with log lines and strings that only look like SQL.
 * @example eventsFile(random, domain) // "bus.on('connect', …)"
 */
export function eventsFile(random: Random, d: Domain): string {
  const E = d.entity;
  return [
    "import { EventEmitter } from 'node:events';",
    "import { logger } from '../../lib/logger.js';",
    `import type { ${E} } from './${d.name}.dto.js';`,
    '',
    `export type ${E}Event = { type: 'created' | 'updated' | 'removed'; item: ${E}; at: Date };`,
    '',
    `export const ${d.variable}Events = new EventEmitter();`,
    '',
    `${d.variable}Events.on('connect', () => logger.debug('${d.name} events: listener connect'));`,
    `${d.variable}Events.on('updated', (event: ${E}Event) => {`,
    `  logger.debug('SET ${d.table}.updated_at for ' + event.item.id);`,
    '});',
    '',
    `export function describe${E}Event(event: ${E}Event): string {`,
    `  const verb = event.type === 'removed' ? 'DELETE FROM' : event.type === 'created' ? 'INSERT INTO' : 'UPDATE ${d.table} SET';`,
    `  return \`\${verb} ${d.table} (\${event.item.id}) at \${event.at.toISOString()}\`;`,
    '}',
    '',
    `export function publish${E}(type: ${E}Event['type'], item: ${E}): void {`,
    `  const event: ${E}Event = { type, item, at: new Date() };`,
    `  ${d.variable}Events.emit(type, event);`,
    ...(random.chance(0.5) ? [`  if (type === 'removed') logger.info('LISTEN for ${d.name} removals is handled by the audit worker');`] : []),
    '}',
  ].join('\n');
}
