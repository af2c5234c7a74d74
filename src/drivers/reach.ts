/**
 * Typed lint: which files of a TypeScript program can hold a driver value. Every type is declared in
 * some file, and a file can only name or infer a type that its imports reach: directly, or through
 * the imports of the files it imports (project files and packages' `.d.ts` alike). So a file whose
 * imports never reach a driver's declarations cannot hold a driver value, and needs no checker
 * questions. In a typical application most files are such files.
 *
 * The graph follows every module reference TypeScript resolved (imports, re-exports, `import()` types,
 * `require` in JavaScript). A module augmentation (`declare module 'fastify' { … }`) adds edges from
 * the augmented module's files to the augmenting file, whose declarations they then carry. Global
 * declarations are seen by every file: if a script file or a `declare global` block reaches a driver,
 * every file counts as reaching. Where the graph cannot be built, every file counts as reaching.
 */
import type * as ts from 'typescript';
import { loadTypeScript } from '../program/typescript.js';

/** TypeScript internals the graph reads (present since TypeScript 4; checked at run time). */
interface GraphProgram extends ts.Program {
  getResolvedModuleFromModuleSpecifier?(
    specifier: ts.StringLiteralLike,
    file: ts.SourceFile,
  ): ts.ResolvedModuleWithFailedLookupLocations | undefined;
}
interface GraphFile extends ts.SourceFile {
  /** Every module reference of the file, in the order TypeScript resolved them. */
  readonly imports?: readonly ts.StringLiteralLike[];
  /** `declare module '…'` names (string literals) and `declare global` (an identifier). */
  readonly moduleAugmentations?: readonly (ts.StringLiteral | ts.Identifier)[];
  /** Set in a JavaScript file that uses `require`/`module.exports`: a module, not a script. */
  readonly commonJsModuleIndicator?: unknown;
}

/** Which files of a program can hold a driver value (see the module comment). */
export interface DriverReach {
  /** Whether the file's imports reach a driver's declarations. */
  file(file: ts.SourceFile): boolean;
  /** Whether the module an import of `from` names reaches them (true where it cannot be told). */
  module(specifier: ts.StringLiteralLike, from: ts.SourceFile): boolean;
}

/** The reach of a program, per seed test (its key). */
const reaches = new WeakMap<ts.Program, Map<string, DriverReach>>();

/**
 * The files of a program that can hold a driver value: their imports reach, transitively, a file
 * where `isSeed` says driver types are declared. Computed once per program and seed key.
 * @example driverReachOf(program, (seed) => packageOf(seed.fileName) === 'pg', 'pg').file(sourceFile) // true for a file importing pg
 */
export function driverReachOf(program: ts.Program, isSeed: (file: ts.SourceFile) => boolean, seedKey: string): DriverReach {
  let byKey = reaches.get(program);
  if (!byKey) reaches.set(program, (byKey = new Map()));
  let reach = byKey.get(seedKey);
  if (!reach) {
    const graph = program as GraphProgram;
    const reached = driverReach(graph, isSeed);
    const file = (sourceFile: ts.SourceFile) => reached === 'all' || reached.has(sourceFile);
    reach = {
      file,
      module(specifier, from) {
        if (reached === 'all') return true;
        const resolved = graph.getResolvedModuleFromModuleSpecifier?.(specifier, from)?.resolvedModule;
        const target = resolved && program.getSourceFile(resolved.resolvedFileName);
        return !target || file(target);
      },
    };
    byKey.set(seedKey, reach);
  }
  return reach;
}

function driverReach(program: GraphProgram, isSeed: (file: ts.SourceFile) => boolean): ReadonlySet<ts.SourceFile> | 'all' {
  const tsApi = loadTypeScript();
  if (!tsApi || typeof program.getResolvedModuleFromModuleSpecifier !== 'function') return 'all';
  const files = program.getSourceFiles() as readonly GraphFile[];
  /** file → the files that see its declarations: its importers; for an augmenting file, the augmented module's files. */
  const seenBy = new Map<ts.SourceFile, ts.SourceFile[]>();
  const edge = (declaring: ts.SourceFile, seeing: ts.SourceFile) => {
    const list = seenBy.get(declaring);
    if (list) list.push(seeing);
    else seenBy.set(declaring, [seeing]);
  };
  const start: ts.SourceFile[] = [];
  const globals: ts.SourceFile[] = [];
  const augmentations: [augmenting: ts.SourceFile, augmented: string][] = [];
  const resolvedName = (specifier: ts.StringLiteralLike, file: ts.SourceFile): string | undefined =>
    program.getResolvedModuleFromModuleSpecifier!(specifier, file)?.resolvedModule?.resolvedFileName;
  for (const file of files) {
    if (!Array.isArray(file.imports)) return 'all';
    if (isSeed(file)) start.push(file);
    const isModule = tsApi.isExternalModule(file) || file.commonJsModuleIndicator !== undefined || file.fileName.endsWith('.json');
    if (!isModule) globals.push(file);
    for (const specifier of file.imports) {
      // Unresolved: `any`, or an ambient module, which a script file (a global) declares.
      const resolved = resolvedName(specifier, file);
      const target = resolved === undefined ? undefined : program.getSourceFile(resolved);
      if (target) edge(target, file);
      else if (resolved !== undefined && /\.[cm]?tsx?$/.test(resolved)) start.push(file); // types outside the program: unknown
    }
    for (const name of file.moduleAugmentations ?? []) {
      const augmented = tsApi.isStringLiteral(name) ? resolvedName(name, file) : undefined;
      if (augmented !== undefined && (packageOf(augmented) !== undefined || program.getSourceFile(augmented))) {
        augmentations.push([file, augmented]);
      } else {
        globals.push(file); // `declare global`, or an ambient module augmented: seen everywhere
      }
    }
  }
  addAugmentations(program, augmentations, edge);
  const reached = new Set<ts.SourceFile>(start);
  const queue = [...reached];
  for (let file = queue.pop(); file; file = queue.pop()) {
    for (const seeing of seenBy.get(file) ?? []) {
      if (!reached.has(seeing)) {
        reached.add(seeing);
        queue.push(seeing);
      }
    }
  }
  return globals.some((file) => reached.has(file)) ? 'all' : reached;
}

/**
 * An augmentation's declarations merge into the augmented module. A package's types are often split
 * over several files that re-export each other, so every file of an augmented package sees the
 * augmenting file; a project file is augmented alone.
 */
function addAugmentations(
  program: ts.Program,
  augmentations: readonly [augmenting: ts.SourceFile, augmented: string][],
  edge: (declaring: ts.SourceFile, seeing: ts.SourceFile) => void,
): void {
  if (augmentations.length === 0) return;
  const byPackage = new Map<string, ts.SourceFile[]>();
  for (const file of program.getSourceFiles()) {
    const pkg = packageOf(file.fileName);
    if (pkg === undefined) continue;
    const list = byPackage.get(pkg);
    if (list) list.push(file);
    else byPackage.set(pkg, [file]);
  }
  for (const [augmenting, augmented] of augmentations) {
    const pkg = packageOf(augmented);
    const files = pkg === undefined ? [program.getSourceFile(augmented)!] : (byPackage.get(pkg) ?? []);
    for (const file of files) edge(augmenting, file);
  }
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
