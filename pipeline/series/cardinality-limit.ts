/**
 * A bounded set of keys (subjects, metric series) with the newest event time each was seen
 * at. A new key is admitted only while fewer than `max` are tracked; keys not seen for a
 * while are forgotten by {@link sweep}, which frees their places.
 */
export class CardinalityLimit {
  private readonly seen = new Map<string, number>();

  constructor(readonly max: number) {}

  /** Keys tracked now. */
  get size(): number {
    return this.seen.size;
  }

  /** Records `key` as seen at `eventMs`; false when it is new and there is no room. */
  admit(key: string, eventMs: number): boolean {
    const last = this.seen.get(key);
    if (last !== undefined) {
      if (eventMs > last) this.seen.set(key, eventMs);
      return true;
    }
    if (this.seen.size >= this.max) return false;
    this.seen.set(key, eventMs);
    return true;
  }

  /** Forgets keys last seen at or before `cutoffMs`. */
  sweep(cutoffMs: number): void {
    for (const [key, last] of this.seen) if (last <= cutoffMs) this.seen.delete(key);
  }
}
