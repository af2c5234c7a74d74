/**
 * The business domains of the generated application: an entity with typed fields, the table behind it and
 * the names every file of the domain uses. Drawn from the seeded random source, so the same seed gives the
 * same domains.
 */
import { camel, pascal, table, type Random } from './random.js';

/** One column of an entity. */
export interface Field {
  /** camelCase property. */
  name: string;
  /** snake_case column. */
  column: string;
  ts: 'string' | 'number' | 'boolean' | 'Date';
  /** Allowed values of a status-like string field. */
  values?: readonly string[];
}

/** A domain: `invoice` → `Invoice`, `invoices`, its fields and file base names. */
export interface Domain {
  /** kebab-case: `invoice-line`. */
  name: string;
  /** PascalCase entity: `InvoiceLine`. */
  entity: string;
  /** camelCase: `invoiceLine`. */
  variable: string;
  table: string;
  /** The id, tenant_id and created_at fields come first. */
  fields: readonly Field[];
  /** A status-like field, when the entity has one. */
  status?: Field;
  /** A numeric amount field, when the entity has one. */
  amount?: Field;
}

const NOUNS = [
  'account', 'invoice', 'order', 'customer', 'product', 'shipment', 'payment', 'subscription', 'ticket', 'project',
  'task', 'comment', 'document', 'contract', 'supplier', 'warehouse', 'coupon', 'refund', 'review', 'booking',
  'room', 'course', 'lesson', 'enrollment', 'vehicle', 'driver', 'route', 'invitation', 'team', 'member',
  'webhook', 'report', 'budget', 'expense', 'asset', 'license', 'device', 'alert', 'campaign', 'lead',
] as const;
const QUALIFIERS = ['line', 'item', 'note', 'tag', 'event', 'rule', 'plan', 'entry', 'log', 'batch', 'quote', 'slot'] as const;

const STATUSES = [
  ['draft', 'open', 'closed'],
  ['pending', 'active', 'suspended', 'cancelled'],
  ['new', 'in_progress', 'done', 'archived'],
  ['requested', 'approved', 'rejected'],
] as const;

const OPTIONAL_FIELDS: readonly Field[] = [
  { name: 'title', column: 'title', ts: 'string' },
  { name: 'description', column: 'description', ts: 'string' },
  { name: 'email', column: 'email', ts: 'string' },
  { name: 'externalRef', column: 'external_ref', ts: 'string' },
  { name: 'currency', column: 'currency', ts: 'string' },
  { name: 'quantity', column: 'quantity', ts: 'number' },
  { name: 'priority', column: 'priority', ts: 'number' },
  { name: 'score', column: 'score', ts: 'number' },
  { name: 'isActive', column: 'is_active', ts: 'boolean' },
  { name: 'isArchived', column: 'is_archived', ts: 'boolean' },
  { name: 'ownerId', column: 'owner_id', ts: 'string' },
  { name: 'dueDate', column: 'due_date', ts: 'Date' },
  { name: 'updatedAt', column: 'updated_at', ts: 'Date' },
  { name: 'notes', column: 'notes', ts: 'string' },
  { name: 'version', column: 'version', ts: 'number' },
];

/**
 * The kebab-case name of the `index`-th domain: nouns first, then noun-qualifier pairs, then numbered.
 * @example domainName(0) // 'account'; domainName(40) // 'account-line'
 */
export function domainName(index: number): string {
  const noun = NOUNS[index % NOUNS.length]!;
  const round = Math.floor(index / NOUNS.length);
  if (round === 0) return noun;
  const qualifier = QUALIFIERS[(round - 1) % QUALIFIERS.length]!;
  const cycle = Math.floor((round - 1) / QUALIFIERS.length);
  return cycle === 0 ? `${noun}-${qualifier}` : `${noun}-${qualifier}${cycle + 1}`;
}

/**
 * The `index`-th domain with its fields drawn from `random`.
 * @example createDomain(createRandom(1), 0).entity // 'Account'
 */
export function createDomain(random: Random, index: number): Domain {
  const name = domainName(index);
  const fields: Field[] = [
    { name: 'id', column: 'id', ts: 'string' },
    { name: 'tenantId', column: 'tenant_id', ts: 'string' },
    { name: 'createdAt', column: 'created_at', ts: 'Date' },
  ];
  for (const field of OPTIONAL_FIELDS) if (random.chance(0.4)) fields.push(field);
  if (fields.length === 3) fields.push(OPTIONAL_FIELDS[0]!);
  let status: Field | undefined;
  if (random.chance(0.7)) {
    status = { name: 'status', column: 'status', ts: 'string', values: random.pick(STATUSES) };
    fields.push(status);
  }
  let amount: Field | undefined;
  if (random.chance(0.5)) {
    amount = { name: 'amountCents', column: 'amount_cents', ts: 'number' };
    fields.push(amount);
  }
  return {
    name,
    entity: pascal(name),
    variable: camel(name),
    table: table(name),
    fields,
    ...(status ? { status } : {}),
    ...(amount ? { amount } : {}),
  };
}

/**
 * The fields a client may write (everything but id, tenant and creation time).
 * @example writable(domain).map((f) => f.column) // ['title', 'status']
 */
export function writable(domain: Domain): Field[] {
  return domain.fields.filter((f) => !['id', 'tenantId', 'createdAt'].includes(f.name));
}
