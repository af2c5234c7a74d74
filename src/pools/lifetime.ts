/**
 * How long a pool lives. A pool that serves the process (module scope, exported, a class field, handed
 * on) must bound its checkout wait; one that a function creates into a local variable and ends before it
 * returns (a script's `main`, a test) waits for nobody but that function.
 */
import { ASTUtils, type TSESTree } from '@typescript-eslint/utils';
import { enclosingFunction, propName } from '../ast/nodes.js';
import type { GetScope } from '../ast/objects.js';

const WRAPPERS = new Set(['AwaitExpression', 'TSAsExpression', 'TSNonNullExpression', 'TSSatisfiesExpression', 'TSTypeAssertion']);

/**
 * Whether the pool `node` creates is bound to a local variable of a function (never reassigned) that
 * the same function ends: `const pool = new Pool(); …; await pool.end()`, not in a callback it leaves
 * behind (`process.on('exit', () => pool.end())`).
 * @example endedWhereCreated(newPool, getScope) // true inside `async function main() { …; await pool.end(); }`
 */
export function endedWhereCreated(node: TSESTree.CallExpression | TSESTree.NewExpression, getScope: GetScope): boolean {
  const fn = enclosingFunction(node);
  if (!fn) return false;
  let expression: TSESTree.Node = node;
  while (expression.parent && WRAPPERS.has(expression.parent.type)) expression = expression.parent;
  const declarator = expression.parent;
  if (declarator?.type !== 'VariableDeclarator' || declarator.init !== expression || declarator.id.type !== 'Identifier') return false;
  const variable = ASTUtils.findVariable(getScope(declarator.id), declarator.id);
  if (!variable || variable.references.some((ref) => ref.isWrite() && !ref.init)) return false;
  return variable.references.some((ref) => {
    const member = ref.identifier.parent;
    const call = member?.parent;
    return (
      member?.type === 'MemberExpression' &&
      member.object === ref.identifier &&
      propName(member) === 'end' &&
      call?.type === 'CallExpression' &&
      call.callee === member &&
      enclosingFunction(call) === fn
    );
  });
}
