/** TypeORM: data sources, entity managers, repositories and query runners. */
import { sqlMethods } from './helpers.js';
import { pgPoolLeak } from './pg.js';
import type { CallSpec, DriverKinds } from './types.js';

const query = sqlMethods(['query'], 'text');
const transaction: CallSpec = {
  callback: { params: [{ kind: 'typeorm.EntityManager', inTransaction: true }] },
};
const getRepository: CallSpec = { result: { kind: 'typeorm.Repository' } };
const dataSource = { kind: 'typeorm.DataSource', creates: { urlArgs: [] } } as const;

export const typeormKinds: DriverKinds<'typeorm'> = {
  'typeorm.module': {
    driver: 'typeorm',
    role: 'module',
    props: {
      DataSource: 'typeorm.DataSourceClass',
      Connection: 'typeorm.DataSourceClass',
      createConnection: 'typeorm.createConnection',
    },
  },
  'typeorm.DataSourceClass': { driver: 'typeorm', role: 'class', construct: { result: dataSource } },
  'typeorm.createConnection': { driver: 'typeorm', role: 'function', call: { result: { ...dataSource, async: true } } },
  'typeorm.DataSource': {
    driver: 'typeorm',
    role: 'pool',
    props: { manager: 'typeorm.EntityManager' },
    methods: {
      ...query,
      transaction,
      getRepository,
      initialize: { result: { kind: 'typeorm.DataSource', async: true } },
      createQueryRunner: {
        result: { kind: 'typeorm.QueryRunner' },
        acquires: {
          release: { method: 'release' },
          lazy: { connectMethod: 'connect' },
          awaitRelease: true,
          consequence: pgPoolLeak('query runner'),
        },
      },
      destroy: {},
    },
  },
  'typeorm.EntityManager': { driver: 'typeorm', role: 'connection', methods: { ...query, transaction, getRepository } },
  'typeorm.QueryRunner': {
    driver: 'typeorm',
    role: 'connection',
    props: { manager: 'typeorm.EntityManager' },
    methods: {
      ...query,
      connect: {},
      startTransaction: {},
      commitTransaction: {},
      rollbackTransaction: {},
      release: {},
    },
  },
  'typeorm.Repository': { driver: 'typeorm', role: 'builder', methods: query },
};
