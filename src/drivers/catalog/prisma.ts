/** Prisma Client: raw queries and interactive transactions. */
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
};
