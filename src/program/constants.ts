/**
 * SQL text from other modules, through the type checker (typed lint only): imported and re-exported
 * constants, `as const` objects and their properties, plain `const` objects, string enums, string-literal
 * and template-literal types. A value's literal type answers first; otherwise the pass follows the symbol
 * to its `const` declaration (in any file of the program) and evaluates the initialiser: literals,
 * templates, `+`, `?:` and other constants. Only finite sets of complete strings come out.
 */
import type { ParserServices, TSESTree } from '@typescript-eslint/utils';
import type * as ts from 'typescript';
import { loadTypeScript, PROGRAM_PASS_ENABLED } from './typescript.js';

const MAX_VALUES = 8;
const MAX_DEPTH = 10;

/** The cartesian concatenation of lists of strings, or undefined when it grows past the limit. */
function concatenations(lists: readonly (readonly string[])[]): string[] | undefined {
  let result = [''];
  for (const list of lists) {
    if (result.length * list.length > MAX_VALUES) return undefined;
    result = result.flatMap((prefix) => list.map((text) => prefix + text));
  }
  return result;
}

/**
 * The string values of expressions of one program: memoised per node, never throwing.
 * @example new StringValues(tsApi, checker).of(tsIdentifier) // ['SET search_path TO app']
 */
export class StringValues {
  private readonly memo = new Map<ts.Node, string[] | null>();

  constructor(
    private readonly tsApi: typeof ts,
    private readonly checker: ts.TypeChecker,
  ) {}

  /**
   * The possible string values of an expression (at most eight), or undefined when not all are known.
   * @example values.of(node /* QUERIES.setPath, imported *\/) // ['SET search_path TO app']
   */
  of(node: ts.Node, depth = 0): string[] | undefined {
    const known = this.memo.get(node);
    if (known !== undefined) return known ?? undefined;
    if (depth > MAX_DEPTH) return undefined;
    this.memo.set(node, null); // a cycle (`const a = b; const b = a`) resolves to nothing
    let found: string[] | undefined;
    try {
      found = this.compute(node, depth);
    } catch {
      found = undefined; // odd input degrades to "unknown"
    }
    this.memo.set(node, found ?? null);
    return found;
  }

  /**
   * The string values of a type: a string literal, a string enum member, a template-literal type over
   * finite unions, or a union of them.
   * @example values.ofType(checker.getTypeAtLocation(node)) // ['SET a', 'SET b']
   */
  ofType(type: ts.Type, depth = 0): string[] | undefined {
    if (depth > MAX_DEPTH) return undefined;
    if (type.isStringLiteral()) return [type.value];
    if (type.isNumberLiteral()) return [String(type.value)];
    if (type.isUnion()) {
      const values: string[] = [];
      for (const part of type.types) {
        const inner = this.ofType(part, depth + 1);
        if (!inner || values.length + inner.length > MAX_VALUES) return undefined;
        values.push(...inner);
      }
      return values;
    }
    if (type.flags & this.tsApi.TypeFlags.TemplateLiteral) {
      const template = type as ts.TemplateLiteralType;
      const lists: string[][] = [];
      template.texts.forEach((text, index) => {
        lists.push([text]);
        const part = template.types[index];
        const inner = part && this.ofType(part, depth + 1);
        if (part) lists.push(inner ?? []);
      });
      return lists.some((list) => list.length === 0) ? undefined : concatenations(lists);
    }
    return undefined;
  }

  private compute(node: ts.Node, depth: number): string[] | undefined {
    const t = this.tsApi;
    if (t.isParenthesizedExpression(node) || t.isAsExpression(node) || t.isSatisfiesExpression(node) ||
      t.isNonNullExpression(node) || t.isTypeAssertionExpression(node)) {
      return this.of(node.expression, depth + 1);
    }
    if (t.isStringLiteral(node) || t.isNoSubstitutionTemplateLiteral(node) || t.isNumericLiteral(node)) return [node.text];
    if (t.isTemplateExpression(node)) {
      const lists: string[][] = [[node.head.text]];
      for (const span of node.templateSpans) {
        const inner = this.of(span.expression, depth + 1);
        if (!inner) return undefined;
        lists.push(inner, [span.literal.text]);
      }
      return concatenations(lists);
    }
    if (t.isBinaryExpression(node) && node.operatorToken.kind === t.SyntaxKind.PlusToken) {
      const left = this.of(node.left, depth + 1);
      const right = left && this.of(node.right, depth + 1);
      return left && right ? concatenations([left, right]) : undefined;
    }
    if (t.isConditionalExpression(node)) {
      const whenTrue = this.of(node.whenTrue, depth + 1);
      const whenFalse = whenTrue && this.of(node.whenFalse, depth + 1);
      return whenTrue && whenFalse && whenTrue.length + whenFalse.length <= MAX_VALUES ? [...whenTrue, ...whenFalse] : undefined;
    }
    if (t.isIdentifier(node) || t.isPropertyAccessExpression(node) || t.isElementAccessExpression(node)) {
      return this.ofType(this.checker.getTypeAtLocation(node)) ?? this.ofDeclaration(node, depth);
    }
    return undefined;
  }

