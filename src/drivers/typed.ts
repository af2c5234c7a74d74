/**
 * Driver values found by type (typed lint only): a receiver whose type is declared in a driver's
 * package under a catalogued name (`PoolClient` from `@types/pg`, `Sql` from `postgres`, …), or
 * matches a user specifier. Covers parameters and values imported from other files.
 */
import { ASTUtils, type ParserServices, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import type * as ts from 'typescript';
import { KINDS, TYPE_NAMES, typeSpecOf } from './catalog/index.js';
import type { TypeSpec } from './catalog/types.js';
import type { DriverId, ValueKind } from './kinds.js';
import { specifierNames, type DriverSpecifier } from './settings.js';
import { sameModule, type ImportedModule, type ImportName } from './imports.js';
import path from 'node:path';
import { driverReachOf, packageOf } from './reach.js';
import { reexportsOf } from './reexports.js';
import { soleValueDefinition } from '../ast/nodes.js';

/** A kind found by type. */
export interface TypedKind {
  readonly kind: ValueKind;
  readonly inTransaction: boolean;
  /** For a wrapper (drizzle), the driver underneath when the type tells it (`NodePgDatabase` → 'pg'). */
  readonly via?: DriverId;
}

/** Looks up the driver kind of an expression's type. */
export interface TypedLookup {
  (node: TSESTree.Node): TypedKind | undefined;
  /**
   * Some kind it can find is callable (`KINDS[kind].call`, `pgp(…)` of an `IMain`) and the linted file's imports
   * reach a declaration of such a type: only then is a bare callee (`one(…)`) worth a checker question.
   */
  readonly findsCallable: boolean;
  /** The same for constructible kinds (`KINDS[kind].construct`) and `new X(…)`. */
  readonly findsConstructible: boolean;
  /**
   * The linted file can hold a driver value by type: its imports reach a file that declares a type
   * `createTypeKindOf` knows (`driverReachOf`). True where the program does not hold the file.
   */
  readonly fileReaches: () => boolean;
  /** What importing `name` from a module that re-exports a driver gives (`reexportsOf`). */
  readonly reexported: (source: string, name: ImportName) => ImportedModule | undefined;
}

/** The kind of a generated Prisma client's `PrismaClient` (outside node_modules, found by its path). */
const GENERATED_PRISMA_KIND: ValueKind = 'prisma.Client';

const TYPED_NODES = new Set(['Identifier', 'MemberExpression', 'CallExpression', 'AwaitExpression', 'ThisExpression']);

/**
 * A lookup from expression to driver kind by its type, or undefined without type information (or
 * when the program does not hold the file).
 * @example const lookup = createTypedLookup(context.sourceCode, [], process.cwd());
 */
export function createTypedLookup(
  sourceCode: Readonly<TSESLint.SourceCode>,
  specifiers: readonly DriverSpecifier[],
  cwd: string,
): TypedLookup | undefined {
  const services = sourceCode.parserServices as Partial<ParserServices> | undefined;
  const program = services?.program;
  const map = services?.esTreeNodeToTSNodeMap;
  const file = map?.get(sourceCode.ast);
  if (!program || !map || !file) return undefined;
  const checker = program.getTypeChecker();
  const kindOf = createTypeKindOf(specifiers, cwd);
  const seedKey = `${cwd}\0${JSON.stringify(specifiers)}`;
  const reach = driverReachOf(program, (seed) => declaresDriverTypes(seed, specifiers, cwd), seedKey);
  const inProgram = program.getSourceFile(file.fileName) === file;
  /**
   * Whether a name can hold a driver value, told before its type (which costs far more): not when it
   * is imported from a module that reaches no driver (`import { pageOf } from './pagination.js'`).
   */
  const mayName = (node: TSESTree.Identifier): boolean => {
    const variable = ASTUtils.findVariable(sourceCode.getScope(node), node);
    const def = soleValueDefinition(variable);
    if (def?.type !== 'ImportBinding' || def.parent.type !== 'ImportDeclaration') return true;
    const specifier = map.get(def.parent.source);
    return !specifier || reach.module(specifier as ts.StringLiteral, file);
  };
  const lookup = (node: TSESTree.Node): TypedKind | undefined => {
    if (!TYPED_NODES.has(node.type)) return undefined;
    if (inProgram && node.type === 'Identifier' && !mayName(node)) return undefined;
    const tsNode = map.get(node);
    return tsNode && kindOf(checker.getTypeAtLocation(tsNode));
  };
  const kinds = typedKinds(specifiers);
  /** Whether the file can hold a value of a kind used that way: a type of such a kind is declared where its imports reach. */
  const reaches = (use: 'call' | 'construct'): boolean => {
    const wanted = new Set(kinds.filter((kind) => KINDS[kind][use] !== undefined));
    if (wanted.size === 0) return false;
    return !inProgram || driverReachOf(program, (seed) => declaresDriverTypes(seed, specifiers, cwd, wanted), `${seedKey}\0${use}`).file(file);
  };
  return Object.assign(lookup, {
    findsCallable: reaches('call'),
    findsConstructible: reaches('construct'),
    fileReaches: () => !inProgram || reach.file(file),
    reexported: inProgram ? reexportsOf(sourceCode, map, checker, (specifier) => reach.module(specifier, file)) : () => undefined,
  });
}

/** Every kind a type can map to: the catalogued type names, a generated Prisma client, user specifiers. */
function typedKinds(specifiers: readonly DriverSpecifier[]): ValueKind[] {
  return [
    ...Object.values(TYPE_NAMES).flatMap((names) => Object.values(names).map((entry) => (typeof entry === 'string' ? entry : entry.kind))),
    GENERATED_PRISMA_KIND,
    ...specifiers.filter((specifier) => !specifier.call).map((specifier) => specifier.kind),
  ];
}

/**
 * The driver kind of a TypeScript type (memoised per type): a catalogued type of a driver package or a
 * user specifier's type; unions must agree (a driver underneath they disagree on is dropped), intersections
 * take the first known part. Shared with the program pass (`src/program`), which asks it about nodes of
 * files ESLint does not parse.
 * @example createTypeKindOf([], cwd)(checker.getTypeAtLocation(tsNode))?.kind // 'pg.Pool'
 */
export function createTypeKindOf(
  specifiers: readonly DriverSpecifier[],
  cwd: string,
): (type: ts.Type) => TypedKind | undefined {
  const memo = new Map<ts.Type, TypedKind | null>();
  const ofType = (type: ts.Type, depth: number): TypedKind | undefined => {
    const known = memo.get(type);
    if (known !== undefined) return known ?? undefined;
    const found = depth > 4 ? undefined : kindOfType(type, depth);
    memo.set(type, found ?? null);
    return found;
  };
  const kindOfType = (type: ts.Type, depth: number): TypedKind | undefined => {
    const nonNull = type.getNonNullableType();
    if (nonNull.isUnion()) {
      const kinds = nonNull.types.map((part) => ofType(part, depth + 1));
      const first = kinds[0];
      if (!first || !kinds.every((k) => k?.kind === first.kind)) return undefined;
      return kinds.every((k) => k?.via === first.via) ? first : { kind: first.kind, inTransaction: first.inTransaction };
    }
    if (nonNull.isIntersection()) {
      for (const part of nonNull.types) {
        const found = ofType(part, depth + 1);
        if (found) return found;
      }
      return undefined;
    }
    if (nonNull.getConstructSignatures().length > 0) return undefined; // the class itself, not an instance
    const named: [ts.Symbol | undefined, readonly ts.Type[] | undefined][] = [
      [nonNull.aliasSymbol, nonNull.aliasTypeArguments],
      [nonNull.getSymbol(), (nonNull as ts.TypeReference).typeArguments],
    ];
    for (const [symbol, args] of named) {
      const found = symbol && kindOfSymbol(symbol, args ?? [], specifiers, cwd);
      if (found) return found;
    }
    return undefined;
  };
  return (type) => ofType(type, 0);
}

function kindOfSymbol(
  symbol: ts.Symbol,
  typeArguments: readonly ts.Type[],
  specifiers: readonly DriverSpecifier[],
  cwd: string,
): TypedKind | undefined {
  const name = symbol.getName();
  for (const declaration of symbol.getDeclarations() ?? []) {
    const file = declaration.getSourceFile().fileName.replaceAll('\\', '/');
    const pkg = packageOf(file);
    const spec = pkg === undefined ? undefined : typeSpecOf(pkg, name);
    if (spec) {
      const via = spec.via ?? viaByTypeArgument(spec, typeArguments, pkg!);
      return { kind: spec.kind, inTransaction: false, ...(via ? { via } : {}) };
    }
    if (name === 'PrismaClient' && isGeneratedPrisma(file, pkg)) return { kind: GENERATED_PRISMA_KIND, inTransaction: false };
    for (const specifier of specifiers) {
      if (!specifier.call && specifierNames(specifier).includes(name) && specifierDeclares(specifier, file, pkg, cwd)) {
        return { kind: specifier.kind, inTransaction: specifier.inTransaction === true };
      }
    }
  }
  return undefined;
}

/** The driver underneath a wrapper type, told by a type argument declared in the same package (`PgDatabase<NodePgQueryResultHKT>`). */
function viaByTypeArgument(spec: TypeSpec, typeArguments: readonly ts.Type[], pkg: string): DriverId | undefined {
  const table = spec.viaByTypeArgument;
  if (!table) return undefined;
  for (const arg of typeArguments) {
    const symbol = arg.aliasSymbol ?? arg.getSymbol();
    const name = symbol?.getName();
    if (!symbol || name === undefined || !Object.hasOwn(table, name)) continue;
    if (symbol.getDeclarations()?.some((declaration) => packageOf(declaration.getSourceFile().fileName.replaceAll('\\', '/')) === pkg)) {
      return table[name];
    }
  }
  return undefined;
}

/**
 * A file where a type `kindOfSymbol` knows (of one of `kinds`, if given) can be declared: a catalogued driver
 * package, a generated Prisma client, a user specifier's package or file. The seeds of the reach graph
 * (`driverReachOf`).
 */
function declaresDriverTypes(
  sourceFile: ts.SourceFile,
  specifiers: readonly DriverSpecifier[],
  cwd: string,
  kinds?: ReadonlySet<ValueKind>,
): boolean {
  const wanted = (kind: ValueKind) => !kinds || kinds.has(kind);
  const file = sourceFile.fileName.replaceAll('\\', '/');
  const pkg = packageOf(file);
  if (pkg !== undefined && Object.hasOwn(TYPE_NAMES, pkg)) {
    if (Object.keys(TYPE_NAMES[pkg]!).some((name) => wanted(typeSpecOf(pkg, name)!.kind))) return true;
  }
  if (wanted(GENERATED_PRISMA_KIND) && isGeneratedPrisma(file, pkg) && sourceFile.text.includes('PrismaClient')) return true;
  return specifiers.some((specifier) => !specifier.call && wanted(specifier.kind) && specifierDeclares(specifier, file, pkg, cwd));
}

/** A generated Prisma client outside node_modules (`output = "../generated/prisma"`). */
function isGeneratedPrisma(file: string, pkg: string | undefined): boolean {
  return pkg === undefined && /\/(prisma|generated)\//.test(file);
}

function specifierDeclares(specifier: DriverSpecifier, file: string, pkg: string | undefined, cwd: string): boolean {
  return specifier.from === 'package'
    ? pkg === specifier.package
    : sameModule(file.replace(/\.d\.[cm]?ts$/, '.ts'), path.resolve(cwd, specifier.path ?? ''));
}
