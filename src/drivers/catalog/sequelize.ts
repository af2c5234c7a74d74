/** Sequelize (v6 `sequelize`, v7 `@sequelize/core`): instances, raw queries and transactions. */
import type { DriverKinds } from './types.js';

const t = { kind: 'sequelize.Transaction', inTransaction: true } as const;

export const sequelizeKinds: DriverKinds<'sequelize'> = {
  'sequelize.module': {
    driver: 'sequelize',
    role: 'class',
    construct: { result: { kind: 'sequelize.Sequelize', creates: { urlArgs: [0], urlMaxArgs: 2 } } },
    props: { Sequelize: 'sequelize.module' },
  },
  'sequelize.Sequelize': {
    driver: 'sequelize',
    role: 'pool',
    methods: {
      query: { sql: { arg: 0, form: 'query', transactionOption: 1 } },
      transaction: { result: { ...t, async: true }, callback: { params: [t] } },
      close: {},
    },
  },
  'sequelize.Transaction': {
    driver: 'sequelize',
    role: 'transaction',
    inTransaction: true,
    methods: { commit: {}, rollback: {} },
  },
};
