import { FifoMap } from '../../core/fifo-map.js';

/** What is remembered of one cumulative series: its last point. */
interface LastPoint {
  startNs: bigint;
  timeNs: bigint;
  values: number[];
}

export interface CumulativeDeltasOptions {
  /** Most series remembered; the least recently updated one is evicted for a new one. */
  maxSeries: number;
  /** A series not updated for this long (event time) is forgotten by {@link CumulativeDeltas.sweep}. */
  idleMs: number;
  /**
   * A series whose first point started at most this long before the point is new: all of
   * its value is an increase. Otherwise a first point only sets the baseline (its increase
   * before faultline saw it is unknown). 0 (the default) makes every first point a baseline.
   */
  freshStartNs?: bigint;
}

/**
 * Turns cumulative readings (OTLP cumulative sums, histograms, summaries) into increases,
 * remembering the last point of each series. A value lower than the previous one, or a
 * changed start time, is a reset: the increase counts from zero, i.e. it is the new value
 * itself. A point not newer than the last one (a duplicate or an out-of-order delivery)
 * yields nothing, so redelivered data adds nothing. Memory is bounded by `maxSeries` and
 * by forgetting idle series.
 */
export class CumulativeDeltas {
  /** Series forgotten because of the cap or idleness, since creation. */
  evicted = 0;
  /** Least recently updated first (a FifoMap: evicting from a full V8 Map is slow). */
  private readonly last = new FifoMap<string, LastPoint>();

  constructor(private readonly options: CumulativeDeltasOptions) {}

  /** Number of series remembered now. */
  get size(): number {
    return this.last.size;
  }

  /**
   * Records a point and returns the increase of each of its values over the previous point
   * of the series (same length as `values`), or undefined when there is none: a baseline
   * first point, or a point not newer than the last one.
   */
  observe(key: string, startNs: bigint, timeNs: bigint, values: readonly number[]): number[] | undefined {
    const prev = this.last.get(key);
    if (prev !== undefined && timeNs <= prev.timeNs) return undefined;
    const point: LastPoint = { startNs, timeNs, values: [...values] };
    if (prev === undefined) {
      this.makeRoom();
      this.last.set(key, point);
      const fresh = this.options.freshStartNs ?? 0n;
      return fresh > 0n && startNs > 0n && timeNs - startNs <= fresh ? [...values] : undefined;
    }
    // Set again so that the order stays least recently updated first.
    this.last.set(key, point);
    const reset =
      startNs !== prev.startNs ||
      values.length !== prev.values.length ||
      values.some((v, i) => v < (prev.values[i] ?? 0));
    return reset ? [...values] : values.map((v, i) => v - (prev.values[i] ?? 0));
  }

  /** Forgets series whose last point is older than `nowNs - idleMs`. */
  sweep(nowNs: bigint): void {
    const cutoff = nowNs - BigInt(this.options.idleMs) * 1_000_000n;
    for (const [key, p] of this.last.entries()) {
      if (p.timeNs < cutoff) {
        this.last.delete(key);
        this.evicted++;
      }
    }
  }

  private makeRoom(): void {
    while (this.last.size >= this.options.maxSeries) {
      const oldest = this.last.oldest();
      if (oldest === undefined) return;
      this.last.delete(oldest[0]);
      this.evicted++;
    }
  }
}
