/**
 * Statements in the leak analysis: an interpreter over the AST that carries the path set through
 * blocks, branches, loops (to a fixpoint), `switch`, labels and `try`/`catch`/`finally` (run once
 * per completion kind, so a `finally` that releases covers normal, returning and throwing paths).
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { ExpressionFlow } from './flow-expressions.js';
import { addAbrupt, mergeFlows, Paths, withFact, type Abrupt, type Flow } from './paths.js';
import type { Region } from './subject.js';

const MAX_ITERATIONS = 24;
const NOTHING: Flow = { normal: Paths.EMPTY, abrupt: new Map() };

/** The whole analysis of one subject: run it over its region. */
export class LeakFlow extends ExpressionFlow {
  /**
   * Runs the region from `initial`; the returned flow holds the paths leaving the region.
   * @example new LeakFlow(setup).run(subject.region, setup.initial)
   */
  run(region: Region, initial: Paths): Flow {
    if (region.kind === 'statements') return this.list(region.statements.slice(region.start), initial);
    const abrupt: Abrupt = new Map();
    return { normal: this.evaluate(region.expression, initial, abrupt), abrupt };
  }

  private list(statements: readonly TSESTree.Node[], paths: Paths): Flow {
    let normal = paths;
    const abrupt: Abrupt = new Map();
    for (const statement of statements) {
      if (normal.isEmpty) break;
      const flow = this.statement(statement, normal);
      for (const [key, value] of flow.abrupt) addAbrupt(abrupt, key, value);
      normal = flow.normal;
    }
    return { normal, abrupt };
  }

  private expression(node: TSESTree.Node, paths: Paths): Flow {
    const abrupt: Abrupt = new Map();
    return { normal: this.evaluate(node, paths, abrupt), abrupt };
  }

  private statement(node: TSESTree.Node, paths: Paths, labels: readonly string[] = []): Flow {
    if (paths.isEmpty || !this.spend(node)) return NOTHING;
    switch (node.type) {
      case 'ExpressionStatement':
        return this.expression(node.expression, paths);
      case 'VariableDeclaration':
        return this.declaration(node, paths);
      case 'BlockStatement':
      case 'StaticBlock':
        return this.list(node.body, paths);
      case 'IfStatement': {
        const abrupt: Abrupt = new Map();
        const split = this.condition(node.test, paths, abrupt);
        const branches = [this.statement(node.consequent, split.t), node.alternate ? this.statement(node.alternate, split.f) : { normal: split.f, abrupt: new Map() }];
        return mergeFlows({ normal: Paths.EMPTY, abrupt }, ...branches);
      }
      case 'ReturnStatement':
      case 'ThrowStatement': {
        const abrupt: Abrupt = new Map();
        const after = node.argument ? this.evaluate(node.argument, paths, abrupt) : paths;
        const kind = node.type === 'ReturnStatement' ? 'return' : 'throw';
        addAbrupt(abrupt, kind, after.witnessed({ kind, node }));
        return { normal: Paths.EMPTY, abrupt };
      }
      case 'BreakStatement':
      case 'ContinueStatement': {
        const kind = node.type === 'BreakStatement' ? 'break' : 'continue';
        return { normal: Paths.EMPTY, abrupt: new Map([[`${kind}:${node.label?.name ?? ''}`, paths.witnessed({ kind, node })]]) };
      }
      case 'LabeledStatement': {
        const flow = this.statement(node.body, paths, [...labels, node.label.name]);
        return consume(flow, `break:${node.label.name}`);
      }
      case 'TryStatement':
        return this.tryStatement(node, paths);
      case 'SwitchStatement':
        return this.switchStatement(node, paths);
      case 'WhileStatement':
      case 'DoWhileStatement':
      case 'ForStatement':
      case 'ForInStatement':
      case 'ForOfStatement':
        return this.loop(node, paths, labels);
      case 'ExportNamedDeclaration':
        return node.declaration ? this.statement(node.declaration, paths) : { normal: paths, abrupt: new Map() };
      case 'ClassDeclaration':
        return this.expression(node.body, paths);
      case 'ExportDefaultDeclaration':
        return node.declaration.type === 'FunctionDeclaration'
          ? { normal: paths, abrupt: new Map() }
          : this.expression(node.declaration, paths);
      case 'EmptyStatement':
      case 'DebuggerStatement':
      case 'FunctionDeclaration':
      case 'ImportDeclaration':
      case 'ExportAllDeclaration':
        return { normal: paths, abrupt: new Map() };
      default:
        if (node.type.startsWith('TS')) return { normal: paths, abrupt: new Map() }; // type-only declarations
        this.failed = true; // `with` and anything unforeseen: say nothing rather than guess
        return NOTHING;
    }
  }

  private declaration(node: TSESTree.VariableDeclaration, paths: Paths): Flow {
    const abrupt: Abrupt = new Map();
    let current = paths;
    for (const declarator of node.declarations) {
      if (!declarator.init) continue;
      current = this.evaluate(declarator.init, current, abrupt);
      const id = declarator.id;
      if (id.type !== 'Identifier') continue;
      if (this.setup.handleRefs.has(id)) current = this.write(declarator, declarator.init, current);
      const fact = this.setup.factRefs.get(id);
      const init = declarator.init;
      if (fact !== undefined) {
        const value = init.type === 'Literal' && typeof init.value === 'boolean' ? init.value : undefined;
        current = current.map((p) => withFact(p, fact, value));
      }
    }
    return { normal: current, abrupt };
  }

