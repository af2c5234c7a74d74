/**
 * The SQL text of an expression, as far as the file tells: string literals, template literals,
 * concatenation, conditional and logical expressions, `const` bindings in the same file, and calls of small
 * template builders of the same file (a function that only returns text: `(c) => \`LISTEN "${c}"\``).
 * What cannot be known becomes a hole, so the SQL engine still sees the statement's shape.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES, ASTUtils } from '@typescript-eslint/utils';
import type { Scope } from '@typescript-eslint/utils/ts-eslint';
import type { HoleKind, SqlFragment } from '../sql/types.js';
import type { AnalysisBudget } from './budget.js';
import { appendedSteps, joinedSteps, type Steps } from './sql-steps.js';
import { isFunction, soleValueDefinition, type FunctionNode } from './nodes.js';
import { cookedToSource } from './string-source.js';

/** A piece of SQL text with the source index of each character (`undefined`: no exact position). */
interface Piece {
  kind: 'text';
  text: string;
  positions: ReadonlyArray<number> | undefined;
  /** Source index to fall back to when `positions` is unknown. */
  at: number;
}
interface Hole {
  kind: 'hole';
  hole: HoleKind;
  node: TSESTree.Node;
}
type Chunk = Piece | Hole;

/** One possible SQL text of an expression, with a way back to the source. */
export interface ResolvedSql {
  fragment: SqlFragment;
  /** Source index of `offset` within `fragment.parts[part]`. */
  sourceIndex(part: number, offset: number): number;
  /** The expression the text came from. */
  node: TSESTree.Node;
  /** The expression behind each hole of the fragment. */
  holeNodes?: readonly TSESTree.Node[];
  /** True when every part came from a literal in this file, with no holes. */
  complete: boolean;
}

/**
 * Decides what an interpolated expression of a tagged template is: a value (a bound parameter),
 * an identifier, raw SQL, or nested SQL to inline (a nested tag or `sql.unsafe('…')`-style call).
 */
export type HoleClassifier = (expression: TSESTree.Expression) => HoleKind | { inline: TSESTree.Node };

export interface ResolveOptions {
  /** Scope lookup for identifiers: `context.sourceCode.getScope(node)`. */
  getScope(node: TSESTree.Node): Scope.Scope;
  /**
   * Holes of a tagged template: how the driver binds `${…}`. Untagged templates interpolate text, so
   * their unresolved holes are raw SQL.
   */
  classifyHole?: HoleClassifier;
  /**
   * The values of an identifier or member expression the file does not bind (typed lint: imported
   * constants, `as const` objects of other modules, string enums, string-literal types).
   */
  resolveExternal?(node: TSESTree.Node): string[] | undefined;
  /** The file's analysis budget: past it, what is left to resolve is a hole. */
  budget?: AnalysisBudget;
  /** Inside a template builder's body: its parameters, bound to the call's arguments (undefined: not passed). */
  bound?: ReadonlyMap<Scope.Variable, TSESTree.Node | undefined>;
}

const MAX_CANDIDATES = 8;
const MAX_DEPTH = 12;

/**
 * The possible SQL texts of an expression (several for `cond ? 'A' : 'B'`), at most eight.
 * Returns `[]` when the expression has no text at all (a number, an unknown call with no hint).
 *
 * @example resolveSqlText(node /* `'SET ' + name` *\/, opts)
 *   // [{ fragment: { parts: ['SET ', ''], holes: ['raw'] }, … }]
 */
export function resolveSqlText(node: TSESTree.Node, options: ResolveOptions): ResolvedSql[] {
  const candidates = chunksOf(node, options, 0, false);
  return candidates
    .filter((chunks) => chunks.some((c) => c.kind === 'text' && c.text.length > 0))
    .map((chunks) => toResolved(chunks, node));
}

