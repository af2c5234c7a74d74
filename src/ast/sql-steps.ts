/**
 * SQL built in steps: `[a, b].join('; ')`, an array of this file filled with `push` and then joined, and a
 * `let` extended with `+=` (or `sql = sql + …`). Each gives the expressions it concatenates in source order,
 * with the separators as text; the SQL-text resolver then reads each expression as usual. Anything else done
 * to the array or the variable (another method, an index write, passing it to a function, a plain
 * reassignment) gives up, and the expression stays unknown.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES, ASTUtils } from '@typescript-eslint/utils';
import type { Scope } from '@typescript-eslint/utils/ts-eslint';
import { propName, soleValueDefinition, stringValue, unwrap } from './nodes.js';

/** One step: a separator's text, or an expression whose SQL text comes next. */
export type Step = { kind: 'separator'; text: string } | { kind: 'part'; node: TSESTree.Node };

export interface Steps {
  steps: Step[];
  /** The parts come from elsewhere in the file (a declaration, `push` calls): report at the use. */
  remote: boolean;
}

const MAX_PARTS = 64;
/** Uses of an array that leave its content as it is. */
const ARRAY_READS = new Set(['join', 'length']);

/** The single `let` / `const` / `var` declarator of an identifier, with its variable. */
function declaration(node: TSESTree.Identifier, scope: Scope.Scope) {
  const variable = ASTUtils.findVariable(scope, node.name);
  const definition = soleValueDefinition(variable);
  if (!variable || definition?.type !== 'Variable') return undefined;
  const declarator = definition.node;
  if (declarator.id.type !== AST_NODE_TYPES.Identifier || !declarator.init) return undefined;
  return { variable, declarator: declarator as TSESTree.VariableDeclarator & { id: TSESTree.Identifier; init: TSESTree.Expression } };
}

/** The call a member expression is the callee of, if any. */
function calledMember(identifier: TSESTree.Node): { method: string | undefined; call?: TSESTree.CallExpression } | undefined {
  const member = identifier.parent;
  if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== identifier || member.computed) return undefined;
  const call = member.parent?.type === AST_NODE_TYPES.CallExpression && member.parent.callee === member ? member.parent : undefined;
  return { method: propName(member), ...(call ? { call } : {}) };
}

/** An array literal of this file and what `push` added to it before `before`, or `undefined`. */
function arrayItems(node: TSESTree.Node, scope: Scope.Scope, before: number): { items: TSESTree.Node[]; remote: boolean } | undefined {
  const target = unwrap(node);
  if (target.type === AST_NODE_TYPES.ArrayExpression) {
    const items = elements(target.elements);
    return items && { items, remote: false };
  }
  if (target.type !== AST_NODE_TYPES.Identifier) return undefined;
  const found = declaration(target, scope);
  const init = found && unwrap(found.declarator.init);
  if (!found || init?.type !== AST_NODE_TYPES.ArrayExpression) return undefined;
  const items = elements(init.elements);
  if (!items) return undefined;
  const pushes: TSESTree.CallExpression[] = [];
  for (const reference of found.variable.references) {
    if (reference.identifier === found.declarator.id) continue;
    if (reference.isWrite()) return undefined;
    const use = calledMember(reference.identifier);
    if (use?.method === 'push' && use.call) {
      if (use.call.range[0] < before) pushes.push(use.call);
    } else if (!use || !ARRAY_READS.has(use.method ?? '')) {
      return undefined;
    }
  }
  for (const push of pushes.sort((a, b) => a.range[0] - b.range[0])) {
    const added = elements(push.arguments);
    if (!added) return undefined;
    items.push(...added);
  }
  return { items, remote: true };
}

function elements(list: ReadonlyArray<TSESTree.Node | null>): TSESTree.Node[] | undefined {
  if (list.length > MAX_PARTS || list.some((item) => item === null || item.type === AST_NODE_TYPES.SpreadElement)) return undefined;
  return [...(list as TSESTree.Node[])];
}

/**
 * `array.join(separator)` where the array is a literal, or a literal of this file only ever `push`ed to:
 * its items with the separator between them (`,` when none is given).
 *
 * @example joinedSteps(node /* ['SET LOCAL a.b = 1', 'SELECT 1'].join('; ') *\/, scope)
 *   // { steps: [part, { kind: 'separator', text: '; ' }, part], remote: false }
 */
export function joinedSteps(call: TSESTree.CallExpression, scope: Scope.Scope): Steps | undefined {
  if (call.callee.type !== AST_NODE_TYPES.MemberExpression || call.callee.computed || propName(call.callee) !== 'join') return undefined;
  if (call.arguments.length > 1) return undefined;
  const separator = call.arguments.length === 0 ? ',' : stringValue(call.arguments[0]);
  if (separator === undefined) return undefined;
  const found = arrayItems(call.callee.object, scope, call.range[0]);
  if (!found || found.items.length > MAX_PARTS) return undefined;
  const steps: Step[] = [];
  found.items.forEach((node, index) => {
    if (index > 0) steps.push({ kind: 'separator', text: separator });
    steps.push({ kind: 'part', node });
  });
  return { steps, remote: found.remote };
}

/** What a write of `identifier` appends: `x += e` → `e`, `x = x + e` → `e`; `undefined` for any other write. */
function appended(identifier: TSESTree.Identifier): TSESTree.Node | undefined {
  const assignment = identifier.parent;
  if (assignment?.type !== AST_NODE_TYPES.AssignmentExpression || assignment.left !== identifier) return undefined;
  if (assignment.operator === '+=') return assignment.right;
  const right = assignment.right;
  if (assignment.operator !== '=' || right.type !== AST_NODE_TYPES.BinaryExpression || right.operator !== '+') return undefined;
  const left = unwrap(right.left);
  return left.type === AST_NODE_TYPES.Identifier && left.name === identifier.name ? right.right : undefined;
}

/**
 * A variable of this file built with `+=` (or `x = x + …`): its initial value, then what each write
 * before `use` appended, in source order. `undefined` when any other write touches it.
 *
 * @example appendedSteps(use /* sql, after `let sql = 'BEGIN; '; sql += 'SET LOCAL …'` *\/, scope)
 *   // { steps: [part, part], remote: true }
 */
export function appendedSteps(use: TSESTree.Identifier, scope: Scope.Scope): Steps | undefined {
  const found = declaration(use, scope);
  if (!found) return undefined;
  const parts: TSESTree.Node[] = [found.declarator.init];
  let writes = 0;
  const sorted = [...found.variable.references].sort((a, b) => a.identifier.range[0] - b.identifier.range[0]);
  for (const reference of sorted) {
    if (!reference.isWrite() || reference.identifier === found.declarator.id) continue;
    const part = reference.identifier.type === AST_NODE_TYPES.Identifier ? appended(reference.identifier) : undefined;
    if (!part) return undefined;
    writes++;
    if (reference.identifier.range[0] < use.range[0]) parts.push(part);
  }
  if (writes === 0 || parts.length > MAX_PARTS) return undefined;
  return { steps: parts.map((node) => ({ kind: 'part', node })), remote: true };
}
