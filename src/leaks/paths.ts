/**
 * The abstract state of the leak analysis: a set of paths, each with the state of the tracked
 * handle and the known truth of a few boolean variables (`released`, `err`), so that correlated
 * conditions (`if (!released) client.release()`) are followed exactly.
 */
import type { TSESTree } from '@typescript-eslint/utils';

/**
 * `N`: no handle held (before the acquisition, or the acquisition failed); `P`: acquired lazily, no
 * connection yet (TypeORM query runner); `H`: held; `R`: released; `E`: ownership handed on
 * (returned, stored, passed to a function or to a callback).
 */
export type Hold = 'N' | 'P' | 'H' | 'R' | 'E';

/** Why a path still holds the handle: the first abrupt event on it. */
export interface Witness {
  readonly kind: 'throw' | 'return' | 'break' | 'continue';
  readonly node: TSESTree.Node;
}

/** One path: the handle's state and the known values of tracked boolean variables. */
export interface Path {
  readonly hold: Hold;
  /** Sorted `[variable id, value]` pairs. */
  readonly facts: readonly (readonly [number, boolean])[];
  readonly witness?: Witness;
}

function keyOf(path: Path): string {
  return `${path.hold}|${path.facts.map(([id, value]) => `${id}${value ? '+' : '-'}`).join(',')}`;
}

/** Prefer the path without a witness (the plain path), else the earliest witness. */
function preferred(a: Path, b: Path): Path {
  if (!a.witness) return a;
  if (!b.witness) return b;
  return a.witness.node.range[0] <= b.witness.node.range[0] ? a : b;
}

/** An immutable set of paths, keyed by state and facts. */
export class Paths {
  static readonly EMPTY = new Paths(new Map());

  private constructor(private readonly byKey: ReadonlyMap<string, Path>) {}

  /**
   * Paths from a list (duplicates merged).
   * @example Paths.of([{ hold: 'N', facts: [] }])
   */
  static of(paths: Iterable<Path>): Paths {
    const map = new Map<string, Path>();
    for (const path of paths) {
      const key = keyOf(path);
      const known = map.get(key);
      map.set(key, known ? preferred(known, path) : path);
    }
    return new Paths(map);
  }

  /**
   * The union of several path sets.
   * @example Paths.merge(afterThen, afterElse)
   */
  static merge(...sets: readonly Paths[]): Paths {
    const nonEmpty = sets.filter((set) => !set.isEmpty);
    if (nonEmpty.length <= 1) return nonEmpty[0] ?? Paths.EMPTY;
    return Paths.of(nonEmpty.flatMap((set) => [...set]));
  }

  get isEmpty(): boolean {
    return this.byKey.size === 0;
  }

  [Symbol.iterator](): Iterator<Path> {
    return this.byKey.values();
  }

  /**
   * Maps each path to zero, one or several paths.
   * @example paths.map((p) => (p.hold === 'H' ? { ...p, hold: 'R' } : p))
   */
  map(fn: (path: Path) => Path | readonly Path[] | undefined): Paths {
    const out: Path[] = [];
    for (const path of this) {
      const mapped = fn(path);
      if (Array.isArray(mapped)) out.push(...(mapped as readonly Path[]));
      else if (mapped) out.push(mapped as Path);
    }
    return Paths.of(out);
  }

  /** Keeps the paths that satisfy `test`. */
  filter(test: (path: Path) => boolean): Paths {
    return this.map((path) => (test(path) ? path : undefined));
  }

  /** Whether some path satisfies `test`. */
  some(test: (path: Path) => boolean): boolean {
    for (const path of this) if (test(path)) return true;
    return false;
  }

  /**
   * Sets a witness on the paths that have none (the event that led them here).
   * @example paths.witnessed({ kind: 'throw', node: call })
   */
  witnessed(witness: Witness): Paths {
    return this.map((path) => (path.witness ? path : { ...path, witness }));
  }

  /** Same states and facts (witnesses ignored): the fixpoint test for loops. */
  sameAs(other: Paths): boolean {
    if (this.byKey.size !== other.byKey.size) return false;
    for (const key of this.byKey.keys()) if (!other.byKey.has(key)) return false;
    return true;
  }
}

/**
 * The value of tracked boolean `id` on a path: true, false or undefined (unknown).
 * @example factOf(path, 3) // false after `let released = false`
 */
export function factOf(path: Path, id: number): boolean | undefined {
  return path.facts.find(([known]) => known === id)?.[1];
}

/**
 * The path with tracked boolean `id` set to `value` (or forgotten, for `undefined`).
 * @example withFact(path, 3, true)
 */
export function withFact(path: Path, id: number, value: boolean | undefined): Path {
  const facts = path.facts.filter(([known]) => known !== id);
  if (value !== undefined) {
    facts.push([id, value]);
    facts.sort((a, b) => a[0] - b[0]);
  }
  return { ...path, facts };
}

/** Completions other than normal: `throw`, `return`, `break:label`, `continue:label`. */
export type Abrupt = Map<string, Paths>;

/**
 * Adds paths to a completion kind of an abrupt map.
 * @example addAbrupt(abrupt, 'throw', paths.witnessed({ kind: 'throw', node }))
 */
export function addAbrupt(abrupt: Abrupt, key: string, paths: Paths): void {
  if (paths.isEmpty) return;
  const known = abrupt.get(key);
  abrupt.set(key, known ? Paths.merge(known, paths) : paths);
}

/** The result of running a statement: paths completing normally and abruptly. */
export interface Flow {
  readonly normal: Paths;
  readonly abrupt: Abrupt;
}

/**
 * Merges several flows.
 * @example mergeFlows(thenFlow, elseFlow)
 */
export function mergeFlows(...flows: readonly Flow[]): Flow {
  const abrupt: Abrupt = new Map();
  for (const flow of flows) for (const [key, paths] of flow.abrupt) addAbrupt(abrupt, key, paths);
  return { normal: Paths.merge(...flows.map((flow) => flow.normal)), abrupt };
}
