/**
 * Driver values found by type (typed lint only): a receiver whose type is declared in a driver's
 * package under a catalogued name (`PoolClient` from `@types/pg`, `Sql` from `postgres`, …), or
 * matches a user specifier. Covers parameters and values imported from other files.
 */
import type { ParserServices, TSESTree } from '@typescript-eslint/utils';
import type * as ts from 'typescript';
import { KINDS, TYPE_NAMES } from './catalog/index.js';
import type { ValueKind } from './kinds.js';
import { specifierNames, type DriverSpecifier } from './settings.js';
import { sameModule } from './imports.js';
import path from 'node:path';

/** A kind found by type. */
export interface TypedKind {
  readonly kind: ValueKind;
  readonly inTransaction: boolean;
}

/** Looks up the driver kind of an expression's type. */
export interface TypedLookup {
  (node: TSESTree.Node): TypedKind | undefined;
  /** Some kind it can find is callable (`KINDS[kind].call`): only then is a callee worth a checker question. */
  readonly findsCallable: boolean;
  /** Some kind it can find is constructible (`KINDS[kind].construct`). */
  readonly findsConstructible: boolean;
}

/** The kind of a generated Prisma client's `PrismaClient` (outside node_modules, found by its path). */
const GENERATED_PRISMA_KIND: ValueKind = 'prisma.Client';

const TYPED_NODES = new Set(['Identifier', 'MemberExpression', 'CallExpression', 'AwaitExpression', 'ThisExpression']);

/**
 * A lookup from expression to driver kind by its type, or undefined without type information.
 * @example const lookup = createTypedLookup(context.sourceCode.parserServices, [], process.cwd());
 */
export function createTypedLookup(
  services: Partial<ParserServices> | undefined,
  specifiers: readonly DriverSpecifier[],
  cwd: string,
): TypedLookup | undefined {
  const program = services?.program;
  const map = services?.esTreeNodeToTSNodeMap;
  if (!program || !map) return undefined;
  const checker = program.getTypeChecker();
  const kindOf = createTypeKindOf(specifiers, cwd);
  const lookup = (node: TSESTree.Node): TypedKind | undefined => {
    if (!TYPED_NODES.has(node.type)) return undefined;
    const tsNode = map.get(node);
    if (!tsNode) return undefined;
    return kindOf(checker.getTypeAtLocation(tsNode));
  };
  const kinds = typedKinds(specifiers);
  return Object.assign(lookup, {
    findsCallable: kinds.some((kind) => KINDS[kind].call !== undefined),
    findsConstructible: kinds.some((kind) => KINDS[kind].construct !== undefined),
  });
}

/** Every kind a type can map to: the catalogued type names, a generated Prisma client, user specifiers. */
function typedKinds(specifiers: readonly DriverSpecifier[]): ValueKind[] {
  return [
    ...Object.values(TYPE_NAMES).flatMap((names) => Object.values(names)),
    GENERATED_PRISMA_KIND,
    ...specifiers.filter((specifier) => !specifier.call).map((specifier) => specifier.kind),
  ];
}

/**
 * The driver kind of a TypeScript type (memoised per type): a catalogued type of a driver package or a
 * user specifier's type; unions must agree, intersections take the first known part. Shared with the
 * program pass (`src/program`), which asks it about nodes of files ESLint does not parse.
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
      return first && kinds.every((k) => k?.kind === first.kind) ? first : undefined;
    }
    if (nonNull.isIntersection()) {
      for (const part of nonNull.types) {
        const found = ofType(part, depth + 1);
        if (found) return found;
      }
      return undefined;
    }
    if (nonNull.getConstructSignatures().length > 0) return undefined; // the class itself, not an instance
    for (const symbol of [nonNull.aliasSymbol, nonNull.getSymbol()]) {
      const found = symbol && kindOfSymbol(symbol, specifiers, cwd);
      if (found) return found;
    }
    return undefined;
  };
  return (type) => ofType(type, 0);
}

function kindOfSymbol(symbol: ts.Symbol, specifiers: readonly DriverSpecifier[], cwd: string): TypedKind | undefined {
  const name = symbol.getName();
  for (const declaration of symbol.getDeclarations() ?? []) {
    const file = declaration.getSourceFile().fileName.replaceAll('\\', '/');
    const pkg = packageOf(file);
    const table = pkg !== undefined && Object.hasOwn(TYPE_NAMES, pkg) ? TYPE_NAMES[pkg] : undefined;
    const kind = table && Object.hasOwn(table, name) ? table[name] : undefined;
    if (kind) return { kind, inTransaction: false };
    // A generated Prisma client outside node_modules (`output = "../generated/prisma"`).
    if (pkg === undefined && name === 'PrismaClient' && /\/(prisma|generated)\//.test(file)) {
      return { kind: GENERATED_PRISMA_KIND, inTransaction: false };
    }
    for (const specifier of specifiers) {
      if (specifier.call || !specifierNames(specifier).includes(name)) continue;
      const matches =
        specifier.from === 'package'
          ? pkg === specifier.package
          : sameModule(file.replace(/\.d\.[cm]?ts$/, '.ts'), path.resolve(cwd, specifier.path ?? ''));
      if (matches) return { kind: specifier.kind, inTransaction: specifier.inTransaction === true };
    }
  }
  return undefined;
}

/**
 * The package a declaration file belongs to (`@types/pg` counts as `pg`), or undefined outside
 * node_modules.
 * @example packageOf('/app/node_modules/@types/pg/index.d.ts') // 'pg'
 */
export function packageOf(file: string): string | undefined {
  const marker = '/node_modules/';
  const at = file.lastIndexOf(marker);
  if (at < 0) return undefined;
  const [first, second] = file.slice(at + marker.length).split('/');
  const name = first?.startsWith('@') ? `${first}/${second}` : first;
  return name?.startsWith('@types/') ? name.slice('@types/'.length) : name;
}
