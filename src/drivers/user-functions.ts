/**
 * Values through the project's own same-file functions: the arguments a function's callers pass to a
 * parameter, the arguments a helper passes to its callback parameter, and the writes of an object
 * literal's slot (`state.db = new Pool()`), and a method bound with `.bind`. Only where every caller is
 * visible: a function that is exported or used other than by calling it may be called with anything.
 */
import { ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { propName, unwrap, type FunctionNode } from '../ast/nodes.js';
import { objectProperty } from './creations.js';
import type { CalleeResolver } from './values.js';

type Variable = TSESLint.Scope.Variable;

/** The variable naming a function declaration or `const f = (…) => …`, when it is not exported. */
function functionVariable(fn: FunctionNode, resolver: CalleeResolver): Variable | undefined {
  const parent = fn.parent;
  let id: TSESTree.Identifier | undefined;
  let holder: TSESTree.Node | undefined;
  if (fn.type === 'FunctionDeclaration' && fn.id) {
    id = fn.id;
    holder = parent;
  } else if (parent?.type === 'VariableDeclarator' && parent.init === fn && parent.id.type === 'Identifier') {
    id = parent.id;
    holder = parent.parent?.parent;
  }
  if (!id || holder?.type === 'ExportNamedDeclaration' || holder?.type === 'ExportDefaultDeclaration') return undefined;
  return resolver.variableOf(id);
}

/**
 * Every call of a same-file function, when it is only ever called (not exported, not passed on, not
 * re-exported); undefined otherwise. Memoised per function.
 * @example directCalls(makeRepoDeclaration, tracker) // [`makeRepo(pool)`]
 */
export function directCalls(fn: FunctionNode, resolver: CalleeResolver): readonly TSESTree.CallExpression[] | undefined {
  let calls = callLists.get(fn);
  if (calls === undefined) callLists.set(fn, (calls = findDirectCalls(fn, resolver) ?? null));
  return calls ?? undefined;
}

const callLists = new WeakMap<FunctionNode, readonly TSESTree.CallExpression[] | null>();

function findDirectCalls(fn: FunctionNode, resolver: CalleeResolver): TSESTree.CallExpression[] | undefined {
  const variable = functionVariable(fn, resolver);
  if (!variable) return undefined;
  const calls: TSESTree.CallExpression[] = [];
  for (const ref of variable.references) {
    if (ref.init) continue;
    const call = ref.identifier.parent;
    if (call?.type !== 'CallExpression' || call.callee !== ref.identifier) return undefined;
    calls.push(call);
  }
  return calls.length > 0 ? calls : undefined;
}

/**
 * The calls a function makes of its own parameter `param` (`fn(c)` in a helper taking `fn`); undefined
 * when the parameter is reassigned.
 * @example parameterCalls(fnIdentifier, tracker) // [`fn(c)`]
 */
export function parameterCalls(param: TSESTree.Identifier, resolver: CalleeResolver): TSESTree.CallExpression[] | undefined {
  const variable = resolver.variableOf(param);
  if (!variable) return undefined;
  const calls: TSESTree.CallExpression[] = [];
  for (const ref of variable.references) {
    if (ref.isWrite()) return undefined;
    const call = ref.identifier.parent;
    if (call?.type === 'CallExpression' && call.callee === ref.identifier) calls.push(call);
  }
  return calls;
}

/** The identifier of parameter `index` of `fn`, when it is a plain (or defaulted) identifier. */
export function parameterId(fn: FunctionNode, index: number): TSESTree.Identifier | undefined {
  const param = fn.params[index];
  const inner = param?.type === 'TSParameterProperty' ? param.parameter : param;
  const id = inner?.type === 'AssignmentPattern' ? inner.left : inner;
  return id?.type === 'Identifier' ? id : undefined;
}

/**
 * The position of `fn`'s own parameter that `id` refers to (its variable is that parameter), or -1.
 * @example parameterIndex(withTransaction, calleeOf(fnCall), resolver) // 1 for `fn(c)` in `withTransaction(pool, fn)`
 */
export function parameterIndex(fn: FunctionNode, id: TSESTree.Identifier, resolver: Pick<CalleeResolver, 'variableOf'>): number {
  // By name first (cheap), then the scope lookup that proves the name is not shadowed.
  const index = fn.params.findIndex((_, i) => parameterId(fn, i)?.name === id.name);
  if (index < 0) return -1;
  const def = resolver.variableOf(id)?.defs[0];
  return def?.type === 'Parameter' && def.node === fn && parameterId(fn, index) === def.name ? index : -1;
}

/**
 * The same-file function a call invokes with `fn` as its argument at `index`: `withClient(pool, fn)`
 * gives withClient's declaration and 1.
 * @example helperOf(callbackArrow, call, sameFileFunction) // { helper, index: 1 }
 */
export function helperOf(
  fn: FunctionNode,
  call: TSESTree.CallExpression,
  sameFile: (callee: TSESTree.Node) => FunctionNode | undefined,
): { helper: FunctionNode; index: number } | undefined {
  const index = call.arguments.indexOf(fn as TSESTree.Expression);
  const helper = index < 0 ? undefined : sameFile(call.callee);
  return helper && helper !== fn ? { helper, index } : undefined;
}

/** Per object variable: slot name → the expressions written to it by `object.name = …`, or null when one cannot be followed. */
type SlotTable = Map<string, TSESTree.Node[] | null>;

const slotTables = new WeakMap<Variable, SlotTable | null>();

/**
 * The expressions stored in slot `name` of an object literal bound to `const object = { … }`: its
 * initial value and every `object.name = …` of the file; undefined when some write cannot be followed
 * (`object.name += …`, `object[key] = …`). The writes are read once per object (a table per variable).
 * @example slotWrites(stateIdentifier, 'db', tracker) // [`null as any`, `new Pool()`]
 */
export function slotWrites(object: TSESTree.Identifier, name: string, resolver: CalleeResolver): TSESTree.Node[] | undefined {
  const init = resolver.constInit(object);
  if (init === undefined || unwrap(init).type !== 'ObjectExpression') return undefined;
  const variable = resolver.variableOf(object);
  if (!variable) return undefined;
  let table = slotTables.get(variable);
  if (table === undefined) slotTables.set(variable, (table = slotTable(variable)));
  const written = table === null ? null : table.get(name);
  if (written === null) return undefined;
  const initial = objectProperty(object, name, resolver.constInit);
  return [...(initial ? [initial] : []), ...(written ?? [])];
}

/** Every `object.name = …` of a variable, by slot; null when a computed slot is written (`object[key] = …`). */
function slotTable(variable: Variable): SlotTable | null {
  const table: SlotTable = new Map();
  for (const ref of variable.references) {
    const member = ref.identifier.parent;
    if (member?.type !== 'MemberExpression' || member.object !== ref.identifier) continue;
    const assignment = member.parent;
    if (assignment?.type !== 'AssignmentExpression' || assignment.left !== member) continue;
    const key = propName(member);
    if (key === undefined) return null;
    const list = table.get(key);
    if (list === null) continue;
    if (assignment.operator !== '=' && assignment.operator !== '??=' && assignment.operator !== '||=') table.set(key, null);
    else if (list) list.push(assignment.right);
    else table.set(key, [assignment.right]);
  }
  return table;
}

/**
 * `pool.query.bind(pool)`, directly or through the const it is bound to: the receiver and the method.
 * The bound `this` must be the object the method is read from (the same variable, or `this`).
 * @example boundMethod(identifier('q'), constInit) // { receiver: Identifier pool, method: 'query' }
 */
export function boundMethod(
  callee: TSESTree.Node,
  constInit: (identifier: TSESTree.Identifier) => TSESTree.Node | undefined,
): { receiver: TSESTree.Node; method: string } | undefined {
  const init = callee.type === 'Identifier' ? constInit(callee) : callee;
  const call = init && unwrap(init);
  if (call?.type !== 'CallExpression' || call.callee.type !== 'MemberExpression' || propName(call.callee) !== 'bind') return undefined;
  const method = unwrap(call.callee.object);
  const self = call.arguments[0] && unwrap(call.arguments[0]);
  const name = method.type === 'MemberExpression' ? propName(method) : undefined;
  if (method.type !== 'MemberExpression' || name === undefined || !self) return undefined;
  const receiver = unwrap(method.object);
  const same =
    (receiver.type === 'ThisExpression' && self.type === 'ThisExpression') ||
    (receiver.type === 'Identifier' && self.type === 'Identifier' && receiver.name === self.name);
  return same ? { receiver, method: name } : undefined;
}

/**
 * A callee resolver from the file's scopes alone (for analyses without the tracker): variables, and the
 * initialiser of a `const`.
 * @example sameFileFunction(call.callee, scopeResolver(context.sourceCode))
 */
export function scopeResolver(sourceCode: Readonly<TSESLint.SourceCode>): CalleeResolver {
  const variableOf = (id: TSESTree.Identifier) => ASTUtils.findVariable(sourceCode.getScope(id), id) ?? undefined;
  return {
    variableOf,
    constInit: (id) => {
      const defs = variableOf(id)?.defs;
      const only = defs?.length === 1 ? defs[0] : undefined;
      return only?.type === 'Variable' && only.parent.kind === 'const' ? (only.node.init ?? undefined) : undefined;
    },
  };
}
