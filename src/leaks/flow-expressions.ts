/**
 * Expressions in the leak analysis: evaluation order, throw points (every call, `new`, `await`,
 * `yield`, tagged template), releases, hand-offs, the acquisition itself and conditions that refine
 * the paths (`if (client)`, `if (!released)`, `if (err)`).
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { AnalysisBudget } from '../ast/budget.js';
import { isNullish, unwrap } from '../ast/nodes.js';
import { addAbrupt, factOf, Paths, withFact, type Abrupt, type Hold, type Path } from './paths.js';
import type { Setup } from './setup.js';
import { useRole } from './uses.js';

/** Paths split by a condition. */
export interface Branches {
  readonly t: Paths;
  readonly f: Paths;
}

/** Nodes that evaluate nothing: literals, `this`, type-only syntax. */
const INERT = new Set(['Literal', 'ThisExpression', 'Super', 'MetaProperty', 'PrivateIdentifier', 'TemplateElement']);
const TYPE_KEYS = new Set(['typeAnnotation', 'typeArguments', 'typeParameters', 'returnType']);

/** The expression half of the analysis of one subject. */
export class ExpressionFlow {
  /** Release calls that run on a path where the handle was already released. */
  readonly doubleReleases = new Set<TSESTree.CallExpression>();
  /** Acquisitions that overwrite a handle still held (the previous one leaks). */
  readonly overwrites = new Set<TSESTree.Node>();
  /** Set when the analysis met something it cannot follow: nothing is reported then. */
  failed = false;

  constructor(
    protected readonly setup: Setup,
    /** The file's analysis budget: past it the analysis fails (says nothing) rather than run on. */
    private readonly budget?: AnalysisBudget,
  ) {}

  /** Spends a step of the file's budget; false (and the analysis failed) once it is spent. */
  protected spend(node: TSESTree.Node): boolean {
    if (!this.budget || this.budget.spend(node)) return true;
    this.failed = true;
    return false;
  }

  /**
   * The paths after evaluating `node`; throws go to `abrupt`.
   * @example flow.evaluate(expressionStatement.expression, paths, abrupt)
   */
  evaluate(node: TSESTree.Node, paths: Paths, abrupt: Abrupt): Paths {
    if (paths.isEmpty || !this.spend(node)) return paths;
    switch (node.type) {
      case 'Identifier':
        return this.reference(node, paths);
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
      case 'ClassExpression':
        return this.setup.delegating.has(node) ? paths.map((p) => hold(p, handOver(p.hold))) : paths;
      case 'CallExpression':
      case 'NewExpression':
        return this.call(node, paths, abrupt);
      case 'TaggedTemplateExpression':
        return this.throwPoint(node, this.evaluate(node.quasi, this.evaluate(node.tag, paths, abrupt), abrupt), abrupt);
      case 'AwaitExpression':
      case 'YieldExpression': {
        const after = node.argument ? this.evaluate(node.argument, paths, abrupt) : paths;
        const argument = node.argument && unwrap(node.argument);
        const direct = argument?.type === 'CallExpression' || argument?.type === 'TaggedTemplateExpression';
        const thrown = this.throwPoint(direct ? argument : node, after, abrupt);
        return argument && this.setup.useOf(argument) === 'connect' ? connected(thrown) : thrown;
      }
      case 'ImportExpression':
        return this.throwPoint(node, this.evaluate(node.source, paths, abrupt), abrupt);
      case 'AssignmentExpression':
        return this.assignment(node, paths, abrupt);
      case 'LogicalExpression': {
        if (node.operator === '??') {
          const left = this.evaluate(node.left, paths, abrupt);
          return Paths.merge(left, this.evaluate(node.right, left, abrupt));
        }
        const split = this.condition(node.left, paths, abrupt);
        const [short, rest] = node.operator === '&&' ? [split.f, split.t] : [split.t, split.f];
        return Paths.merge(short, this.evaluate(node.right, rest, abrupt));
      }
      case 'ConditionalExpression': {
        const split = this.condition(node.test, paths, abrupt);
        return Paths.merge(this.evaluate(node.consequent, split.t, abrupt), this.evaluate(node.alternate, split.f, abrupt));
      }
      default:
        return INERT.has(node.type) || (node.type.startsWith('TS') && !('expression' in node))
          ? paths
          : this.children(node, paths, abrupt);
    }
  }

