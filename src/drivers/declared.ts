/**
 * Declared types, read without the checker (untyped lint): what a type annotation says a parameter, variable
 * or class field holds. `client: PoolClient` (imported from `pg`), `conn: pg.PoolClient | undefined`,
 * `pool: PgPool` with `type PgPool = InstanceType<typeof Pool>`, `db: Database` where `Database` is a class of
 * this file or of a project module whose own fields are read the same way (`this.ctx.db.pool`), and a
 * callback's parameter typed by the parameter it is passed to (`super(queue, async (db) => …)` where the base
 * class declares `task: (db: Database) => Promise<void>`). Typed lint asks the checker instead; an annotation
 * is the same fact, written down.
 */
import { ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { isFunction, propName, unwrap, type FunctionNode } from '../ast/nodes.js';
import { typeSpecOf } from './catalog/index.js';
import { importedExport, mayBeProjectSource, type ImportedValue } from './imports.js';
import { fieldAnnotation, thisClass } from './this-fields.js';

/** A class or function of a module as its annotations declare it: of the linted file or of a project module. */
export interface Declaration {
  /** A class: what field `name` of an instance holds, or undefined (unknown). */
  field(name: string): Declared | undefined;
  /**
   * What a callback passed as argument `arg` (of a call of this function, or of `new`/`super` of this class)
   * receives as parameter `param`, by the annotation of the parameter it is passed to.
   */
  callbackParameter(arg: number, param: number): Declared | undefined;
  /** A type alias of a driver type (`export type Db = Knex`): the value it declares; `depth` counts aliases followed. */
  aliased(depth: number): ImportedValue | undefined;
}

/** A driver value, or an instance of a project class. */
export type Declared = { readonly value: ImportedValue } | { readonly instanceOf: Declaration };

type ClassNode = TSESTree.ClassDeclaration | TSESTree.ClassExpression;
/** What a `Declaration` reads: a class, a function, an interface or a type alias. */
export type DeclaredNode = ClassNode | FunctionNode | TSESTree.TSInterfaceDeclaration | TSESTree.TSTypeAliasDeclaration;
/** A signature whose parameters a callback's can be typed by. */
type Signature = { readonly params: readonly TSESTree.Parameter[] };

/** What the tracker of a module tells `DeclaredTypes`. */
export interface DeclaredTracking {
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
  /** An instance of the driver class a value expression is (`InstanceType<typeof Pool>`). */
  instanceOf(node: TSESTree.Node): ImportedValue | undefined;
  /** The value a value expression is (`typeof pool`). */
  valueOf(node: TSESTree.Node): ImportedValue | undefined;
  /** The value an instance field of a class of this module is given (its writes agree on one), or undefined. */
  fieldValue(body: TSESTree.ClassBody, name: string): ImportedValue | undefined;
  /** A class or function exported by the project module `source` names (relative specifiers), or undefined. */
  imported(source: string, name: string): Declaration | undefined;
}

/** Type aliases followed at most: `type A = B; type B = A` ends here. */
const MAX_DEPTH = 8;
const NULLISH = new Set(['TSNullKeyword', 'TSUndefinedKeyword', 'TSVoidKeyword']);

/**
 * One module's declared types (one per tracker: no state crosses files): its classes and functions as
 * `Declaration`s, and what annotations say expressions are.
 */
export class DeclaredTypes {
  private readonly declarations = new Map<DeclaredNode, Declaration>();

  constructor(private readonly tracking: DeclaredTracking) {}

  /**
   * A class, function, interface or type alias of this module. A field's value is what its writes agree on, else
   * what its annotation declares (an interface's: its property's annotation); a callback parameter is what the
   * annotation of the (constructor or call signature's) parameter declares.
   * @example types.of(classNode).field('pool') // { value: { kind: 'pg.Pool' } }
   */
  of(node: DeclaredNode): Declaration {
    let found = this.declarations.get(node);
    if (found) return found;
    // A lookup met again while it runs (`interface A extends B`, `interface B extends A`, across modules too) is unknown.
    let asking = false;
    const once = <T>(answer: () => T | undefined): T | undefined => {
      if (asking) return undefined;
      asking = true;
      try {
        return answer();
      } finally {
        asking = false;
      }
    };
    found = {
      field: (name) => once(() => this.ownField(node, name) ?? this.inherited(node, name)),
      aliased: (depth) =>
        node.type !== 'TSTypeAliasDeclaration'
          ? undefined
          : once(() => {
              const declared = declaredType(node.typeAnnotation, this, depth, true);
              return declared && 'value' in declared ? declared.value : undefined;
            }),
      callbackParameter: (arg, param) => {
        const target = this.signatureOf(node)?.params[arg];
        const inner = target?.type === 'TSParameterProperty' ? target.parameter : target;
        const type = signature(inner && 'typeAnnotation' in inner ? inner.typeAnnotation : undefined, this.tracking.sourceCode, 0);
        const received = type?.params[param];
        return received && 'typeAnnotation' in received ? this.type(received.typeAnnotation) : undefined;
      },
    };
    this.declarations.set(node, found);
    return found;
  }

  /** What a class, interface or object type alias declares for property `name` itself (not inherited). */
  private ownField(node: DeclaredNode, name: string): Declared | undefined {
    if (node.type === 'TSInterfaceDeclaration') return this.type(propertyAnnotation(node.body.body, name));
    if (node.type === 'TSTypeAliasDeclaration') {
      return node.typeAnnotation.type === 'TSTypeLiteral' ? this.type(propertyAnnotation(node.typeAnnotation.members, name)) : undefined;
    }
    if (node.type !== 'ClassDeclaration' && node.type !== 'ClassExpression') return undefined;
    const value = this.tracking.fieldValue(node.body, name);
    return value ? { value } : this.type(fieldAnnotation(node.body, name));
  }

  /** What the first base that declares property `name` declares for it (see `bases`). */
  private inherited(node: DeclaredNode, name: string): Declared | undefined {
    return this.bases(node).reduce<Declared | undefined>((known, base) => known ?? base.field(name), undefined);
  }

  /**
   * What a class extends (`class UserRepo extends BaseRepo<User>`) or an interface extends (`interface Ctx extends
   * Base, Other`), by name, of this module or imported from a project module; a base built by a call (a mixin) is
   * unknown.
   */
  private bases(node: DeclaredNode): Declaration[] {
    const names =
      node.type === 'TSInterfaceDeclaration'
        ? node.extends.map((heritage) => heritage.expression)
        : node.type === 'ClassDeclaration' || node.type === 'ClassExpression'
          ? [node.superClass]
          : [];
    return names.flatMap((name) => {
      const base = name?.type === 'Identifier' ? this.named(name, node.type === 'TSInterfaceDeclaration') : undefined;
      return base ? [base] : [];
    });
  }

  private signatureOf(node: DeclaredNode): Signature | undefined {
    switch (node.type) {
      case 'ClassDeclaration':
      case 'ClassExpression':
        return constructorOf(node);
      case 'TSInterfaceDeclaration':
        return callSignature(node.body.body);
      case 'TSTypeAliasDeclaration':
        return signature(node.typeAnnotation, this.tracking.sourceCode, 0);
      default:
        return node;
    }
  }

  /** The driver value an identifier's annotation (or its callback position) declares, or a type (`as Knex`). */
  valueOf(node: TSESTree.Identifier | TSESTree.TypeNode): ImportedValue | undefined {
    const found = node.type === 'Identifier' ? this.identifier(node, true) : this.type(node, true);
    return found && 'value' in found ? found.value : undefined;
  }

  /** The driver value the annotation of instance field `name` declares. */
  fieldOf(body: TSESTree.ClassBody, name: string): ImportedValue | undefined {
    const found = this.type(fieldAnnotation(body, name), true) ?? this.inherited(body.parent, name);
    return found && 'value' in found ? found.value : undefined;
  }

  /**
   * The project class an expression is an instance of, by annotations: `this`, `this.ctx` (`ctx: AppContext`),
   * a parameter or variable (`db: Database`), `this.ctx.db`, an assertion (`ctx as AppContext`).
   */
  instanceClass(node: TSESTree.Node): Declaration | undefined {
    // `(ctx as AppContext).db`: what the assertion says.
    const asserted = node.type === 'TSAsExpression' || node.type === 'TSTypeAssertion' ? instance(this.type(node.typeAnnotation)) : undefined;
    if (asserted) return asserted;
    const target = unwrap(node);
    if (target.type === 'ThisExpression') {
      const owner = thisClass(target);
      const cls = owner && !owner.isStatic ? owner.body.parent : undefined;
      return cls && this.of(cls);
    }
    let found: Declared | undefined;
    if (target.type === 'MemberExpression') {
      const name = propName(target);
      found = name === undefined ? undefined : this.instanceClass(target.object)?.field(name);
    } else if (target.type === 'Identifier') {
      found = this.identifier(target);
    }
    return found && 'instanceOf' in found ? found.instanceOf : undefined;
  }

  /**
   * A parameter's or variable's annotation; for a callback's parameter, the annotation of where it is passed.
   * `values`: only a driver value is wanted (a project class is not looked up).
   */
  private identifier(id: TSESTree.Identifier, values = false): Declared | undefined {
    const def = this.variableOf(id)?.defs.find((d) => d.type === 'Parameter' || d.type === 'Variable');
    if (def?.type === 'Variable') return def.node.id.type === 'Identifier' ? this.type(def.node.id.typeAnnotation, values) : undefined;
    if (def?.type !== 'Parameter' || def.name.type !== 'Identifier') return undefined;
    if (def.name.typeAnnotation) return this.type(def.name.typeAnnotation, values);
    const fn = def.node;
    const call = isFunction(fn) ? fn.parent : undefined;
    if (call?.type !== 'CallExpression' || !isFunction(fn)) return undefined;
    const arg = call.arguments.indexOf(fn as TSESTree.Expression);
    const param = fn.params.indexOf(def.name);
    return arg < 0 || param < 0 ? undefined : this.callee(call)?.callbackParameter(arg, param);
  }

  /** The class or function a call calls: `super(…)` of the enclosing class's base, or a named function. */
  private callee(call: TSESTree.CallExpression): Declaration | undefined {
    let callee: TSESTree.Node = call.callee;
    if (callee.type === 'Super') {
      let node: TSESTree.Node | undefined = call.parent;
      while (node && node.type !== 'ClassBody') node = node.parent;
      const base = node?.type === 'ClassBody' ? node.parent.superClass : undefined;
      if (!base) return undefined;
      callee = base;
    }
    if (callee.type === 'Identifier') return this.named(callee) ?? instance(this.identifier(callee));
    // `withPgClient.withRetries((client) => …)`: a member of a value typed by an interface.
    const name = callee.type === 'MemberExpression' ? propName(callee) : undefined;
    return name === undefined ? undefined : instance(this.instanceClass((callee as TSESTree.MemberExpression).object)?.field(name));
  }

  /** The class or function a name binds (`types`: or interface, or type alias): of this module, or imported from a project module. */
  private named(id: TSESTree.Identifier, types = false): Declaration | undefined {
    for (const def of this.variableOf(id)?.defs ?? []) {
      if (types && def.type === 'Type' && (def.node.type === 'TSInterfaceDeclaration' || def.node.type === 'TSTypeAliasDeclaration')) return this.of(def.node);
      if (def.type === 'ClassName' || def.type === 'FunctionName') {
        return def.node.type === 'TSDeclareFunction' || def.node.type === 'TSEmptyBodyFunctionExpression' ? undefined : this.of(def.node);
      }
      if (def.type === 'Variable' && def.node.init && (isFunction(def.node.init) || def.node.init.type === 'ClassExpression')) return this.of(def.node.init);
      if (def.type === 'ImportBinding') {
        const imported = importOf(id, this.tracking.sourceCode);
        return imported && mayBeProjectSource(imported.source) && imported.name !== '*' ? this.tracking.imported(imported.source, imported.name) : undefined;
      }
    }
    return undefined;
  }

  private variableOf(id: TSESTree.Identifier) {
    return ASTUtils.findVariable(this.tracking.sourceCode.getScope(id), id);
  }

  private type(node: TSESTree.Node | undefined, values = false): Declared | undefined {
    return declaredType(node, this, 0, values);
  }

  /** What a type node names, for `declaredType` (`values`: a driver type only, no project class). */
  reference(name: TSESTree.Identifier, node: TSESTree.TSTypeReference, depth: number, values: boolean): Declared | undefined {
    const argument = node.typeArguments?.params[0];
    if (name.name === 'InstanceType' && argument?.type === 'TSTypeQuery' && argument.exprName.type === 'Identifier') {
      const value = this.tracking.instanceOf(argument.exprName);
      return value && { value };
    }
    const variable = this.variableOf(name);
    for (const def of variable?.defs ?? []) {
      if (def.type === 'Type' && def.node.type === 'TSTypeAliasDeclaration') {
        const aliased = declaredType(def.node.typeAnnotation, this, depth + 1, values);
        // A type alias of a signature or an object type (`type WithClient = (fn: …) => …`) is read as itself.
        const shaped = def.node.typeAnnotation.type === 'TSFunctionType' || def.node.typeAnnotation.type === 'TSTypeLiteral';
        return aliased ?? (values || !shaped ? undefined : { instanceOf: this.of(def.node) });
      }
      if (def.type === 'Type' && def.node.type === 'TSInterfaceDeclaration') return values ? undefined : { instanceOf: this.of(def.node) };
      if (def.type === 'ClassName') return values ? undefined : { instanceOf: this.of(def.node) };
      if (def.type === 'ImportBinding') {
        const imported = importOf(name, this.tracking.sourceCode);
        if (!imported || imported.name === '*') return undefined;
        const driver = driverType(imported.source, imported.name);
        if (driver || !mayBeProjectSource(imported.source)) return driver;
        // A project module's type: `type Db = Knex` is a driver value, a class or interface an instance of it.
        const found = this.tracking.imported(imported.source, imported.name);
        const aliased = found?.aliased(depth + 1);
        return aliased ? { value: aliased } : found && !values ? { instanceOf: found } : undefined;
      }
    }
    return undefined;
  }

  /** `typeof pool`, for `declaredType`. */
  query(node: TSESTree.Identifier): Declared | undefined {
    const value = this.tracking.valueOf(node);
    return value && { value };
  }

  get sourceCode(): Readonly<TSESLint.SourceCode> {
    return this.tracking.sourceCode;
  }
}

function constructorOf(node: ClassNode): FunctionNode | undefined {
  const member = node.body.body.find((m) => m.type === 'MethodDefinition' && m.kind === 'constructor');
  return member?.type === 'MethodDefinition' && isFunction(member.value) ? member.value : undefined;
}

/**
 * What an annotation (or a type node) declares, or undefined: unions with `null`/`undefined` read as their
 * other member; intersections, generics of user types and interfaces are unknown.
 */
function declaredType(node: TSESTree.Node | undefined, types: DeclaredTypes, depth: number, values: boolean): Declared | undefined {
  if (!node || depth > MAX_DEPTH) return undefined;
  switch (node.type) {
    case 'TSTypeAnnotation':
      return declaredType(node.typeAnnotation, types, depth + 1, values);
    case 'TSUnionType':
      return declaredType(soleMember(node), types, depth + 1, values);
    case 'TSTypeQuery':
      return node.exprName.type === 'Identifier' ? types.query(node.exprName) : undefined;
    case 'TSTypeReference': {
      const name = node.typeName;
      if (name.type === 'Identifier') return types.reference(name, node, depth, values);
      // `pg.PoolClient`, `Knex.Transaction`: a type of a driver package's namespace, default or named import.
      if (name.type !== 'TSQualifiedName' || name.left.type !== 'Identifier') return undefined;
      const imported = importOf(name.left, types.sourceCode);
      const whole = imported?.name === '*' || imported?.name === 'default';
      return imported && driverType(imported.source, whole ? name.right.name : `${imported.name}.${name.right.name}`);
    }
    default:
      return undefined;
  }
}

/**
 * The signature an annotation names, through aliases, interfaces and `| undefined`: `task: Task` with
 * `type Task = (db: Database) => …`, `fn: WithClient` with `interface WithClient { (cb: (c: PoolClient) => …): … }`.
 */
function signature(node: TSESTree.Node | undefined, sourceCode: Readonly<TSESLint.SourceCode>, depth: number): Signature | undefined {
  if (!node || depth > MAX_DEPTH) return undefined;
  switch (node.type) {
    case 'TSTypeAnnotation':
      return signature(node.typeAnnotation, sourceCode, depth + 1);
    case 'TSFunctionType':
      return node;
    case 'TSTypeLiteral':
      return callSignature(node.members);
    case 'TSUnionType':
      return signature(soleMember(node), sourceCode, depth + 1);
    case 'TSTypeReference': {
      if (node.typeName.type !== 'Identifier') return undefined;
      const def = ASTUtils.findVariable(sourceCode.getScope(node), node.typeName)?.defs.find((d) => d.type === 'Type');
      if (def?.node.type === 'TSTypeAliasDeclaration') return signature(def.node.typeAnnotation, sourceCode, depth + 1);
      return def?.node.type === 'TSInterfaceDeclaration' ? callSignature(def.node.body.body) : undefined;
    }
    default:
      return undefined;
  }
}

/** The one member of a union besides `null`, `undefined` and `void` (`PoolClient | undefined`), or undefined. */
function soleMember(union: TSESTree.TSUnionType): TSESTree.TypeNode | undefined {
  const parts = union.types.filter((part) => !NULLISH.has(part.type));
  return parts.length === 1 ? parts[0] : undefined;
}

function callSignature(members: readonly TSESTree.TypeElement[]): Signature | undefined {
  return members.find((member): member is TSESTree.TSCallSignatureDeclaration => member.type === 'TSCallSignatureDeclaration');
}

/** The annotation of property `name` of an interface or object type (`pool: Pool`, `withRetries: WithPgClient`). */
function propertyAnnotation(members: readonly TSESTree.TypeElement[], name: string): TSESTree.TSTypeAnnotation | undefined {
  const member = members.find((m) => m.type === 'TSPropertySignature' && !m.computed && (m.key.type === 'Identifier' ? m.key.name : 'value' in m.key ? String(m.key.value) : undefined) === name);
  return member?.type === 'TSPropertySignature' ? member.typeAnnotation : undefined;
}

function instance(found: Declared | undefined): Declaration | undefined {
  return found && 'instanceOf' in found ? found.instanceOf : undefined;
}

/** The module and export an imported name binds (`'*'` for a namespace, `'default'`), type-only imports included. */
function importOf(id: TSESTree.Identifier, sourceCode: Readonly<TSESLint.SourceCode>): { source: string; name: string } | undefined {
  const def = ASTUtils.findVariable(sourceCode.getScope(id), id)?.defs.find((d) => d.type === 'ImportBinding');
  if (def?.type !== 'ImportBinding') return undefined;
  const node = def.node;
  if (node.type === 'TSImportEqualsDeclaration') {
    const ref = node.moduleReference;
    return ref.type === 'TSExternalModuleReference' ? { source: ref.expression.value, name: '*' } : undefined;
  }
  return node.parent.type === 'ImportDeclaration' ? { source: node.parent.source.value, name: importedExport(node) } : undefined;
}

/** A catalogued type of a driver package (`TYPE_NAMES`; `@types/pg` is imported as `pg`), as a value. */
function driverType(source: string, name: string): Declared | undefined {
  const spec = typeSpecOf(source, name) ?? (name.includes('.') ? typeSpecOf(source, name.slice(name.lastIndexOf('.') + 1)) : undefined);
  return spec && { value: { kind: spec.kind, ...(spec.via ? { via: spec.via } : {}) } };
}