  private tryStatement(node: TSESTree.TryStatement, paths: Paths): Flow {
    let flow = this.statement(node.block, paths);
    if (node.handler) {
      const thrown = flow.abrupt.get('throw') ?? Paths.EMPTY;
      const rest = new Map(flow.abrupt);
      rest.delete('throw');
      flow = mergeFlows({ normal: flow.normal, abrupt: rest }, this.statement(node.handler.body, thrown));
    }
    if (!node.finalizer) return flow;
    // Run the finally block once per completion kind; it resumes that completion when it ends normally.
    const finalizer = node.finalizer;
    const kinds: [string | undefined, Paths][] = [[undefined, flow.normal], ...flow.abrupt];
    const results = kinds.map(([kind, input]) => {
      const after = this.statement(finalizer, input);
      const abrupt = new Map(after.abrupt);
      if (kind === undefined) return { normal: after.normal, abrupt };
      addAbrupt(abrupt, kind, after.normal);
      return { normal: Paths.EMPTY, abrupt };
    });
    return mergeFlows(...results);
  }

  private switchStatement(node: TSESTree.SwitchStatement, paths: Paths): Flow {
    const abrupt: Abrupt = new Map();
    const entry = this.evaluate(node.discriminant, paths, abrupt);
    let fallthrough = Paths.EMPTY;
    const flows: Flow[] = [{ normal: Paths.EMPTY, abrupt }];
    for (const switchCase of node.cases) {
      const caseEntry = Paths.merge(entry, fallthrough);
      const flow = this.list(switchCase.consequent, caseEntry);
      flows.push({ normal: Paths.EMPTY, abrupt: flow.abrupt });
      fallthrough = flow.normal;
    }
    const noMatch = node.cases.some((c) => c.test === null) ? Paths.EMPTY : entry;
    return consume(mergeFlows(...flows, { normal: Paths.merge(fallthrough, noMatch), abrupt: new Map() }), 'break:');
  }

  private loop(
    node: TSESTree.WhileStatement | TSESTree.DoWhileStatement | TSESTree.ForStatement | TSESTree.ForInStatement | TSESTree.ForOfStatement,
    paths: Paths,
    labels: readonly string[],
  ): Flow {
    const abrupt: Abrupt = new Map();
    let entry = paths;
    if (node.type === 'ForStatement' && node.init) {
      const init = node.init.type === 'VariableDeclaration' ? this.declaration(node.init, paths) : this.expression(node.init, paths);
      for (const [key, value] of init.abrupt) addAbrupt(abrupt, key, value);
      entry = init.normal;
    }
    if (node.type === 'ForInStatement' || node.type === 'ForOfStatement') entry = this.evaluate(node.right, entry, abrupt);
    const start = entry;
    let exit = Paths.EMPTY;
    let body: Flow = NOTHING;
    for (let iteration = 0; ; iteration++) {
      if (iteration >= MAX_ITERATIONS) {
        this.failed = true;
        return NOTHING;
      }
      let enter = entry;
      if (node.type === 'WhileStatement' || (node.type === 'ForStatement' && node.test)) {
        const split = this.condition((node as TSESTree.WhileStatement).test, entry, abrupt);
        enter = split.t;
        exit = split.f;
      } else if (node.type === 'ForInStatement' || node.type === 'ForOfStatement') {
        // Iterating an array cannot throw; awaiting the next item of an async iterable can.
        enter = node.type === 'ForOfStatement' && node.await ? this.throwPoint(node, entry, abrupt) : entry;
        exit = entry;
      }
      body = this.statement(node.body, enter);
      const continued = Paths.merge(body.normal, ...labels.map((l) => body.abrupt.get(`continue:${l}`) ?? Paths.EMPTY), body.abrupt.get('continue:') ?? Paths.EMPTY);
      let next = continued;
      if (node.type === 'DoWhileStatement') {
        const split = this.condition(node.test, continued, abrupt);
        next = split.t;
        exit = Paths.merge(exit, split.f);
      } else if (node.type === 'ForStatement' && node.update) {
        next = this.evaluate(node.update, continued, abrupt);
      }
      const widened = Paths.merge(start, next);
      if (widened.sameAs(entry)) break;
      entry = widened;
    }
    const rest = new Map(body.abrupt);
    for (const key of [...rest.keys()]) if (key === 'continue:' || labels.some((l) => key === `continue:${l}`)) rest.delete(key);
    const breaks = rest.get('break:') ?? Paths.EMPTY;
    rest.delete('break:');
    return mergeFlows({ normal: Paths.merge(exit, breaks), abrupt }, { normal: Paths.EMPTY, abrupt: rest });
  }
}

/** A labelled statement (or `switch`) ends the `break` aimed at it normally. */
function consume(flow: Flow, key: string): Flow {
  const target = flow.abrupt.get(key);
  if (!target) return flow;
  const abrupt = new Map(flow.abrupt);
  abrupt.delete(key);
  return { normal: Paths.merge(flow.normal, target), abrupt };
}