  /** Follows a name to the `const` (or property of a `const` object, or enum member) it names. */
  private ofDeclaration(node: ts.Identifier | ts.PropertyAccessExpression | ts.ElementAccessExpression, depth: number): string[] | undefined {
    const t = this.tsApi;
    const at = t.isPropertyAccessExpression(node) ? node.name : t.isElementAccessExpression(node) ? node.argumentExpression : node;
    let symbol = this.checker.getSymbolAtLocation(at);
    if (symbol && symbol.flags & t.SymbolFlags.Alias) symbol = this.checker.getAliasedSymbol(symbol);
    const declaration = symbol?.valueDeclaration ?? (symbol?.declarations?.length === 1 ? symbol.declarations[0] : undefined);
    if (!declaration) return undefined;
    if (t.isVariableDeclaration(declaration)) {
      const constant = (t.getCombinedNodeFlags(declaration) & t.NodeFlags.Const) !== 0;
      return constant && declaration.initializer ? this.of(declaration.initializer, depth + 1) : undefined;
    }
    if (t.isPropertyAssignment(declaration)) {
      return this.inConstObject(declaration.parent) ? this.of(declaration.initializer, depth + 1) : undefined;
    }
    if (t.isShorthandPropertyAssignment(declaration)) {
      return this.inConstObject(declaration.parent) ? this.of(declaration.name, depth + 1) : undefined;
    }
    if (t.isEnumMember(declaration) && declaration.initializer) return this.of(declaration.initializer, depth + 1);
    return undefined;
  }

  /** An object literal that is (a property of) the initialiser of a `const`: its properties are not reassigned here. */
  private inConstObject(object: ts.Node): boolean {
    const t = this.tsApi;
    let current: ts.Node = object;
    for (;;) {
      const parent = current.parent;
      if (!parent) return false;
      if (t.isParenthesizedExpression(parent) || t.isAsExpression(parent) || t.isSatisfiesExpression(parent)) current = parent;
      else if (t.isPropertyAssignment(parent) && t.isObjectLiteralExpression(parent.parent)) current = parent.parent;
      else return t.isVariableDeclaration(parent) && (t.getCombinedNodeFlags(parent) & t.NodeFlags.Const) !== 0;
    }
  }
}

const perProgram = new WeakMap<ts.Program, StringValues>();

/**
 * The string evaluator of a program, shared by every file and rule linted against it.
 * @example stringValuesOf(program, tsApi).of(tsNode)
 */
export function stringValuesOf(program: ts.Program, tsApi: typeof ts): StringValues {
  let values = perProgram.get(program);
  if (!values) {
    values = new StringValues(tsApi, program.getTypeChecker());
    perProgram.set(program, values);
  }
  return values;
}

/**
 * A resolver of the text of identifiers and member expressions of other modules, or `undefined`
 * without type information (or with `POOLER_PROGRAM_PASS=off`).
 *
 * @example typedStringResolver(context.sourceCode.parserServices)?.(node /* SET_PATH imported from './queries' *\/)
 *   // ['SET search_path TO app']
 */
export function typedStringResolver(
  services: Partial<ParserServices> | undefined,
): ((node: TSESTree.Node) => string[] | undefined) | undefined {
  const program = services?.program;
  const map = services?.esTreeNodeToTSNodeMap;
  const tsApi = loadTypeScript();
  if (!PROGRAM_PASS_ENABLED || !program || !map || !tsApi) return undefined;
  const values = stringValuesOf(program, tsApi);
  return (node) => {
    const tsNode = map.get(node);
    return tsNode ? values.of(tsNode) : undefined;
  };
}
