/**
 * Acquisitions and what the analysis follows for each: the variable holding the handle (or the
 * callback parameters), how it is released, and the region of code where it lives.
 */
import { ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { callsOf, enclosingFunction, isFunction, propName, soleValueDefinition, unwrap, type FunctionNode } from '../ast/nodes.js';
import { constInitializer } from '../ast/sql-text.js';
import type { AcquireSpec } from '../drivers/catalog/types.js';
import type { DriverModel } from '../drivers/types.js';
import { lastCallback, type CalleeResolver } from '../drivers/values.js';

type Variable = TSESLint.Scope.Variable;

/** Where the handle lives: statements of a block from an index, or an arrow function's expression body. */
export type Region =
  | { readonly kind: 'statements'; readonly statements: readonly TSESTree.Statement[]; readonly start: number }
  | { readonly kind: 'expression'; readonly expression: TSESTree.Expression };

/** One acquisition to follow. */
export interface Subject {
  /** The acquiring call (`pool.connect()`). */
  readonly call: TSESTree.CallExpression;
  readonly spec: AcquireSpec;
  /** `declare`: `const c = await pool.connect()`; `assign`: `c = await …`; `then`/`callback`: a callback gets it. */
  readonly form: 'declare' | 'assign' | 'then' | 'callback';
  readonly handle: Variable;
  /** The release function of the callback form (`done`). */
  readonly done?: Variable;
  /** The error parameter of the callback form: when it is set, nothing was acquired. */
  readonly error?: Variable;
  readonly region: Region;
  /** The function whose body holds the region (undefined at top level). */
  readonly fn: FunctionNode | undefined;
  /** The declarator or assignment where the handle is acquired (`declare`/`assign`); held from the start otherwise. */
  readonly acquireAt?: TSESTree.Node;
}

/** An acquisition whose result is dropped on the floor: `pool.connect();`. */
export interface Discarded {
  readonly call: TSESTree.CallExpression;
  readonly spec: AcquireSpec;
}

/**
 * Every acquisition in the file the analysis can follow, and those whose result is discarded.
 * Acquisitions whose handle is returned, stored or passed on at once are not followed.
 * `acquisitionOf` adds acquisitions the driver model does not know (the program pass's helpers).
 * @example findSubjects(model, context.sourceCode).subjects[0]?.form // 'declare'
 */
export function findSubjects(
  model: DriverModel,
  sourceCode: Readonly<TSESLint.SourceCode>,
  acquisitionOf?: (call: TSESTree.CallExpression) => AcquireSpec | undefined,
): { subjects: Subject[]; discarded: Discarded[] } {
  const subjects: Subject[] = [];
  const discarded: Discarded[] = [];
  for (const node of callsOf(sourceCode.ast, sourceCode.visitorKeys)) {
    if (node.type !== 'CallExpression') continue;
    const driverCall = model.callOf(node);
    // Program pass (typed lint): `await getClient()` of a project function that returns `pool.connect()`.
    const spec = driverCall ? driverCall.spec.acquires : acquisitionOf?.(node);
    if (!spec) continue;
    const subject = subjectOf(node, spec, sourceCode);
    if (subject === 'discarded') {
      if (!spec.lazy) discarded.push({ call: node, spec });
    } else if (subject) subjects.push(subject);
  }
  return { subjects, discarded };
}

function subjectOf(
  call: TSESTree.CallExpression,
  spec: AcquireSpec,
  sourceCode: Readonly<TSESLint.SourceCode>,
): Subject | 'discarded' | undefined {
  // pg's callback form, inline or named: `pool.connect((err, client, done) => …)`, `pool.connect(onClient)`.
  const callback = lastCallback(call, scopeResolver(sourceCode));
  if (spec.callbackParams && callback) {
    const { handle, done, error } = spec.callbackParams;
    return fromCallback(call, spec, callback, 'callback', handle, sourceCode, done, error);
  }
  // Any other argument is a callback too (`pool.connect(cb)` with the caller's `cb`): the file cannot follow it.
  if (spec.callbackParams && call.arguments.length > 0) return undefined;
  let expression: TSESTree.Node = call;
  while (isWrapper(expression.parent) || expression.parent?.type === 'AwaitExpression') {
    expression = expression.parent!;
  }
  const parent = expression.parent;
  if (!parent) return undefined;
  if (expression === call && parent.type === 'MemberExpression' && propName(parent) === 'then') {
    const then = parent.parent;
    const fn = then?.type === 'CallExpression' && then.callee === parent ? then.arguments[0] : undefined;
    return isFunction(fn) ? fromCallback(call, spec, fn, 'then', 0, sourceCode) : undefined;
  }
  if (parent.type === 'ExpressionStatement') return 'discarded';
  if (parent.type === 'VariableDeclarator' && parent.init === expression && parent.id.type === 'Identifier') {
    const handle = sourceCode.getDeclaredVariables(parent)[0];
    const region = handle && declarationRegion(parent.parent as TSESTree.VariableDeclaration);
    return region && handle ? { call, spec, form: 'declare', handle, region, fn: enclosingFunction(parent), acquireAt: parent } : undefined;
  }
  if (parent.type === 'AssignmentExpression' && parent.operator === '=' && parent.right === expression && parent.left.type === 'Identifier') {
    const handle = ASTUtils.findVariable(sourceCode.getScope(parent.left), parent.left) ?? undefined;
    const region = handle && variableRegion(handle);
    return region && handle ? { call, spec, form: 'assign', handle, region, fn: enclosingFunction(parent), acquireAt: parent } : undefined;
  }
  return undefined;
}

/** Same-file functions by name, through ESLint's scopes. */
function scopeResolver(sourceCode: Readonly<TSESLint.SourceCode>): CalleeResolver {
  return {
    variableOf: (id) => ASTUtils.findVariable(sourceCode.getScope(id), id) ?? undefined,
    constInit: (id) => constInitializer(id, sourceCode.getScope(id)),
  };
}

function fromCallback(
  call: TSESTree.CallExpression,
  spec: AcquireSpec,
  fn: FunctionNode,
  form: 'then' | 'callback',
  handleIndex: number,
  sourceCode: Readonly<TSESLint.SourceCode>,
  doneIndex?: number,
  errorIndex?: number,
): Subject | undefined {
  const declared = sourceCode.getDeclaredVariables(fn);
  const paramVariable = (index: number | undefined) => {
    const param = index === undefined ? undefined : fn.params[index];
    return param?.type === 'Identifier' ? declared.find((v) => v.identifiers.includes(param)) : undefined;
  };
  const handle = paramVariable(handleIndex);
  const done = paramVariable(doneIndex);
  const error = paramVariable(errorIndex);
  // Without a handle parameter, the callback form can still release through `done`.
  const held = handle ?? done;
  if (!held) return undefined;
  const region: Region =
    fn.body.type === 'BlockStatement'
      ? { kind: 'statements', statements: fn.body.body, start: 0 }
      : { kind: 'expression', expression: fn.body };
  return { call, spec, form, handle: held, ...(done ? { done } : {}), ...(error ? { error } : {}), region, fn };
}

/** The statements where a declaration's variable lives, from the declaration on. */
function declarationRegion(declaration: TSESTree.VariableDeclaration): Region | undefined {
  let statement: TSESTree.Node = declaration;
  if (statement.parent?.type === 'ExportNamedDeclaration') statement = statement.parent;
  if (declaration.kind === 'var') {
    const fn = enclosingFunction(declaration);
    const body = fn ? fn.body : rootOf(declaration);
    if (body.type !== 'BlockStatement' && body.type !== 'Program') return undefined;
    while (statement.parent && statement.parent !== body) statement = statement.parent;
    return listRegion(body.body, statement);
  }
  const holder = statement.parent;
  if (holder?.type === 'BlockStatement' || holder?.type === 'Program' || holder?.type === 'StaticBlock') {
    return listRegion(holder.body, statement);
  }
  // In a `switch`, the variable lives on into the next case when this one falls through: follow it
  // only in a case that cannot fall through.
  const last = holder?.type === 'SwitchCase' ? holder.consequent.at(-1) : undefined;
  const closed = last && ['BreakStatement', 'ReturnStatement', 'ThrowStatement', 'ContinueStatement'].includes(last.type);
  return holder?.type === 'SwitchCase' && closed ? listRegion(holder.consequent, statement) : undefined;
}

/** The region of a variable assigned (not declared) by the acquisition. */
function variableRegion(variable: Variable): Region | undefined {
  const def = soleValueDefinition(variable);
  if (def?.type === 'Variable') return declarationRegion(def.parent as TSESTree.VariableDeclaration);
  if (def?.type === 'Parameter' && isFunction(def.node) && def.node.body.type === 'BlockStatement') {
    return { kind: 'statements', statements: def.node.body.body, start: 0 };
  }
  return undefined;
}

function listRegion(statements: readonly TSESTree.Node[], statement: TSESTree.Node): Region | undefined {
  const start = statements.indexOf(statement);
  return start < 0 ? undefined : { kind: 'statements', statements: statements as TSESTree.Statement[], start };
}

function rootOf(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (current.parent) current = current.parent;
  return current;
}

function isWrapper(node: TSESTree.Node | undefined): boolean {
  return (
    node?.type === 'TSAsExpression' ||
    node?.type === 'TSNonNullExpression' ||
    node?.type === 'TSSatisfiesExpression' ||
    node?.type === 'TSTypeAssertion'
  );
}


/**
 * Whether `node` refers to `variable`.
 * @example refersTo(identifier, subject.handle)
 */
export function refersTo(node: TSESTree.Node | undefined, variable: Variable | undefined): boolean {
  const target = node && unwrap(node);
  return target?.type === 'Identifier' && variable !== undefined && variable.references.some((ref) => ref.identifier === target);
}