function toResolved(chunks: Chunk[], node: TSESTree.Node): ResolvedSql {
  const parts: string[] = [''];
  const holes: HoleKind[] = [];
  const positions: Array<Array<number | undefined>> = [[]];
  const fallbacks: number[] = [node.range[0]];
  const holeNodes: TSESTree.Node[] = [];
  for (const chunk of chunks) {
    if (chunk.kind === 'hole') {
      holes.push(chunk.hole);
      holeNodes.push(chunk.node);
      parts.push('');
      positions.push([]);
      fallbacks.push(chunk.node.range[1]);
      continue;
    }
    const index = parts.length - 1;
    parts[index] += chunk.text;
    const list = positions[index]!;
    for (let i = 0; i < chunk.text.length; i++) list.push(chunk.positions?.[i] ?? chunk.at);
  }
  return {
    fragment: { parts, holes },
    node,
    holeNodes,
    complete: holes.length === 0,
    sourceIndex(part, offset) {
      const list = positions[part];
      if (!list || list.length === 0) return fallbacks[part] ?? node.range[0];
      return list[Math.min(offset, list.length - 1)] ?? fallbacks[part] ?? node.range[0];
    },
  };
}

function literalPiece(node: TSESTree.StringLiteral): Piece {
  const raw = node.raw.slice(1, -1);
  const positions = cookedToSource(raw, node.range[0] + 1);
  const exact = positions && positions.length === node.value.length ? positions : undefined;
  return { kind: 'text', text: node.value, positions: exact, at: node.range[0] };
}

function quasiPiece(quasi: TSESTree.TemplateElement): Piece {
  const cooked = quasi.value.cooked ?? quasi.value.raw;
  // A quasi's range includes the backtick or `}` before it and `${` or the backtick after it.
  const rawStart = quasi.range[0] + 1;
  const positions = cookedToSource(quasi.value.raw, rawStart);
  const exact = positions && positions.length === cooked.length ? positions : undefined;
  return { kind: 'text', text: cooked, positions: exact, at: quasi.range[0] };
}

function product(lists: Chunk[][][]): Chunk[][] {
  let result: Chunk[][] = [[]];
  for (const options of lists) {
    const next: Chunk[][] = [];
    for (const prefix of result) {
      for (const option of options) {
        if (next.length >= MAX_CANDIDATES) break;
        next.push([...prefix, ...option]);
      }
    }
    result = next;
  }
  return result;
}

function hole(node: TSESTree.Node, kind: HoleKind): Chunk[][] {
  return [[{ kind: 'hole', hole: kind, node }]];
}

function chunksOf(node: TSESTree.Node, options: ResolveOptions, depth: number, tagged: boolean): Chunk[][] {
  if (depth > MAX_DEPTH || options.budget?.spend(node) === false) return hole(node, 'raw');
  switch (node.type) {
    case AST_NODE_TYPES.Literal:
      return typeof node.value === 'string' ? [[literalPiece(node as TSESTree.StringLiteral)]] : hole(node, 'value');
    case AST_NODE_TYPES.TemplateLiteral:
      return templateChunks(node, options, depth, tagged);
    case AST_NODE_TYPES.TaggedTemplateExpression:
      return templateChunks(node.quasi, options, depth, true);
    case AST_NODE_TYPES.BinaryExpression:
      if (node.operator !== '+') return hole(node, 'raw');
      return product([
        chunksOf(node.left, options, depth + 1, false),
        chunksOf(node.right, options, depth + 1, false),
      ]);
    case AST_NODE_TYPES.ConditionalExpression:
      return [
        ...chunksOf(node.consequent, options, depth + 1, false),
        ...chunksOf(node.alternate, options, depth + 1, false),
      ].slice(0, MAX_CANDIDATES);
    case AST_NODE_TYPES.LogicalExpression:
      return [
        ...chunksOf(node.left, options, depth + 1, false),
        ...chunksOf(node.right, options, depth + 1, false),
      ].slice(0, MAX_CANDIDATES);
    case AST_NODE_TYPES.TSAsExpression:
    case AST_NODE_TYPES.TSSatisfiesExpression:
    case AST_NODE_TYPES.TSNonNullExpression:
    case AST_NODE_TYPES.TSTypeAssertion:
      return chunksOf(node.expression, options, depth + 1, tagged);
    case AST_NODE_TYPES.Identifier:
      return identifierChunks(node, options, depth);
    case AST_NODE_TYPES.MemberExpression:
      return memberChunks(node, options, depth);
    case AST_NODE_TYPES.CallExpression:
      return builderChunks(node, options, depth) ?? stepChunks(joinedSteps(node, options.getScope(node)), node, options, depth);
    default:
      return hole(node, 'raw');
  }
}

