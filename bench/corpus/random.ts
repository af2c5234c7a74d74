/**
 * The corpus generator's only source of variety: a seeded PRNG (mulberry32) and naming helpers. Same seed,
 * same sequence of calls, same corpus, on every machine and Node version (integer arithmetic only).
 */

/** A deterministic random source. */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max] (both included). */
  int(min: number, max: number): number;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** True with probability `p`. */
  chance(p: number): boolean;
}

/**
 * A mulberry32 generator seeded with a 32-bit integer.
 * @example const random = createRandom(42); random.int(1, 6) // the same die roll on every run
 */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)]!,
    chance: (p) => next() < p,
  };
}

/**
 * `invoice-line` → `InvoiceLine`.
 * @example pascal('invoice-line') // 'InvoiceLine'
 */
export function pascal(name: string): string {
  return name
    .split(/[-_]/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/**
 * `invoice-line` → `invoiceLine`.
 * @example camel('invoice-line') // 'invoiceLine'
 */
export function camel(name: string): string {
  const p = pascal(name);
  return p.charAt(0).toLowerCase() + p.slice(1);
}

/**
 * `invoice-line` → `invoice_lines` (a table name).
 * @example table('invoice-line') // 'invoice_lines'
 */
export function table(name: string): string {
  const snake = name.replaceAll('-', '_');
  return snake.endsWith('s') ? `${snake}es` : snake.endsWith('y') ? `${snake.slice(0, -1)}ies` : `${snake}s`;
}
