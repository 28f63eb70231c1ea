interface Slot<V> {
  value: V;
  /** Which queue entry is this key's current one; older entries of the key are stale. */
  seq: number;
}

/**
 * A map that keeps its keys in the order they were last set, for bounded stores that evict
 * or expire their oldest entries. A plain `Map` does keep that order, but V8 leaves a hole
 * for every deleted entry until the table is rehashed, and iterating (even `keys().next()`)
 * walks over every hole from the front: evicting the oldest of 100 000 entries then costs
 * tens of microseconds instead of a fraction of one. Here the order lives in a queue whose
 * head skips stale entries once, so finding the oldest is amortized O(1); the queue is
 * compacted when stale entries outnumber live ones.
 */
export class FifoMap<K, V> {
  private readonly slots = new Map<K, Slot<V>>();
  private queue: Array<{ key: K; seq: number }> = [];
  private head = 0;
  private seq = 0;

  get size(): number {
    return this.slots.size;
  }

  get(key: K): V | undefined {
    return this.slots.get(key)?.value;
  }

  has(key: K): boolean {
    return this.slots.has(key);
  }

  /** Sets `key`, making it the newest entry (also when it was present). */
  set(key: K, value: V): void {
    const seq = this.seq++;
    this.slots.set(key, { value, seq });
    this.queue.push({ key, seq });
    // Counts the consumed head too, so the queue stays within about twice the live entries.
    if (this.queue.length > 2 * this.slots.size + 1024) this.compact();
  }

  delete(key: K): boolean {
    return this.slots.delete(key);
  }

  /** The oldest entry, or undefined when empty. */
  oldest(): [K, V] | undefined {
    while (this.head < this.queue.length) {
      const { key, seq } = this.queue[this.head]!;
      const slot = this.slots.get(key);
      if (slot !== undefined && slot.seq === seq) return [key, slot.value];
      this.head++;
    }
    return undefined;
  }

  /** Every entry, oldest first (a snapshot: the map may change while it is used). */
  entries(): Array<[K, V]> {
    const out: Array<[K, V]> = [];
    for (let i = this.head; i < this.queue.length; i++) {
      const { key, seq } = this.queue[i]!;
      const slot = this.slots.get(key);
      if (slot !== undefined && slot.seq === seq) out.push([key, slot.value]);
    }
    return out;
  }

  clear(): void {
    this.slots.clear();
    this.queue = [];
    this.head = 0;
  }

  private compact(): void {
    this.queue = this.entries().map(([key]) => ({ key, seq: this.slots.get(key)!.seq }));
    this.head = 0;
  }
}
