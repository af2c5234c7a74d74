/**
 * `wrapperSqlUses`: which calls it asks the pass about. Asking which project function a call runs costs the checker
 * the type of the receiver (seconds for a drizzle database typed from its schema) or, untyped, a module parse; a call
 * whose every argument is inert text, a number or a function cannot give a finding, so it is not asked.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import tsParser from '@typescript-eslint/parser';
import type { TSESTree } from '@typescript-eslint/utils';
import { Linter } from 'eslint';
import { createRule } from '../../src/create-rule.js';
import type { ProgramPass, WrapperSqlArgument } from '../../src/program/index.js';
import { wrapperSqlUses } from '../../src/program/uses.js';

/** The source of each `db.run(…)` call the pass was asked about, and the findings of the uses it gave. */
function asked(code: string): { asked: string[]; findings: string[] } {
  const result = { asked: [] as string[], findings: [] as string[] };
  const rule = createRule({
    name: 'probe',
    meta: { type: 'problem', docs: { description: 'probe', recommended: false }, messages: { x: 'x' }, schema: [] },
    create(context) {
      // A pass that knows one wrapper, `db.run(text)`, sending its first argument to pg as SQL text.
      const pass: ProgramPass = {
        wrapperSqlArguments(call) {
          result.asked.push(context.sourceCode.getText(call));
          const arg = call.arguments[0];
          if (!arg || arg.type === 'SpreadElement') return [];
          const wrapped: WrapperSqlArgument = {
            arg,
            driver: 'pg',
            kind: 'pg.Pool',
            form: 'text',
            inTransaction: false,
            withValues: call.arguments.length > 1,
            direct: false,
            receiver: undefined,
            before: { parts: [''], holes: [] },
            after: { parts: [''], holes: [] },
          };
          return [wrapped];
        },
        acquisitionOf: () => undefined,
        releasesArgument: () => false,
        resolveExternal: () => undefined,
        callbackInTransaction: () => undefined,
      };
      const options = { getScope: (node: TSESTree.Node) => context.sourceCode.getScope(node) };
      return {
        CallExpression(node) {
          if (node.callee.type !== 'MemberExpression' || context.sourceCode.getText(node.callee) !== 'db.run') return;
          for (const use of wrapperSqlUses(pass, node, options)) {
            for (const candidate of use.candidates) result.findings.push(...candidate.analysis.findings.map((f) => f.hazard));
          }
        },
      };
    },
  });
  const linter = new Linter({ configType: 'flat' });
  const messages = linter.verify(code, [
    {
      files: ['**/*.ts'],
      languageOptions: { parser: tsParser, sourceType: 'module' },
      plugins: { probe: { rules: { probe: rule as never } } },
      rules: { 'probe/probe': 'error' },
    },
  ], 'app.ts');
  assert.deepEqual(messages, []);
  return result;
}

describe('wrapperSqlUses: which calls are asked about', () => {
  it('does not ask about calls whose arguments cannot carry a finding', () => {
    const code = [
      "declare const db: any, sql: any, id: number, tenant: string;",
      "const LIST = 'SELECT * FROM invoices WHERE team_id = $1';",
      'db.run(sql`SELECT * FROM invoices WHERE team_id = ${id}`);',
      "db.run('SELECT 1', 42, () => undefined);",
      "db.run('SELECT * FROM a ' + 'WHERE b = 1');",
      "db.run(`UPDATE users SET name = 'x' WHERE id = 1`);",
      'db.run();',
    ].join('\n');
    assert.deepEqual(asked(code), { asked: [], findings: [] });
  });

  it('asks about text with a hazard or transaction word, raw holes, names, objects and spreads', () => {
    const code = [
      "declare const db: any, sql: any, tenant: string, SET_TENANT: string, config: object, args: string[];",
      "db.run('SET search_path TO app');",
      "db.run('BEGIN');",
      'db.run(`SELECT * FROM ${tenant}.invoices`);',
      'db.run(SET_TENANT);',
      "db.run({ name: 'by-id', text: 'SELECT 1' });",
      'db.run(...args);',
      "db.run(sql`SELECT pg_advisory_lock(${1})`);",
    ].join('\n');
    const result = asked(code);
    assert.deepEqual(result.asked, [
      "db.run('SET search_path TO app')",
      "db.run('BEGIN')",
      'db.run(`SELECT * FROM ${tenant}.invoices`)',
      'db.run(SET_TENANT)',
      "db.run({ name: 'by-id', text: 'SELECT 1' })",
      'db.run(...args)',
      'db.run(sql`SELECT pg_advisory_lock(${1})`)',
    ]);
    assert.deepEqual(result.findings, ['session-set', 'session-advisory-lock']);
  });
});
