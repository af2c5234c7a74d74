/**
 * The value tracker: follows driver values from their import through variables, destructuring,
 * `new`, factories, `await`, `.then(cb)`, callback parameters, class fields and same-file
 * functions, by interpreting the catalog. Never by a variable's name.
 */
import { ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import type { AnalysisBudget } from '../ast/budget.js';
import { isFunction, propName, soleValueDefinition, stringValue, unwrap, type CallLike, type FunctionNode } from '../ast/nodes.js';
import { CALLABLE_PROP_NAMES } from './catalog/index.js';
import type { CreationSpec } from './catalog/types.js';
import { creationParts, type CreationParts } from './creations.js';
import { importedExport, importedModule, namespaceSource, projectSource, requireSource, type ImportContext } from './imports.js';
import { DeclaredTypes, type Declaration, type DeclaredNode } from './declared.js';
import { parameterValue } from './parameters.js';
import { PerNodeAnswers } from './answers.js';
import { computeCall, instanceOf, offCatalogSource, produce, propValue } from './transitions.js';
import { fieldWrites, thisClass } from './this-fields.js';
import { exportedValue, fromImported, lastCallback, makeValue, patternPath, returnedExpressions, sameFileFunction, type Val } from './values.js';
import type { TypedLookup } from './typed.js';
import { slotWrites } from './user-functions.js';
import type { DriverCall } from './types.js';
import { agree, assignedExpressions } from './writes.js';

export type { Val } from './values.js';

/** What the tracker needs from the file. */
export interface TrackerEnv {
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
  readonly imports: ImportContext;
  readonly directUrlPattern: RegExp;
  readonly typed: TypedLookup | undefined;
  /** The file's analysis budget: past it, every value not yet known is unknown. */
  readonly budget: AnalysisBudget;
}

type Variable = TSESLint.Scope.Variable;

/** Nested `track` questions at most: deeper, the value is unknown (the call stack would overflow). */
const MAX_NESTING = 400;

/** Follows driver values through one file. All answers are memoised per node. */
export class Tracker {
  private readonly values = new Map<TSESTree.Node, Val | null>();
  /** Answers found without the checker (see `track`): kept apart, a later typed question still asks it. */
  private readonly untypedValues = new Map<TSESTree.Node, Val | null>();
  private readonly calls = new Map<TSESTree.Node, DriverCall | null>();
  private readonly busy = new Set<TSESTree.Node>();
  /** The value of a function's parameter (per `index:untyped`) and of `this.name` (per class, `static:name:untyped`). */
  private readonly parameters = new PerNodeAnswers<FunctionNode>(() => this.skipped++, () => this.skipped);
  private readonly fields = new PerNodeAnswers<TSESTree.ClassBody>(() => this.skipped++, () => this.skipped);
  /** Above zero while answering without the checker (see `track`). */
  private untyped = 0;
  /** How many `track` questions are being answered inside each other (see MAX_NESTING). */
  private nesting = 0;

  /** Some answers cost a lookup (the checker, a project module's summary): asked only where they matter. */
  readonly gated: boolean;
  /** Project-module lookups skipped so far, and the nodes whose cheap answer skipped one (see `track`). */
  private skipped = 0;
  private readonly partial = new Set<TSESTree.Node>();
  /** Untyped: what annotations declare (`client: PoolClient`, `db: Database` of a project module). */
  private declaredTypes: DeclaredTypes | undefined;

  constructor(readonly env: TrackerEnv) {
    this.gated = env.typed !== undefined || env.imports.costly === true;
  }

  /** The checker's lookup (typed lint), or undefined. */
  get typedLookup(): TypedLookup | undefined {
    return this.env.typed;
  }

  /**
   * The value `node` evaluates to (including promises of driver values), or undefined. With `typed`
   * false, neither `node` nor anything it depends on is looked up by type: the checker is the costly
   * part of typed lint, and most calls cannot be driver calls whatever their receiver's type. Answers
   * found that way are memoised apart, so a later question with the checker gets the full answer.
   * A node reached again while its own value is being computed (`t = cond ? 'b' : t`) is unknown.
   * @example tracker.track(awaitExpression)?.kind // 'pg.PoolClient'
   */
  track(node: TSESTree.Node, typed = true): Val | undefined {
    const known = this.values.get(node);
    if (known !== undefined) return known ?? undefined;
    if (this.busy.has(node) || this.env.budget.exhausted) return undefined; // a cycle: `let a = b; let b = a`
    if (this.gated && (!typed || this.untyped > 0)) {
      const untyped = this.untypedValues.get(node);
      if (untyped !== undefined) {
        if (this.partial.has(node)) this.skipped++;
        return untyped ?? undefined;
      }
      if (this.nesting >= MAX_NESTING) return undefined;
      const before = this.skipped;
      const value = this.withoutChecker(() => this.compute(node), node);
      this.untypedValues.set(node, value ?? null);
      // Untyped, an answer that skipped no project module is the whole answer: not computed again.
      if (this.skipped !== before) this.partial.add(node);
      else if (!this.env.typed) this.values.set(node, value ?? null);
      return value;
    }
    // Past MAX_NESTING nested questions (a chain of thousands of consts or calls) the value is unknown.
    if (this.nesting >= MAX_NESTING) return undefined;
    this.busy.add(node);
    this.nesting++;
    let value: Val | undefined;
    try {
      value = this.compute(node);
    } finally {
      this.nesting--;
    }
    if (!value && this.env.typed && !offCatalogSource(this, node)) {
      const found = this.env.typed(node);
      if (found) value = makeValue(found.kind, { inTransaction: found.inTransaction, via: found.via });
    }
    this.busy.delete(node);
    this.values.set(node, value ?? null);
    return value;
  }

  /**
   * The driver API a call, `new` or tagged template invokes, or undefined.
   * @example tracker.callOf(poolConnectCall)?.method // 'connect'
   */
  callOf(node: CallLike): DriverCall | undefined {
    const known = this.calls.get(node);
    if (known !== undefined) return known ?? undefined;
    if (!this.env.budget.spend(node)) return undefined;
    // A call decides for itself where the checker may help (`computeCall`), so its answer is always whole.
    const outer = this.untyped;
    this.untyped = 0;
    try {
      const found = computeCall(this, node);
      this.calls.set(node, found ?? null);
      return found;
    } finally {
      this.untyped = outer;
    }
  }

  private withoutChecker<T>(run: () => T, node: TSESTree.Node): T {
    this.untyped++;
    this.nesting++;
    this.busy.add(node);
    try {
      return run();
    } finally {
      this.busy.delete(node);
      this.nesting--;
      this.untyped--;
    }
  }

  /**
   * The initialiser of the const (or single-assignment variable) an identifier names.
   * @example tracker.constInit(identifier('config')) // ObjectExpression
   */
  constInit = (identifier: TSESTree.Identifier): TSESTree.Node | undefined => {
    const variable = this.variableOf(identifier);
    const def = soleValueDefinition(variable);
    if (def?.type !== 'Variable' || def.node.id.type !== 'Identifier' || !def.node.init) return undefined;
    const writes = variable!.references.filter((ref) => ref.isWrite());
    return def.parent.kind === 'const' || writes.length === 1 ? def.node.init : undefined;
  };

  /**
   * The config, connection string and directness of a creation's own arguments.
   * @example tracker.creationParts(newPool, {}).direct
   */
  creationParts(node: TSESTree.CallExpression | TSESTree.NewExpression, spec: CreationSpec): CreationParts {
    return creationParts(node, spec, {
      constInit: this.constInit,
      directUrlPattern: this.env.directUrlPattern,
      isDriverValue: (arg) => this.track(arg) !== undefined,
    });
  }

  /** The variable an identifier refers to. */
  variableOf(identifier: TSESTree.Identifier): Variable | undefined {
    return ASTUtils.findVariable(this.env.sourceCode.getScope(identifier), identifier) ?? undefined;
  }

  private compute(node: TSESTree.Node): Val | undefined {
    if (!this.env.budget.spend(node)) return undefined;
    switch (node.type) {
      case 'Identifier':
        return this.identifier(node);
      case 'MemberExpression':
        return this.member(node);
      case 'CallExpression':
        return this.call(node);
      case 'NewExpression': {
        const call = this.callOf(node);
        return call?.spec.result ? produce(this, call.target, call.spec.result, node) : undefined;
      }
      case 'AwaitExpression': {
        const value = this.track(node.argument);
        return value && !value.callable ? { ...value, async: false } : undefined;
      }
      case 'ImportExpression': {
        const source = stringValue(node.source);
        const value = source === undefined ? undefined : this.imported(source, '*');
        return value && { ...value, async: true };
      }
      case 'TSAsExpression':
      case 'TSTypeAssertion':
        // Untyped: `container.get('db') as Knex` is what it asserts when nothing else tells.
        return this.track(node.expression) ?? this.declaredValue(node.typeAnnotation);
      case 'ChainExpression':
      case 'TSNonNullExpression':
      case 'TSSatisfiesExpression':
        return this.track(node.expression);
      case 'AssignmentExpression':
        return node.operator === '=' ? this.track(node.right) : undefined;
      case 'SequenceExpression':
        return node.expressions.length > 0 ? this.track(node.expressions.at(-1)!) : undefined;
      case 'LogicalExpression':
        // `globalThis.pool ?? new Pool()`: the side that is known.
        return node.operator === '&&' ? undefined : (this.track(node.left) ?? this.track(node.right));
      case 'ConditionalExpression':
        return agree([node.consequent, node.alternate], this);
      default:
        return undefined;
    }
  }

  private imported(source: string, name: string): Val | undefined {
    // A project module's summary is looked up only where a driver value can matter (see `track`).
    const found = importedModule(source, name, this.env.imports, this.untyped === 0);
    if (!found && this.untyped > 0 && this.env.imports.costly && projectSource(source, this.env.imports)) this.skipped++;
    if (!found) return undefined;
    const module = fromImported(found.module);
    return found.prop === undefined ? module : propValue(this, module, found.prop);
  }

  private identifier(node: TSESTree.Identifier): Val | undefined {
    const variable = this.variableOf(node);
    const def = soleValueDefinition(variable);
    if (!variable || !def) return undefined;
    switch (def.type) {
      case 'ImportBinding':
        return this.importBinding(def.node);
      case 'Variable':
        return this.variable(variable, def.node, def.parent) ?? this.declaredValue(node);
      case 'Parameter': {
        const value = isFunction(def.node) && def.name.type === 'Identifier' ? this.parameter(def.node, def.name) : undefined;
        return value ?? this.declaredValue(node);
      }
      default:
        return undefined;
    }
  }

  private importBinding(
    node: TSESTree.ImportClause | TSESTree.TSImportEqualsDeclaration,
  ): Val | undefined {
    if (node.type === 'TSImportEqualsDeclaration') {
      const ref = node.moduleReference;
      return node.importKind !== 'type' && ref.type === 'TSExternalModuleReference'
        ? this.imported(stringValue(ref.expression) ?? '', '*')
        : undefined;
    }
    const declaration = node.parent;
    if (declaration.type !== 'ImportDeclaration' || declaration.importKind === 'type') return undefined;
    if (node.type === 'ImportSpecifier' && node.importKind === 'type') return undefined;
    return this.imported(declaration.source.value, importedExport(node));
  }

  private variable(
    variable: Variable,
    declarator: TSESTree.VariableDeclarator,
    declaration: TSESTree.VariableDeclaration,
  ): Val | undefined {
    const holder = declaration.parent;
    if ((holder.type === 'ForOfStatement' || holder.type === 'ForInStatement') && holder.left === declaration) {
      return undefined;
    }
    const writes = variable.references.filter((ref) => ref.isWrite());
    const constant = declaration.kind === 'const' || declaration.kind === 'using' || declaration.kind === 'await using';
    if (constant || (writes.length === 1 && writes[0]!.init)) {
      return declarator.init ? this.fromPattern(declarator.id, variable, declarator.init) : undefined;
    }
    const expressions = assignedExpressions(variable, declarator, writes, this);
    return expressions && agree(expressions, this);
  }

  /** `const { Pool } = require('pg')`, `const { pool: { Pool } } = …`: read properties along the pattern. */
  private fromPattern(pattern: TSESTree.Node, variable: Variable, init: TSESTree.Node): Val | undefined {
    const path = patternPath(pattern, variable);
    if (!path) return undefined;
    let value = this.track(init);
    // `const { pool } = require('./db')`: an export of a project module.
    const module = value || this.env.typed || path.length === 0 || init.type !== 'CallExpression' ? undefined : this.requiredModule(init);
    if (module && projectSource(module, this.env.imports)) return path.slice(1).reduce<Val | undefined>((v, key) => v && propValue(this, v, key), this.imported(module, path[0]!));
    for (const key of path) value = value && propValue(this, value, key);
    return value;
  }

  /** A parameter's value, once per parameter (every use of it asks the same). */
  private parameter(fn: FunctionNode, id: TSESTree.Identifier): Val | undefined {
    const index = fn.params.findIndex((param) => {
      const inner = param.type === 'TSParameterProperty' ? param.parameter : param;
      return inner === id || (inner.type === 'AssignmentPattern' && inner.left === id);
    });
    return index < 0 ? undefined : this.parameters.answer(fn, `${index}:${this.untyped > 0}`, () => parameterValue(this, fn, index));
  }

  /** `this.name` in a class: what its writes agree on, else (untyped, instance fields) what it declares. */
  private field(owner: { body: TSESTree.ClassBody; isStatic: boolean }, name: string): Val | undefined {
    const writes = fieldWrites(owner.body, owner.isStatic, name, this.env.sourceCode.visitorKeys);
    const value = writes ? agree(writes, this) : undefined;
    if (value || owner.isStatic) return value;
    const declared = this.declared()?.fieldOf(owner.body, name);
    return declared && fromImported(declared);
  }

  private member(node: TSESTree.MemberExpression): Val | undefined {
    const name = propName(node);
    if (name === undefined) return undefined;
    const object = unwrap(node.object);
    if (object.type === 'ThisExpression') {
      const owner = thisClass(object);
      return owner && this.fields.answer(owner.body, `${owner.isStatic}:${name}:${this.untyped > 0}`, () => this.field(owner, name));
    }
    const value = this.track(object);
    if (value) return propValue(this, value, name);
    // `import * as db from './db'; db.pool`, `const db = require('./db'); db.pool`: an export of a project module.
    const module = object.type === 'Identifier' && !this.env.typed ? namespaceSource(object, this) : undefined;
    if (module && projectSource(module, this.env.imports)) return this.imported(module, name);
    // `const db = { pool: new Pool() }; db.pool`, `const state = { db: null }; state.db = new Pool(); state.db`
    const writes = object.type === 'Identifier' ? slotWrites(object, name, this) : undefined;
    if (writes && writes.length > 0) return agree(writes, this);
    return this.declaredField(node, name);
  }

  /**
   * Untyped: `this.ctx.db.pool` where `ctx: AppContext`, a project class whose `db: Database` has `pool: Pool`.
   * Not for a method being called (`service.update(…)`) unless a driver value may be called by that name
   * (`ctx.knex('users')`): resolving `service`'s class would parse its module for nothing.
   */
  private declaredField(node: TSESTree.MemberExpression, name: string): Val | undefined {
    const called = node.parent.type === 'CallExpression' && node.parent.callee === node;
    if (called && !CALLABLE_PROP_NAMES.has(name)) return undefined;
    const field = this.declared()?.instanceClass(node.object)?.field(name);
    return field && 'value' in field ? fromImported(field.value) : undefined;
  }

  /**
   * Untyped lint: a class, function, interface or type alias of this file as its annotations declare it (the
   * module pass asks it of a project module's exports); undefined with types.
   */
  declaration(node: DeclaredNode): Declaration | undefined {
    return this.declared()?.of(node);
  }

  /** Untyped lint: what annotations declare (typed lint asks the checker). */
  private declared(): DeclaredTypes | undefined {
    if (this.env.typed) return undefined;
    this.declaredTypes ??= new DeclaredTypes({
      sourceCode: this.env.sourceCode,
      valueOf: (node) => exportedValue(this.track(node)),
      instanceOf: (node) => instanceOf(this, node),
      fieldValue: (body, name) => exportedValue(agree(fieldWrites(body, false, name, this.env.sourceCode.visitorKeys) ?? [], this)),
      imported: (source, name) => {
        const lookup = this.env.imports.declaration;
        if (!lookup || !projectSource(source, this.env.imports)) return undefined;
        // A project module's summary is looked up only where a driver value can matter (see `track`).
        if (this.untyped > 0) return void this.skipped++;
        return lookup(source, name);
      },
    });
    return this.declaredTypes;
  }

  private declaredValue(node: TSESTree.Identifier | TSESTree.TypeNode): Val | undefined {
    const value = this.declared()?.valueOf(node);
    return value && fromImported(value);
  }

  private requiredModule(node: TSESTree.CallExpression): string | undefined {
    return requireSource(node, (id) => this.variableOf(id), this.constInit);
  }

  private call(node: TSESTree.CallExpression): Val | undefined {
    const source = this.requiredModule(node);
    if (source !== undefined) return this.imported(source, '*');
    const driverCall = this.callOf(node);
    if (driverCall) {
      const { result, callback } = driverCall.spec;
      if (!result || (callback && lastCallback(node, this))) return undefined;
      return produce(this, driverCall.target as Val, result, node);
    }
    const callee = this.track(node.callee);
    if (callee?.callable) return { ...callee, callable: undefined, async: callee.callable === 'resolves' };
    const fn = sameFileFunction(node.callee, this);
    if (!fn) return undefined;
    const { expressions, bare } = returnedExpressions(fn, this.env.sourceCode.visitorKeys);
    const value = bare ? undefined : agree(expressions, this);
    return value && fn.async ? { ...value, async: true } : value;
  }
}
