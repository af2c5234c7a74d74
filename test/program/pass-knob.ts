/**
 * Child-process helper of pass.test.ts: prints whether the program pass is on and what no-listen reports
 * at a wrapper call site, as JSON. The environment (`POOLER_PROGRAM_PASS`) is the parent's choice.
 */
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import plugin from '../../src/index.js';
import { PROGRAM_PASS_ENABLED } from '../../src/program/index.js';
import { APP, HANDLER, IMPORTS } from './fixture.js';

const linter = new Linter({ configType: 'flat', cwd: APP });
const messages = linter.verify(
  IMPORTS + "await exec('LISTEN jobs');",
  [
    {
      files: ['**/*.ts'],
      languageOptions: { parser: tsParser, parserOptions: { projectService: true, tsconfigRootDir: APP } },
      plugins: { pooler: plugin as never },
      rules: { 'pooler/no-listen': 'error' },
    },
  ],
  HANDLER,
);
process.stdout.write(JSON.stringify({ enabled: PROGRAM_PASS_ENABLED, reports: messages.map((m) => `${m.ruleId} ${m.line}:${m.column}`) }));
