/** Small AST helpers shared by the driver model, the session and leak analyses, and the pool inventory. */
import type { TSESTree } from '@typescript-eslint/utils';

/** A function node. */
export type FunctionNode =
  | TSESTree.FunctionDeclaration
  | TSESTree.FunctionExpression
  | TSESTree.ArrowFunctionExpression;

/**
 * Whether a node is a function (declaration, expression or arrow).
 * @example isFunction(node) && node.async
 */
export function isFunction(node: TSESTree.Node | null | undefined): node is FunctionNode {
  return (
    node?.type === 'FunctionDeclaration' ||
    node?.type === 'FunctionExpression' ||
    node?.type === 'ArrowFunctionExpression'
  );
}

/**
 * The static name of a member access or property key: `a.b`, `a['b']`, `a.#b` (as `#b`), `{ b: … }`.
 * @example propName(memberExpressionOf('pool.connect')) // 'connect'
 */
export function propName(
  node: TSESTree.MemberExpression | TSESTree.Property | TSESTree.PropertyDefinition | TSESTree.MethodDefinition,
): string | undefined {
  const key = node.type === 'MemberExpression' ? node.property : node.key;
  if (!node.computed) {
    if (key.type === 'Identifier') return key.name;
    if (key.type === 'PrivateIdentifier') return `#${key.name}`;
  }
  return key.type === 'Literal' && typeof key.value === 'string' ? key.value : undefined;
}

/**
 * The string value of a string literal or a template literal without expressions.
 * @example stringValue(literal("'pg'")) // 'pg'
 */
export function stringValue(node: TSESTree.Node | null | undefined): string | undefined {
  if (node?.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node?.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

/**
 * Strips TypeScript-only wrappers and optional chains: `(x as Pool)!` → `x`.
 * @example unwrap(node).type === 'Identifier'
 */
export function unwrap(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  for (;;) {
    switch (current.type) {
      case 'TSAsExpression':
      case 'TSNonNullExpression':
      case 'TSSatisfiesExpression':
      case 'TSTypeAssertion':
      case 'TSInstantiationExpression':
      case 'ChainExpression':
        current = current.expression;
        break;
      default:
        return current;
    }
  }
}

/**
 * Whether a node is `null`, `undefined` or `void …`: a write that empties a variable or field.
 * @example isNullish(parse('undefined')) // true
 */
export function isNullish(node: TSESTree.Node): boolean {
  return (
    (node.type === 'Literal' && node.value === null && !('regex' in node) && !('bigint' in node)) ||
    (node.type === 'Identifier' && node.name === 'undefined') ||
    (node.type === 'UnaryExpression' && node.operator === 'void')
  );
}

/** The keys of a node's children (from the parser's visitor keys). */
export type VisitorKeys = Readonly<Record<string, readonly string[] | undefined>>;

/**
 * Visits `root` and its descendants depth-first in source order. `visit` returning `false` skips
 * the node's children.
 * @example walk(fn.body, keys, (node) => { if (isFunction(node)) return false; … })
 */
export function walk(root: TSESTree.Node, keys: VisitorKeys, visit: (node: TSESTree.Node) => boolean | void): void {
  // Children are pushed in reverse so they pop in source order; no per-node arrays (this runs on every node).
  const stack: TSESTree.Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (visit(node) === false) continue;
    const childKeys = keys[node.type];
    if (!childKeys) continue;
    for (let k = childKeys.length - 1; k >= 0; k--) {
      const value = (node as unknown as Record<string, unknown>)[childKeys[k]!];
      if (Array.isArray(value)) {
        for (let i = value.length - 1; i >= 0; i--) if (isNode(value[i])) stack.push(value[i] as TSESTree.Node);
      } else if (isNode(value)) stack.push(value);
    }
  }
}

/** A call, `new` or tagged template: the nodes every per-file analysis looks at. */
export type CallLike = TSESTree.CallExpression | TSESTree.NewExpression | TSESTree.TaggedTemplateExpression;

const callLists = new WeakMap<TSESTree.Program, readonly CallLike[]>();

/**
 * Every call, `new` and tagged template of the file in source (pre-)order, from one walk cached per AST
 * and shared by the driver model, the session and the leak analyses (a driver file is walked once).
 * @example for (const node of callsOf(sourceCode.ast, sourceCode.visitorKeys)) if (node.type === 'NewExpression') …
 */
export function callsOf(ast: TSESTree.Program, keys: VisitorKeys): readonly CallLike[] {
  let calls = callLists.get(ast);
  if (!calls) {
    const found: CallLike[] = [];
    walk(ast, keys, (node) => {
      if (node.type === 'CallExpression' || node.type === 'NewExpression' || node.type === 'TaggedTemplateExpression') found.push(node);
    });
    callLists.set(ast, (calls = found));
  }
  return calls;
}

function isNode(value: unknown): value is TSESTree.Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/**
 * The function whose body contains `node` (not counting `node` itself), or undefined at top level.
 * @example enclosingFunction(returnStatement)
 */
export function enclosingFunction(node: TSESTree.Node): FunctionNode | undefined {
  for (let current = node.parent; current; current = current.parent) if (isFunction(current)) return current;
  return undefined;
}

/**
 * The last argument of a call that is a function (the callback of `db.tx('tag', t => …)`).
 * @example lastFunctionArgument(call) === callbackNode
 */
export function lastFunctionArgument(call: TSESTree.CallExpression): FunctionNode | undefined {
  for (let i = call.arguments.length - 1; i >= 0; i--) {
    const arg = call.arguments[i]!;
    if (isFunction(arg)) return arg;
  }
  return undefined;
}

/** A scope variable as ESLint's and typescript-eslint's scope managers give it. */
interface ScopeVariableLike<Def extends { type: string }> {
  defs: readonly Def[];
}

/**
 * The one value definition of a variable, ignoring type-only ones: `type PgPool = InstanceType<typeof PgPool>`
 * beside `const { Pool: PgPool } = pg` is one variable with two definitions in typescript-eslint's scope, of
 * which only the second is a value. Undefined when there is no value definition or more than one.
 * @example soleValueDefinition(ASTUtils.findVariable(scope, 'PgPool'))?.node // the `const` declarator
 */
export function soleValueDefinition<Def extends { type: string }>(variable: ScopeVariableLike<Def> | null | undefined): Def | undefined {
  if (!variable) return undefined;
  const values = variable.defs.length === 1 ? variable.defs : variable.defs.filter((def) => def.type !== 'Type');
  return values.length === 1 ? values[0] : undefined;
}
