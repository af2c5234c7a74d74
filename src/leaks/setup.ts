/**
 * Per-acquisition facts the flow needs: which identifiers are the handle, which booleans are worth
 * tracking, which closures take the handle over, what counts as a release, and the starting paths.
 */
import { ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { enclosingFunction, isFunction, propName, unwrap, walk, type VisitorKeys } from '../ast/nodes.js';
import type { BorrowCheck } from './borrow.js';
import { Paths, type Path } from './paths.js';
import type { Subject } from './subject.js';
import { useRole } from './uses.js';

/** What the flow knows about one subject. */
export interface Setup {
  readonly subject: Subject;
  /** References of the handle (and of the callback's `done`). */
  readonly handleRefs: ReadonlySet<TSESTree.Node>;
  /** References of tracked boolean variables → their id. */
  readonly factRefs: ReadonlyMap<TSESTree.Node, number>;
  /** Closures (created after the acquisition) that release or hand on the handle. */
  readonly delegating: ReadonlySet<TSESTree.Node>;
  readonly visitorKeys: VisitorKeys;
  readonly borrows: BorrowCheck;
  /** Whether a call gives the handle back. */
  releaseOf(call: TSESTree.CallExpression): boolean;
  /**
   * How a call goes through the handle: `connect` (a lazy handle's connect method: held once it
   * succeeds), `use` (`qr.query()`, `qr.manager.save()`: held before it can fail), or undefined.
   */
  useOf(call: TSESTree.Node): 'connect' | 'use' | undefined;
  /** Calls and `new`s that cannot throw (a pg cursor's construction and submission). */
  readonly quiet: ReadonlySet<TSESTree.Node>;
  /** The paths at the start of the region. */
  readonly initial: Paths;
}

/** Options shared by all subjects of a file. */
export interface SetupOptions {
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
  readonly borrows: BorrowCheck;
  /** Functions that release the handle passed to them: `releaseClient` or `db.release`. */
  readonly releasingFunctions: readonly string[];
  /** Program pass (typed lint): whether a call of a project function releases the argument at `index`. */
  readonly releasesArgument?: (call: TSESTree.CallExpression, index: number) => boolean;
  /** Calls and `new`s that cannot throw. */
  readonly quiet?: ReadonlySet<TSESTree.Node>;
}

/**
 * The setup of a subject, or undefined when a closure created before the acquisition manages the
 * handle (nothing can be said then).
 * @example const setup = createSetup(subject, { sourceCode, borrows, releasingFunctions: [] });
 */
export function createSetup(subject: Subject, options: SetupOptions): Setup | undefined {
  const { sourceCode } = options;
  const handleRefs = new Set<TSESTree.Node>();
  for (const variable of [subject.handle, subject.done]) {
    for (const ref of variable?.references ?? []) handleRefs.add(ref.identifier);
  }
  const doneRefs = new Set<TSESTree.Node>(subject.done?.references.map((ref) => ref.identifier));
  const start = (subject.acquireAt ?? subject.call).range[0];
  const releaseNames = new Set(['release', 'done', 'releaseConnection', 'end', 'destroy']);
  if ('method' in subject.spec.release) releaseNames.add(subject.spec.release.method);
  const delegating = new Set<TSESTree.Node>();
  for (const ref of handleRefs) {
    const closure = outermostClosure(ref, subject.fn);
    if (!closure || !takesOver(ref, doneRefs, releaseNames)) continue;
    if (closure.type === 'FunctionDeclaration' || closure.range[0] < start) return undefined;
    delegating.add(closure);
  }
  const release = subject.spec.release;
  const releaseOf = (call: TSESTree.CallExpression): boolean => {
    const callee = unwrap(call.callee);
    const passesHandle = call.arguments.some((arg) => handleRefs.has(unwrap(arg)));
    if (callee.type === 'MemberExpression') {
      const name = propName(callee);
      if ('method' in release && name === release.method && handleRefs.has(unwrap(callee.object))) return true;
      if ('ownerMethod' in release && name === release.ownerMethod && passesHandle) return true;
    }
    if (doneRefs.has(callee)) return true;
    if (passesHandle && matchesName(callee, options.releasingFunctions)) return true;
    const releases = options.releasesArgument;
    return releases !== undefined && call.arguments.some((arg, index) => handleRefs.has(unwrap(arg)) && releases(call, index));
  };
  const factRefs = trackedBooleans(subject, sourceCode);
  const errorId = subject.error ? factRefs.get(subject.error.identifiers[0]!) : undefined;
  const startHeld = subject.form === 'then' || subject.form === 'callback';
  const initial: Path[] = !startHeld
    ? [{ hold: 'N', facts: [] }]
    : errorId === undefined
      ? [{ hold: 'H', facts: [] }]
      : [
          { hold: 'H', facts: [[errorId, false]] },
          { hold: 'N', facts: [[errorId, true]] },
        ];
  return {
    subject,
    handleRefs,
    factRefs,
    delegating,
    visitorKeys: sourceCode.visitorKeys,
    borrows: options.borrows,
    releaseOf,
    useOf: (node) => {
      const call = unwrap(node);
      if (call.type !== 'CallExpression') return undefined;
      let callee: TSESTree.Node = unwrap(call.callee);
      const connect = subject.spec.lazy?.connectMethod;
      if (connect !== undefined && callee.type === 'MemberExpression' && propName(callee) === connect && handleRefs.has(unwrap(callee.object))) return 'connect';
      while (callee.type === 'MemberExpression') callee = unwrap(callee.object);
      return handleRefs.has(callee) ? 'use' : undefined;
    },
    quiet: options.quiet ?? new Set(),
    initial: Paths.of(initial),
  };
}

/** The function directly inside the region's function that contains `node`, if any. */
function outermostClosure(node: TSESTree.Node, regionFn: TSESTree.Node | undefined): TSESTree.Node | undefined {
  let closure: TSESTree.Node | undefined;
  for (let current = node.parent; current && current !== regionFn; current = current.parent) {
    if (isFunction(current)) closure = current;
  }
  return closure;
}

/** Whether a reference (inside a closure) releases the handle or hands it on. */
function takesOver(ref: TSESTree.Node, doneRefs: ReadonlySet<TSESTree.Node>, releaseNames: ReadonlySet<string>): boolean {
  const role = useRole(ref);
  if (role.kind === 'member') return role.name === undefined || releaseNames.has(role.name);
  if (role.kind === 'test') return doneRefs.has(ref) && ref.parent?.type === 'CallExpression';
  return true;
}

/** `releaseClient(c)` or `db.release(c)` named in the options. */
function matchesName(callee: TSESTree.Node, names: readonly string[]): boolean {
  if (names.length === 0) return false;
  const parts: string[] = [];
  let current: TSESTree.Node = callee;
  while (current.type === 'MemberExpression') {
    const name = propName(current);
    if (name === undefined) return false;
    parts.unshift(name);
    current = unwrap(current.object);
  }
  if (current.type !== 'Identifier') return false;
  parts.unshift(current.name);
  const dotted = parts.join('.');
  return names.some((name) => name === dotted || (!name.includes('.') && name === parts.at(-1)));
}

/**
 * Boolean-ish variables tested in conditions of the region (and the callback's error parameter),
 * whose writes all happen in the region's own function: their truth is tracked per path.
 */
function trackedBooleans(subject: Subject, sourceCode: Readonly<TSESLint.SourceCode>): Map<TSESTree.Node, number> {
  const refs = new Map<TSESTree.Node, number>();
  const ids = new Map<TSESLint.Scope.Variable, number>();
  const track = (variable: TSESLint.Scope.Variable | null | undefined) => {
    if (!variable || ids.has(variable) || variable === subject.handle) return;
    const writesElsewhere = variable.references.some((ref) => ref.isWrite() && enclosingFunction(ref.identifier) !== subject.fn);
    const declaredHere = variable.defs.some((def) => def.type === 'Variable' || def.type === 'Parameter');
    if (writesElsewhere || !declaredHere) return;
    const id = ids.size;
    ids.set(variable, id);
    for (const ref of variable.references) refs.set(ref.identifier, id);
    for (const identifier of variable.identifiers) refs.set(identifier, id);
  };
  track(subject.error);
  const atom = (node: TSESTree.Node | null | undefined) => {
    const target = node && unwrap(node);
    if (target?.type === 'Identifier') track(ASTUtils.findVariable(sourceCode.getScope(target), target));
  };
  const region = subject.region;
  const roots = region.kind === 'statements' ? region.statements.slice(region.start) : [region.expression];
  for (const root of roots) {
    walk(root, sourceCode.visitorKeys, (node) => {
      if (isFunction(node)) return false;
      if (node.type === 'IfStatement' || node.type === 'ConditionalExpression' || node.type === 'WhileStatement') atom(node.test);
      if (node.type === 'LogicalExpression') [node.left, node.right].forEach(atom);
      if (node.type === 'UnaryExpression' && node.operator === '!') atom(node.argument);
      if (node.type === 'BinaryExpression' && ['==', '!=', '===', '!=='].includes(node.operator)) [node.left, node.right].forEach(atom);
      return undefined;
    });
  }
  return refs;
}