function templateChunks(
  node: TSESTree.TemplateLiteral,
  options: ResolveOptions,
  depth: number,
  tagged: boolean,
): Chunk[][] {
  const lists: Chunk[][][] = [];
  node.quasis.forEach((quasi, index) => {
    lists.push([[quasiPiece(quasi)]]);
    const expression = node.expressions[index];
    if (!expression) return;
    if (!tagged) {
      lists.push(chunksOf(expression, options, depth + 1, false));
      return;
    }
    const kind = options.classifyHole?.(expression) ?? 'value';
    lists.push(typeof kind === 'string' ? hole(expression, kind) : chunksOf(kind.inline, options, depth + 1, true));
  });
  return product(lists);
}

/** A `const` (or never-reassigned `let`) binding of this file with an initialiser. */
export function constInitializer(node: TSESTree.Identifier, scope: Scope.Scope): TSESTree.Expression | undefined {
  const variable = ASTUtils.findVariable(scope, node.name);
  const definition = soleValueDefinition(variable);
  if (!variable || definition?.type !== 'Variable') return undefined;
  const declarator = definition.node;
  if (declarator.id.type !== AST_NODE_TYPES.Identifier || !declarator.init) return undefined;
  const reassigned = variable.references.some((ref) => ref.isWrite() && ref.identifier !== declarator.id);
  return reassigned ? undefined : declarator.init;
}

function identifierChunks(node: TSESTree.Identifier, options: ResolveOptions, depth: number): Chunk[][] {
  if (options.bound) {
    const variable = ASTUtils.findVariable(options.getScope(node), node.name);
    if (variable && options.bound.has(variable)) {
      const arg = options.bound.get(variable);
      return arg ? chunksOf(arg, options, depth + 1, false) : hole(node, 'raw');
    }
  }
  const init = constInitializer(node, options.getScope(node));
  if (init) {
    const resolved = chunksOf(init, options, depth + 1, false);
    const isText = resolved.some((chunks) => chunks.some((c) => c.kind === 'text'));
    // The text sits at the constant's declaration; report at the use instead.
    if (isText) return resolved.map((chunks) => chunks.map((c) => (c.kind === 'text' ? relocate(c, node) : c)));
  }
  const steps = appendedSteps(node, options.getScope(node));
  return steps ? stepChunks(steps, node, options, depth) : externalChunks(node, options);
}

/**
 * A call of a small template builder of this file: a function declaration or `const` function whose body is
 * only `return <text>` (or an arrow's expression body). Its text with each parameter bound to the call's
 * argument, reported at the call (the text sits in the builder).
 */
function builderChunks(call: TSESTree.CallExpression, options: ResolveOptions, depth: number): Chunk[][] | undefined {
  if (call.callee.type !== AST_NODE_TYPES.Identifier) return undefined;
  const fn = sameFileFunction(call.callee, options.getScope(call.callee));
  const returned = fn && onlyReturn(fn);
  if (!fn || !returned) return undefined;
  const bound = new Map(options.bound);
  fn.params.forEach((param, index) => {
    const variable = param.type === AST_NODE_TYPES.Identifier ? ASTUtils.findVariable(options.getScope(param), param) : null;
    const arg = call.arguments[index];
    if (variable) bound.set(variable, arg && arg.type !== AST_NODE_TYPES.SpreadElement ? arg : undefined);
  });
  const resolved = chunksOf(returned, { ...options, bound }, depth + 1, false);
  return resolved.map((chunks) => chunks.map((c) => (c.kind === 'text' ? relocate(c, call) : c)));
}

