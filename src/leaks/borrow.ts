/**
 * Whether a function that receives the handle only borrows it (uses it and leaves it to the caller)
 * or may take ownership (releases, stores, returns or passes it on). A callee the analysis cannot
 * see counts as taking ownership: the caller is then not reported.
 *
 * Same-file functions (`function migrate(client)`, `const f = async (client) => …`, `this.method(client)`)
 * are read directly; with type information, the callee's declaration in another file is read too.
 */
import { ASTUtils, type ParserServices, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import type * as ts from 'typescript';
import { isFunction, propName, soleValueDefinition, unwrap, type FunctionNode } from '../ast/nodes.js';
import { thisClass } from '../drivers/this-fields.js';
import { useRole } from './uses.js';
import { loadTypeScript } from '../program/typescript.js';

/** Decides whether a call borrows the handle passed at an argument index. */
export type BorrowCheck = (call: TSESTree.CallExpression | TSESTree.NewExpression, index: number) => boolean;

const MAX_DEPTH = 3;

/**
 * A borrow check for one file. `releaseNames` are method names that give the handle back.
 * @example const borrows = createBorrowCheck(context.sourceCode, new Set(['release'])); borrows(call, 0)
 */
export function createBorrowCheck(
  sourceCode: Readonly<TSESLint.SourceCode>,
  releaseNames: ReadonlySet<string>,
): BorrowCheck {
  const memo = new Map<string, boolean>();
  const functionIds = new Map<TSESTree.Node | ts.Node, number>();
  const idOf = (node: TSESTree.Node | ts.Node) => {
    let id = functionIds.get(node);
    if (id === undefined) functionIds.set(node, (id = functionIds.size));
    return id;
  };
  const services = sourceCode.parserServices as Partial<ParserServices> | undefined;
  const program = services?.program ?? undefined;
  const checker = program?.getTypeChecker();

  const callBorrows = (call: TSESTree.CallExpression | TSESTree.NewExpression, index: number, depth: number): boolean => {
    if (depth > MAX_DEPTH || call.arguments[index]?.type === 'SpreadElement') return false;
    const callee = unwrap(call.callee);
    if (callee.type === 'MemberExpression' && unwrap(callee.object).type === 'Identifier' &&
      (unwrap(callee.object) as TSESTree.Identifier).name === 'console') return true;
    const fn = sameFileCallee(call);
    if (fn) return cached(fn, index, () => estreeBorrows(fn, index, depth));
    const declaration = checker && services?.esTreeNodeToTSNodeMap ? signatureDeclaration(call) : undefined;
    if (!declaration) return false;
    const mapped = services?.tsNodeToESTreeNodeMap?.get(declaration as never) as TSESTree.Node | undefined;
    if (mapped && isFunction(mapped)) return cached(mapped, index, () => estreeBorrows(mapped, index, depth));
    return cached(declaration, index, () => tsBorrows(declaration, index, depth));
  };

  const cached = (fn: TSESTree.Node | ts.Node, index: number, compute: () => boolean): boolean => {
    const key = `${idOf(fn)}:${index}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    memo.set(key, false); // recursion: assume ownership is taken
    const found = compute();
    memo.set(key, found);
    return found;
  };

  const sameFileCallee = (call: TSESTree.CallExpression | TSESTree.NewExpression): FunctionNode | undefined => {
    const callee = unwrap(call.callee);
    if (callee.type === 'Identifier') {
      const variable = ASTUtils.findVariable(sourceCode.getScope(callee), callee);
      const def = soleValueDefinition(variable);
      if (def?.type === 'FunctionName' && isFunction(def.node)) return def.node;
      const init = def?.type === 'Variable' && def.parent.kind === 'const' ? def.node.init : undefined;
      return init && isFunction(init) ? init : undefined;
    }
    if (callee.type === 'MemberExpression' && unwrap(callee.object).type === 'ThisExpression') {
      const owner = thisClass(unwrap(callee.object) as TSESTree.ThisExpression);
      const name = propName(callee);
      const method = owner?.body.body.find(
        (m) => m.type === 'MethodDefinition' && m.kind === 'method' && m.static === owner.isStatic && propName(m) === name,
      );
      return method?.type === 'MethodDefinition' && isFunction(method.value) ? method.value : undefined;
    }
    return undefined;
  };

  const estreeBorrows = (fn: FunctionNode, index: number, depth: number): boolean => {
    const param = fn.params[index];
    const id = param?.type === 'AssignmentPattern' ? param.left : param;
    if (id?.type !== 'Identifier') return false;
    const variable = sourceCode.getDeclaredVariables(fn).find((v) => v.identifiers.includes(id));
    if (!variable) return false;
    return variable.references.every((ref) => {
      if (ref.isWrite()) return false;
      const role = useRole(ref.identifier);
      if (role.kind === 'test') return true;
      if (role.kind === 'member') return role.name === undefined ? false : !releaseNames.has(role.name);
      return role.kind === 'argument' && callBorrows(role.call, role.index, depth + 1);
    });
  };

  const signatureDeclaration = (call: TSESTree.CallExpression | TSESTree.NewExpression): ts.SignatureDeclaration | undefined => {
    const tsCall = services!.esTreeNodeToTSNodeMap!.get(call) as ts.CallLikeExpression | undefined;
    return tsCall ? checker!.getResolvedSignature(tsCall)?.declaration as ts.SignatureDeclaration | undefined : undefined;
  };

  const tsBorrows = (declaration: ts.SignatureDeclaration, index: number, depth: number): boolean => {
    const tsApi = loadTypeScript();
    const body = (declaration as { body?: ts.Node }).body;
    const param = declaration.parameters?.[index];
    if (!tsApi || !body || !param || !tsApi.isIdentifier(param.name) || !checker) return false;
    const symbol = checker.getSymbolAtLocation(param.name);
    const name = param.name.text;
    let borrowed = true;
    const visit = (node: ts.Node): void => {
      if (!borrowed) return;
      if (tsApi.isIdentifier(node) && node.text === name && checker.getSymbolAtLocation(node) === symbol) {
        borrowed = tsUseBorrows(tsApi, node, depth);
        return;
      }
      node.forEachChild(visit);
    };
    visit(body);
    return borrowed;
  };

  const tsUseBorrows = (tsApi: typeof ts, node: ts.Identifier, depth: number): boolean => {
    let child: ts.Node = node;
    let parent = node.parent;
    while (tsApi.isParenthesizedExpression(parent) || tsApi.isAsExpression(parent) || tsApi.isNonNullExpression(parent)) {
      child = parent;
      parent = parent.parent;
    }
    if (tsApi.isPropertyAccessExpression(parent) && parent.expression === child) return !releaseNames.has(parent.name.text);
    if (tsApi.isPrefixUnaryExpression(parent) || tsApi.isIfStatement(parent) || tsApi.isTypeOfExpression(parent)) return true;
    if (tsApi.isBinaryExpression(parent)) {
      const kind = parent.operatorToken.kind;
      return (
        kind === tsApi.SyntaxKind.EqualsEqualsEqualsToken ||
        kind === tsApi.SyntaxKind.ExclamationEqualsEqualsToken ||
        kind === tsApi.SyntaxKind.EqualsEqualsToken ||
        kind === tsApi.SyntaxKind.ExclamationEqualsToken
      );
    }
    if (tsApi.isCallExpression(parent) && parent.arguments.includes(child as ts.Expression) && depth < MAX_DEPTH) {
      const declaration = checker!.getResolvedSignature(parent)?.declaration as ts.SignatureDeclaration | undefined;
      return declaration ? tsBorrows(declaration, parent.arguments.indexOf(child as ts.Expression), depth + 1) : false;
    }
    return false;
  };

  return (call, index) => callBorrows(call, index, 0);
}
