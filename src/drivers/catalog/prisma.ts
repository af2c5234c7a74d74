/** Prisma Client: raw queries and interactive transactions; Prisma 7's pg adapter (`@prisma/adapter-pg`). */
import { sqlMethods } from './helpers.js';
import type { DriverKinds, KindSpec } from './types.js';

const raw: Pick<KindSpec, 'props' | 'methods'> = {
  props: { $queryRaw: 'prisma.raw', $executeRaw: 'prisma.raw' },
  methods: sqlMethods(['$queryRawUnsafe', '$executeRawUnsafe'], 'text'),
};

export const prismaKinds: DriverKinds<'prisma'> = {
  'prisma.module': {
    driver: 'prisma',
    role: 'module',
    props: { PrismaClient: 'prisma.ClientClass', Prisma: 'prisma.namespace' },
  },
  'prisma.ClientClass': {
    driver: 'prisma',
    role: 'class',
    construct: { result: { kind: 'prisma.Client', creates: { urlArgs: [] } } },
  },
  'prisma.Client': {
    driver: 'prisma',
    role: 'pool',
    props: raw.props,
    methods: {
      ...raw.methods,
      $transaction: { callback: { params: [{ kind: 'prisma.Transaction', inTransaction: true }] } },
      $extends: { result: { kind: 'prisma.Client' } },
      $connect: {},
      $disconnect: {},
    },
  },
  'prisma.Transaction': { driver: 'prisma', role: 'transaction', inTransaction: true, ...raw },
  'prisma.raw': { driver: 'prisma', role: 'function', tag: 'execute', call: { sql: { arg: 0, form: 'token' } } },
  'prisma.namespace': {
    driver: 'prisma',
    role: 'module',
    props: { sql: 'prisma.sql' },
    methods: sqlMethods(['raw'], 'text', { role: 'fragment' }),
  },
  'prisma.sql': { driver: 'prisma', role: 'sql-tag', tag: 'fragment' },
  // Prisma 7's driver adapter for pg: its config is a pg.Pool config (startup parameters, `max`), the pool it opens.
  'prisma.adapterPgModule': { driver: 'prisma', role: 'module', props: { PrismaPg: 'prisma.PgAdapterClass' } },
  'prisma.PgAdapterClass': { driver: 'prisma', role: 'class', construct: { result: { kind: 'prisma.PgAdapter', creates: {} } } },
  'prisma.PgAdapter': { driver: 'prisma', role: 'pool' },
};