  /**
   * Splits paths by a condition's truth (evaluating it, with its throws).
   * @example const { t, f } = flow.condition(ifStatement.test, paths, abrupt)
   */
  condition(node: TSESTree.Node, paths: Paths, abrupt: Abrupt): Branches {
    const test = unwrap(node);
    if (test.type === 'UnaryExpression' && test.operator === '!') {
      const inner = this.condition(test.argument, paths, abrupt);
      return { t: inner.f, f: inner.t };
    }
    if (test.type === 'LogicalExpression' && test.operator !== '??') {
      const left = this.condition(test.left, paths, abrupt);
      if (test.operator === '&&') {
        const right = this.condition(test.right, left.t, abrupt);
        return { t: right.t, f: Paths.merge(left.f, right.f) };
      }
      const right = this.condition(test.right, left.f, abrupt);
      return { t: Paths.merge(left.t, right.t), f: right.f };
    }
    if (test.type === 'Identifier') return this.truthOf(test, paths, true);
    // `while (true)`: a constant condition takes one branch only (the loop ends by `break`, `return` or a throw).
    if (test.type === 'Literal' && !('regex' in test)) return test.value ? { t: paths, f: Paths.EMPTY } : { t: Paths.EMPTY, f: paths };
    if (test.type === 'BinaryExpression' && ['==', '!=', '===', '!=='].includes(test.operator)) {
      const negated = test.operator.startsWith('!');
      const [ref, other] = test.right.type === 'Identifier' && !isNullish(test.right) ? [test.right, test.left] : [test.left, test.right];
      const value = unwrap(other);
      if (ref.type === 'Identifier' && isNullish(value)) {
        const split = this.truthOf(ref, paths, true); // `client != null` is `client` for object handles
        return negated ? split : { t: split.f, f: split.t };
      }
      if (ref.type === 'Identifier' && value.type === 'Literal' && typeof value.value === 'boolean') {
        const split = this.truthOf(ref, paths, value.value);
        return negated ? { t: split.f, f: split.t } : split;
      }
    }
    const after = this.evaluate(test, paths, abrupt);
    return { t: after, f: after };
  }

  /** Paths where `ref` is truthy (`t`) or not, when `ref` is the handle or a tracked boolean. */
  private truthOf(ref: TSESTree.Identifier, paths: Paths, when: boolean): Branches {
    if (this.setup.handleRefs.has(ref)) {
      const truthy = paths.filter((p) => p.hold !== 'N');
      const falsy = paths.filter((p) => p.hold === 'N');
      return when ? { t: truthy, f: falsy } : { t: falsy, f: truthy };
    }
    const id = this.setup.factRefs.get(ref);
    if (id === undefined) return { t: paths, f: paths };
    const branch = (value: boolean) =>
      paths.map((p) => (factOf(p, id) === !value ? undefined : withFact(p, id, value)));
    return { t: branch(when), f: branch(!when) };
  }

  /** Evaluates a node's children in source order (functions and classes are not run). */
  protected children(node: TSESTree.Node, paths: Paths, abrupt: Abrupt): Paths {
    let current = paths;
    for (const key of this.setup.visitorKeys[node.type] ?? []) {
      const value = (node as unknown as Record<string, unknown>)[key];
      const items = Array.isArray(value) ? value : [value];
      for (const item of items) {
        if (TYPE_KEYS.has(key) || !item || typeof item !== 'object') continue;
        if (typeof (item as TSESTree.Node).type === 'string') current = this.evaluate(item as TSESTree.Node, current, abrupt);
      }
    }
    return current;
  }

  private reference(node: TSESTree.Identifier, paths: Paths): Paths {
    if (!this.setup.handleRefs.has(node)) return paths;
    const role = useRole(node);
    if (role.kind === 'escape') return paths.map((p) => hold(p, handOver(p.hold)));
    if (role.kind === 'argument' && role.call.type === 'CallExpression' && this.setup.releaseOf(role.call)) return paths;
    if (role.kind === 'argument' && !this.setup.borrows(role.call, role.index)) {
      return paths.map((p) => hold(p, handOver(p.hold)));
    }
    return paths;
  }

  private call(node: TSESTree.CallExpression | TSESTree.NewExpression, paths: Paths, abrupt: Abrupt): Paths {
    const callee = node.callee;
    const chained = promiseChain(node);
    if (chained) return this.chain(chained, paths, abrupt);
    let current: Paths;
    if (callee.type === 'MemberExpression') {
      current = this.evaluate(callee.object, paths, abrupt);
      if (callee.computed) current = this.evaluate(callee.property, current, abrupt);
    } else current = this.evaluate(callee, paths, abrupt);
    for (const arg of node.arguments) current = this.evaluate(arg, current, abrupt);
    const release = node.type === 'CallExpression' ? this.setup.releaseOf(node) : undefined;
    if (release) {
      if (current.some((p) => p.hold === 'R')) this.doubleReleases.add(node as TSESTree.CallExpression);
      return current.map((p) => hold(p, p.hold === 'H' || p.hold === 'P' ? 'R' : p.hold));
    }
    const use = this.setup.useOf(node);
    if (use === 'use') current = connected(current);
    if (!this.setup.quiet.has(node)) current = this.throwPoint(node, current, abrupt);
    // A lazy handle's connect() holds a connection once it succeeds: after its `await`, if awaited.
    return use === 'connect' && node.parent?.type !== 'AwaitExpression' ? connected(current) : current;
  }

