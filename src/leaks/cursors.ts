/**
 * pg-cursor in the leak analysis. `client.query(new Cursor(…))` submits a cursor: pg queues it and its errors
 * come from `cursor.read`, so neither the `new` nor the submission throws. Only a pg client takes a Cursor, so a
 * `const client = await x.connect()` that submits one is a pool checkout even where the driver model does not
 * know `x` (real code: NodeBB's `module.pool` of a CommonJS mixin, a pool another module stores there).
 */
import { ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { callsOf, propName, soleValueDefinition, unwrap } from '../ast/nodes.js';
import { KINDS } from '../drivers/catalog/index.js';
import type { AcquireSpec } from '../drivers/catalog/types.js';
import type { DriverModel } from '../drivers/types.js';

/** What the file's pg cursors tell the leak analysis. */
export interface CursorFacts {
  /** `new Cursor(…)` and `client.query(new Cursor(…))`: calls that do not throw. */
  readonly submissions: ReadonlySet<TSESTree.Node>;
  /** `x.connect()` calls whose result submits a cursor, with pg's checkout spec. */
  readonly checkouts: ReadonlyMap<TSESTree.CallExpression, AcquireSpec>;
}

const POOL_CONNECT = KINDS['pg.Pool'].methods?.connect?.acquires;

/**
 * The pg cursors of a file: their submissions and the checkouts they reveal.
 * @example cursorFacts(model, sourceCode).checkouts.get(call) // pg's `pool.connect()` spec
 */
export function cursorFacts(model: DriverModel, sourceCode: Readonly<TSESLint.SourceCode>): CursorFacts {
  const submissions = new Set<TSESTree.Node>();
  const checkouts = new Map<TSESTree.CallExpression, AcquireSpec>();
  for (const node of callsOf(sourceCode.ast, sourceCode.visitorKeys)) {
    if (node.type !== 'NewExpression' || model.valueOf(node)?.kind !== 'pg.Cursor') continue;
    submissions.add(node);
    const query = node.parent;
    if (query?.type !== 'CallExpression' || query.arguments[0] !== node) continue;
    const callee = unwrap(query.callee);
    if (callee.type !== 'MemberExpression' || propName(callee) !== 'query') continue;
    submissions.add(query);
    const checkout = connectCallOf(unwrap(callee.object), sourceCode);
    if (checkout && POOL_CONNECT && !model.callOf(checkout)) checkouts.set(checkout, POOL_CONNECT);
  }
  return { submissions, checkouts };
}

/** The `x.connect()` (no arguments, awaited) a `const client` was initialised with. */
function connectCallOf(receiver: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): TSESTree.CallExpression | undefined {
  if (receiver.type !== 'Identifier') return undefined;
  const def = soleValueDefinition(ASTUtils.findVariable(sourceCode.getScope(receiver), receiver));
  const init = def?.type === 'Variable' && def.node.id.type === 'Identifier' ? def.node.init : undefined;
  const awaited = init && unwrap(init);
  const call = awaited?.type === 'AwaitExpression' ? unwrap(awaited.argument) : undefined;
  if (call?.type !== 'CallExpression' || call.arguments.length > 0) return undefined;
  const callee = unwrap(call.callee);
  return callee.type === 'MemberExpression' && propName(callee) === 'connect' ? call : undefined;
}