/** A function declaration, or a `const` bound to an arrow or function expression, named by `callee`. */
function sameFileFunction(callee: TSESTree.Identifier, scope: Scope.Scope): FunctionNode | undefined {
  const definition = soleValueDefinition(ASTUtils.findVariable(scope, callee.name));
  if (definition?.type === 'FunctionName' && isFunction(definition.node)) return definition.node;
  const init = constInitializer(callee, scope);
  return init && isFunction(init) ? init : undefined;
}

/** The expression a function only returns: an arrow's expression body, or a block that is one `return x`. */
function onlyReturn(fn: FunctionNode): TSESTree.Expression | undefined {
  if (fn.async || fn.generator) return undefined;
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return fn.body;
  const [statement, ...rest] = fn.body.body;
  return rest.length === 0 && statement?.type === AST_NODE_TYPES.ReturnStatement ? (statement.argument ?? undefined) : undefined;
}

/** SQL built in steps (`sql-steps.ts`): each part's text in order, separators between; a hole when unknown. */
function stepChunks(built: Steps | undefined, node: TSESTree.Node, options: ResolveOptions, depth: number): Chunk[][] {
  if (!built) return hole(node, 'raw');
  const lists = built.steps.map((step): Chunk[][] =>
    step.kind === 'separator'
      ? [[{ kind: 'text', text: step.text, positions: undefined, at: node.range[0] }]]
      : chunksOf(step.node, options, depth + 1, false),
  );
  const chunks = product(lists);
  return built.remote ? chunks.map((list) => list.map((c) => (c.kind === 'text' ? relocate(c, node) : c))) : chunks;
}

function externalChunks(node: TSESTree.Node, options: ResolveOptions): Chunk[][] {
  const external = options.resolveExternal?.(node);
  if (external && external.length > 0) {
    return external.slice(0, MAX_CANDIDATES).map((text) => [{ kind: 'text', text, positions: undefined, at: node.range[0] }]);
  }
  return hole(node, 'raw');
}

/** `QUERIES.setPath` where `QUERIES` is a `const` object literal of this file (`as const` or not). */
function memberChunks(node: TSESTree.MemberExpression, options: ResolveOptions, depth: number): Chunk[][] {
  const key = !node.computed && node.property.type === AST_NODE_TYPES.Identifier ? node.property.name : undefined;
  let object: TSESTree.Node | undefined =
    node.object.type === AST_NODE_TYPES.Identifier ? constInitializer(node.object, options.getScope(node)) : undefined;
  while (object && (object.type === AST_NODE_TYPES.TSAsExpression || object.type === AST_NODE_TYPES.TSSatisfiesExpression)) {
    object = object.expression;
  }
  if (key !== undefined && object?.type === AST_NODE_TYPES.ObjectExpression) {
    const property = object.properties.find(
      (p): p is TSESTree.Property =>
        p.type === AST_NODE_TYPES.Property && !p.computed && p.key.type === AST_NODE_TYPES.Identifier && p.key.name === key,
    );
    if (property) {
      const resolved = chunksOf(property.value, options, depth + 1, false);
      return resolved.map((chunks) => chunks.map((c) => (c.kind === 'text' ? relocate(c, node) : c)));
    }
  }
  return externalChunks(node, options);
}

function relocate(piece: Piece, use: TSESTree.Node): Piece {
  return { kind: 'text', text: piece.text, positions: undefined, at: use.range[0] };
}
