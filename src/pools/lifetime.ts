/**
 * How long a pool lives. A pool that serves the process (module scope, exported, a class field, handed
 * on) must bound its checkout wait; one that a function creates into a local variable and ends before it
 * returns (a script's `main`, a test) waits for nobody but that function.
 */
import { ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { enclosingFunction, propName } from '../ast/nodes.js';
import type { GetScope } from '../ast/objects.js';

type Variable = TSESLint.Scope.Variable;

const WRAPPERS = new Set(['AwaitExpression', 'TSAsExpression', 'TSNonNullExpression', 'TSSatisfiesExpression', 'TSTypeAssertion']);

/**
 * Whether the pool `node` creates is stored in a local variable of a function (given no other value)
 * that the same function ends: `const pool = new Pool(); …; await pool.end()`, not in a callback it
 * leaves behind (`process.on('exit', () => pool.end())`).
 * @example endedWhereCreated(newPool, getScope) // true inside `async function main() { …; await pool.end(); }`
 */
export function endedWhereCreated(node: TSESTree.CallExpression | TSESTree.NewExpression, getScope: GetScope): boolean {
  const fn = enclosingFunction(node);
  if (!fn) return false;
  let expression: TSESTree.Node = node;
  while (expression.parent && WRAPPERS.has(expression.parent.type)) expression = expression.parent;
  const variable = localOf(expression, getScope);
  // Declared in this function and given only this pool.
  if (!variable || variable.defs.some((def) => enclosingFunction(def.name) !== fn)) return false;
  if (variable.references.some((ref) => ref.isWrite() && ref.writeExpr !== expression)) return false;
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

/** The variable a pool is stored in: `const pool = new Pool()` or `pool = new Pool()`. */
function localOf(expression: TSESTree.Node, getScope: GetScope): Variable | undefined {
  const parent = expression.parent;
  const id =
    parent?.type === 'VariableDeclarator' && parent.init === expression
      ? parent.id
      : parent?.type === 'AssignmentExpression' && parent.operator === '=' && parent.right === expression
        ? parent.left
        : undefined;
  return id?.type === 'Identifier' ? (ASTUtils.findVariable(getScope(id), id) ?? undefined) : undefined;
}
