/**
 * How a reference to the handle is used: read through a member (`client.query`), only tested
 * (`if (client)`, `client != null`), passed as an argument, or handed on (returned, stored, aliased).
 */
import type { TSESTree } from '@typescript-eslint/utils';

/** The role of one reference. */
export type UseRole =
  | { readonly kind: 'member'; readonly name: string | undefined; readonly member: TSESTree.MemberExpression }
  /** Tested, compared, awaited, called or used as a tag: no effect on ownership. */
  | { readonly kind: 'test' }
  | { readonly kind: 'argument'; readonly call: TSESTree.CallExpression | TSESTree.NewExpression; readonly index: number }
  | { readonly kind: 'escape' };

const WRAPPERS = new Set(['TSAsExpression', 'TSNonNullExpression', 'TSSatisfiesExpression', 'TSTypeAssertion', 'ChainExpression']);
const COMPARISONS = new Set(['==', '!=', '===', '!==', 'instanceof']);

/**
 * The role of a reference `identifier` (looking through TypeScript wrappers and optional chains).
 * @example useRole(ref).kind // 'member' for `client.query()`, 'escape' for `return client`
 */
export function useRole(identifier: TSESTree.Node): UseRole {
  let child: TSESTree.Node = identifier;
  let parent = child.parent;
  while (parent && WRAPPERS.has(parent.type)) {
    child = parent;
    parent = parent.parent;
  }
  if (!parent) return { kind: 'escape' };
  switch (parent.type) {
    case 'MemberExpression':
      if (parent.object !== child) return { kind: 'escape' };
      return { kind: 'member', name: memberName(parent), member: parent };
    case 'UnaryExpression':
      return parent.operator === 'delete' ? { kind: 'escape' } : { kind: 'test' };
    case 'BinaryExpression':
      return COMPARISONS.has(parent.operator) ? { kind: 'test' } : { kind: 'escape' };
    case 'LogicalExpression':
      return { kind: 'test' };
    case 'IfStatement':
    case 'WhileStatement':
    case 'DoWhileStatement':
    case 'ForStatement':
    case 'ConditionalExpression':
      return 'test' in parent && parent.test === child ? { kind: 'test' } : { kind: 'escape' };
    case 'SwitchStatement':
    case 'SwitchCase':
    case 'ExpressionStatement':
    case 'AwaitExpression':
    case 'TemplateLiteral':
      return { kind: 'test' };
    case 'TaggedTemplateExpression':
      return parent.tag === child ? { kind: 'test' } : { kind: 'escape' };
    case 'CallExpression':
    case 'NewExpression': {
      const index = parent.arguments.indexOf(child as TSESTree.CallExpressionArgument);
      return index < 0 ? { kind: 'test' } : { kind: 'argument', call: parent, index };
    }
    default:
      return { kind: 'escape' };
  }
}

function memberName(node: TSESTree.MemberExpression): string | undefined {
  if (!node.computed && node.property.type === 'Identifier') return node.property.name;
  return node.property.type === 'Literal' && typeof node.property.value === 'string' ? node.property.value : undefined;
}