  /**
   * `x.query().then(onOk, onError)`, `.catch(cb)`, `.finally(cb)`: the receiver's failures become a
   * rejection of the chain, unless a failure handler takes the handle over.
   */
  private chain(chain: PromiseChain, paths: Paths, abrupt: Abrupt): Paths {
    const rejections: Abrupt = new Map();
    let current = this.evaluate(chain.receiver, paths, rejections);
    for (const arg of chain.call.arguments) current = this.evaluate(arg, current, abrupt);
    const handler = chain.failureHandler;
    if (!handler || !this.setup.delegating.has(handler)) {
      for (const [key, value] of rejections) addAbrupt(abrupt, key, value);
    }
    return current;
  }

  /** A point that may throw: the current paths also leave through `throw`. */
  protected throwPoint(node: TSESTree.Node, paths: Paths, abrupt: Abrupt): Paths {
    addAbrupt(abrupt, 'throw', paths.witnessed({ kind: 'throw', node }));
    return paths;
  }

  private assignment(node: TSESTree.AssignmentExpression, paths: Paths, abrupt: Abrupt): Paths {
    const left = node.left;
    if (left.type === 'MemberExpression') {
      let current = this.evaluate(left.object, paths, abrupt);
      if (left.computed) current = this.evaluate(left.property, current, abrupt);
      return this.evaluate(node.right, current, abrupt);
    }
    const current = this.evaluate(node.right, paths, abrupt);
    if (left.type !== 'Identifier') return current;
    if (this.setup.handleRefs.has(left)) return this.write(node, node.right, current);
    const id = this.setup.factRefs.get(left);
    if (id === undefined) return current;
    const value = unwrap(node.right);
    const known = node.operator === '=' && value.type === 'Literal' && typeof value.value === 'boolean' ? value.value : undefined;
    return current.map((p) => withFact(p, id, known));
  }

  /**
   * A write of the handle variable: the acquisition (held from here) or another value.
   * @example flow.write(declarator, declarator.init, paths)
   */
  write(at: TSESTree.Node, value: TSESTree.Node | null | undefined, paths: Paths): Paths {
    const acquires = at === this.setup.subject.acquireAt;
    if (paths.some((p) => p.hold === 'H')) this.overwrites.add(at);
    if (!acquires) return paths.map((p) => hold(p, p.hold === 'H' ? 'E' : value && !isNullish(value) ? 'E' : 'N'));
    const held: Hold = this.setup.subject.spec.lazy ? 'P' : 'H';
    return paths.map((p) => hold(p, held));
  }
}

/** A promise chain step: its call, the promise-returning receiver and the argument handling failures. */
interface PromiseChain {
  readonly call: TSESTree.CallExpression;
  readonly receiver: TSESTree.Node;
  readonly failureHandler: TSESTree.Node | undefined;
}

function promiseChain(node: TSESTree.CallExpression | TSESTree.NewExpression): PromiseChain | undefined {
  if (node.type !== 'CallExpression' || node.callee.type !== 'MemberExpression' || node.callee.computed) return undefined;
  const method = node.callee.property.type === 'Identifier' ? node.callee.property.name : undefined;
  const receiver = unwrap(node.callee.object);
  if (receiver.type !== 'CallExpression' && receiver.type !== 'TaggedTemplateExpression') return undefined;
  const index = method === 'then' ? 1 : method === 'catch' || method === 'finally' ? 0 : undefined;
  if (index === undefined) return undefined;
  return { call: node, receiver: node.callee.object, failureHandler: node.arguments[index] };
}

/** A lazy handle that has connected. */
function connected(paths: Paths): Paths {
  return paths.map((p) => hold(p, p.hold === 'P' ? 'H' : p.hold));
}

function hold(path: Path, value: Hold): Path {
  return path.hold === value ? path : { ...path, hold: value };
}

/** Ownership handed on: a held handle is the receiver's business now. */
function handOver(value: Hold): Hold {
  return value === 'H' || value === 'P' ? 'E' : value;
}
