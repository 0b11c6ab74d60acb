/**
 * A map bounded by its number of entries that forgets the least recently used first, for
 * caches of the checker, the draft reader and the hovers: a long session on a large corpus must
 * not keep every sentence it has read.
 */
export class LruCache<K, V> {
  private readonly map = new Map<K, V>();

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.map.size;
  }

  has(key: K): boolean {
    return this.map.has(key);
  }

  /** The value, now the most recently used; undefined when absent. */
  get(key: K): V | undefined {
    const value = this.map.get(key);
    if (value === undefined) return undefined;
    // a Map iterates in insertion order: re-inserting moves the key to the young end
    this.map.delete(key);
    this.map.set(key, value);
    return value;
  }

  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value as K);
  }

  /** Removes the least recently used entry and returns its value, for reuse (undefined when empty). */
  removeOldest(): V | undefined {
    const oldest = this.map.entries().next();
    if (oldest.done) return undefined;
    this.map.delete(oldest.value[0]);
    return oldest.value[1];
  }

  clear(): void {
    this.map.clear();
  }
}

/**
 * A map bounded by its number of entries that forgets the oldest half at once: a hit in the
 * older half moves the entry to the younger. Cheaper than `LruCache` per look-up (no entry is
 * deleted and set again on a hit, none evicted one at a time), for caches of values that are a
 * function of their key, read many thousand times per check, where recency need only be rough.
 */
export class GenerationCache<K, V> {
  private young = new Map<K, V>();
  private old = new Map<K, V>();

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.young.size + this.old.size;
  }

  has(key: K): boolean {
    return this.young.has(key) || this.old.has(key);
  }

  get(key: K): V | undefined {
    const value = this.young.get(key);
    if (value !== undefined) return value;
    const older = this.old.get(key);
    if (older !== undefined) this.set(key, older);
    return older;
  }

  set(key: K, value: V): void {
    if (this.young.size >= this.capacity / 2) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, value);
  }
}
