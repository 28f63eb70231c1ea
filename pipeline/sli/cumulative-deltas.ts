/**
 * Turns cumulative counter readings into increments. A series' first reading sets a
 * baseline (its increase before faultline saw it is unknown) unless the series started
 * within `freshStartNs` of the reading, in which case all of it is new. A reading below the
 * previous one, or with another start time, is a reset: the counter started again from zero.
 * Feeding the same reading twice yields 0 the second time, so redelivered data adds nothing.
 */
export class CumulativeDeltas {
  private readonly last = new Map<string, { startNs: bigint; timeNs: bigint; values: number[] }>();

  constructor(
    private readonly freshStartNs: bigint,
    private readonly maxSeries = 100_000,
  ) {}

  /** Increments of each value of the series since its previous reading (same length as `values`). */
  next(key: string, startNs: bigint, timeNs: bigint, values: readonly number[]): number[] {
    const prev = this.last.get(key);
    let out: number[];
    if (prev === undefined) {
      const fresh = startNs > 0n && timeNs - startNs <= this.freshStartNs;
      out = values.map((v) => (fresh ? v : 0));
    } else if (timeNs <= prev.timeNs && startNs === prev.startNs) {
      // An older or repeated reading: already counted.
      return values.map(() => 0);
    } else {
      const reset =
        startNs !== prev.startNs ||
        values.length !== prev.values.length ||
        values.some((v, i) => v < prev.values[i]!);
      out = reset ? [...values] : values.map((v, i) => v - prev.values[i]!);
    }
    if (prev === undefined && this.last.size >= this.maxSeries) {
      const oldest = this.last.keys().next().value;
      if (oldest !== undefined) this.last.delete(oldest);
    }
    this.last.set(key, { startNs, timeNs, values: [...values] });
    return out;
  }
}
