/**
 * Reading libpg-query's JSON trees: a node is `{ TypeName: { …fields } }`. Walks are iterative, so a
 * deeply nested tree cannot overflow the stack.
 */

/** A node's fields, or a wrapper `{ TypeName: fields }`. */
export type Node = Record<string, unknown>;

/**
 * The single node type and its fields: `{ VariableSetStmt: {…} }` → `['VariableSetStmt', {…}]`.
 *
 * @example nodeEntry({ ListenStmt: { conditionname: 'a' } }) // ['ListenStmt', { conditionname: 'a' }]
 */
export function nodeEntry(node: unknown): [string, Node] {
  const entries = node && typeof node === 'object' ? Object.entries(node as Node) : [];
  const [type, inner] = entries[0] ?? ['Unknown', {}];
  return [type, (inner && typeof inner === 'object' ? inner : {}) as Node];
}

/**
 * Every value stored under `key` anywhere in a tree, in document order (depth first).
 *
 * @example findNodes(parseTree, 'FuncCall') // [{ funcname: [...], args: [...], location: 7 }, ...]
 */
export function findNodes(root: unknown, key: string): Node[] {
  const found: Node[] = [];
  // Two parallel stacks (key under which a value sits, the value) spare a tuple per visited node.
  const keys: string[] = [''];
  const values: unknown[] = [root];
  while (values.length > 0) {
    const k = keys.pop()!;
    const value = values.pop();
    if (!value || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) {
        keys.push('');
        values.push(value[i]);
      }
      continue;
    }
    if (k === key) found.push(value as Node);
    const childKeys = Object.keys(value);
    for (let i = childKeys.length - 1; i >= 0; i--) {
      const childKey = childKeys[i]!;
      const child = (value as Node)[childKey];
      if (child && typeof child === 'object') {
        keys.push(childKey);
        values.push(child);
      }
    }
  }
  return found;
}
