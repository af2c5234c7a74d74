/** Test harness: a TypeScript program over files held in memory (paths under `/app`), without lib files. */
import ts from 'typescript';

/**
 * A program whose roots are the `.ts` files of `roots`; `packages` are files it can import too
 * (`/app/node_modules/…`); `options` add compiler options (`paths` for a monorepo's packages).
 * @example memoryProgram({ '/app/src/a.ts': 'export const a = 1;' }).getSourceFile('/app/src/a.ts')
 */
export function memoryProgram(
  roots: Record<string, string>,
  packages: Record<string, string> = {},
  extra: ts.CompilerOptions = {},
): ts.Program {
  const files = new Map(Object.entries({ ...packages, ...roots }));
  const options: ts.CompilerOptions = {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    noLib: true,
    types: [],
    ...extra,
  };
  const host = ts.createCompilerHost(options);
  Object.assign(host, {
    fileExists: (name: string) => files.has(name),
    readFile: (name: string) => files.get(name),
    directoryExists: (name: string) => [...files.keys()].some((file) => file.startsWith(`${name}/`)),
    getSourceFile: (name: string, target: ts.ScriptTarget) => {
      const text = files.get(name);
      return text === undefined ? undefined : ts.createSourceFile(name, text, target, true);
    },
    realpath: (name: string) => name,
    getCurrentDirectory: () => '/app',
  });
  return ts.createProgram(Object.keys(roots), options, host);
}
