/**
 * The name index of the program pass (`CallNames` through `ProgramFacts.mayCall`): which calls can run a
 * project function that reaches a driver method, decided by names alone, before any checker question.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { ACQUIRE_METHODS, ProgramFacts, SQL_METHODS } from '../../src/program/facts.js';
import { loadTypeScript } from '../../src/program/typescript.js';
import { memoryProgram } from '../memory-program.js';

const DB = `
declare const pool: { query(text: string): Promise<unknown>; connect(): Promise<unknown> };
export const run = (text: string) => pool.query(text);
export default function exec(text: string) { return pool.query(text); }
export async function outer(text: string) { return run(text); }
export function mapAll(xs: number[]) { return xs.map((x) => x + 1); }
export function add(a: number, b: number) { return a + b; }
export function getClient() { return pool.connect(); }
export const repo = { async find(id: string) { return pool.query('SELECT ' + id); }, size() { return 1; } };
export const db = { query: (text: string) => text };
db.query = (text: string) => String(pool.query(text));
export { run as runAlias };
`;

const CALLER = `
import exec2, { run as q, runAlias, outer, mapAll, add, getClient, repo, db } from './db.js';
export function caller() {
  q('x'); exec2('x'); runAlias('x'); outer('x'); mapAll([1]); add(1, 2); getClient(); repo.find('1'); repo.size(); db.query('x');
  unknown('x');
}
declare function unknown(text: string): void;
`;

/** For each call of `caller`'s body: its callee text, and whether it may reach `methods`. */
function mayCall(methods: ReadonlySet<string>): Record<string, boolean> {
  const program = memoryProgram({ '/app/src/db.ts': DB, '/app/src/caller.ts': CALLER });
  const facts = new ProgramFacts(loadTypeScript()!, program, { specifiers: [], directUrlPattern: /DIRECT/, cwd: '/app' });
  const calls: Record<string, boolean> = {};
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) calls[node.expression.getText()] = facts.mayCall(node, methods);
    node.forEachChild(visit);
  };
  visit(program.getSourceFile('/app/src/caller.ts')!);
  return calls;
}

describe('which calls may reach a driver method, by name (program pass)', () => {
  it('follows aliases, default imports, callers of callers and assigned functions to SQL methods', () => {
    assert.deepEqual(mayCall(SQL_METHODS), {
      q: true,
      exec2: true,
      runAlias: true,
      outer: true,
      mapAll: false, // `xs.map((x) => …)` is no driver call
      add: false,
      getClient: false,
      'repo.find': true,
      'repo.size': false,
      'db.query': true,
      unknown: false,
    });
  });

  it('answers per method set', () => {
    const calls = mayCall(ACQUIRE_METHODS);
    assert.equal(calls.getClient, true);
    assert.equal(calls.q, false);
  });
});
