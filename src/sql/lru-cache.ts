/**
 * A bounded least-recently-used cache over a `Map` (whose iteration order is insertion order).
 * Bounded by entry count and by the summed size of the entries, so a few megabyte strings cannot
 * pin gigabytes. Pure memoisation: a hit returns exactly what a miss would compute.
 *
 * A hit moves its entry to the recent end only if it is not among the most recent quarter of the
 * entries already (moving costs a delete and an insert; the module pass hits its caches on every import
 * of every linted file): the eviction order is approximately, not exactly, least recently used.
 */
export class LruCache<V> {
  private readonly entries = new Map<string, { value: V; size: number; moved: number }>();
  private totalSize = 0;
  /** Counts insertions and moves: an entry moved less than `maxEntries / 4` ago is among the most recent. */
  private clock = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly maxTotalSize: number,
  ) {}

  /**
   * The cached value for `key` (marking it recently used), or `undefined`.
   *
   * @example cache.get('SELECT 1')
   */
  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (this.clock - entry.moved >= this.maxEntries >> 2) {
      this.entries.delete(key);
      entry.moved = ++this.clock;
      this.entries.set(key, entry);
    }
    return entry.value;
  }

  /**
   * Stores `value` under `key` with a size (e.g. the text length); evicts the oldest entries as needed.
   * An entry larger than the whole budget is not stored.
   *
   * @example cache.set('SELECT 1', analysis, 8)
   */
  set(key: string, value: V, size: number): void {
    if (size > this.maxTotalSize) return;
    const old = this.entries.get(key);
    if (old) {
      this.totalSize -= old.size;
      this.entries.delete(key);
    }
    this.entries.set(key, { value, size, moved: ++this.clock });
    this.totalSize += size;
    for (const [oldest, entry] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.totalSize <= this.maxTotalSize) break;
      this.entries.delete(oldest);
      this.totalSize -= entry.size;
    }
  }

  /**
   * How many entries the cache holds and the sum of their sizes.
   *
   * @example cache.stats() // { entries: 12, size: 3400 }
   */
  stats(): { entries: number; size: number } {
    return { entries: this.entries.size, size: this.totalSize };
  }

  /**
   * Empties the cache.
   *
   * @example cache.clear()
   */
  clear(): void {
    this.entries.clear();
    this.totalSize = 0;
  }
}
