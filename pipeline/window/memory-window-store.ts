import { guardOutcome } from './offset-guard.js';
import { alignedStart, MINUTES_PER_DAY, MINUTES_PER_HOUR, splitRange } from './window-ranges.js';
import {
  type ApplyOutcome,
  EXACT_WINDOW_MINUTES,
  type SloDelta,
  type WindowCount,
  type WindowQuery,
  type WindowStore,
} from './window-store.js';

interface SloState {
  levels: {
    minute: Map<number, [number, number]>;
    hour: Map<number, [number, number]>;
    day: Map<number, [number, number]>;
  };
  offsets: Map<string, number>;
  newest: number;
  retention: number;
  writesSincePrune: number;
}

const add = (m: Map<number, [number, number]>, k: number, good: number, total: number): void => {
  const cur = m.get(k);
  if (cur) {
    cur[0] += good;
    cur[1] += total;
  } else {
    m.set(k, [good, total]);
  }
};

/**
 * The embedded WindowStore: the same minute/hour/day buckets as the Redis adapter, in
 * process memory, read by the same rule (`alignedStart`). Minute buckets older than the
 * longest exact window, and hour and day buckets older than an SLO's retention, are pruned
 * as time moves on.
 */
export class MemoryWindowStore implements WindowStore {
  private readonly slos = new Map<string, SloState>();

  async apply(deltas: readonly SloDelta[]): Promise<ApplyOutcome[]> {
    return deltas.map((d) => {
      const s = this.state(d.sloId, d.retentionMinutes);
      const outcome = d.guard ? guardOutcome(s.offsets.get(d.guard.stream), d.guard) : 'applied';
      if (outcome !== 'applied') return outcome;
      for (const c of d.counts) {
        add(s.levels.minute, c.minute, c.good, c.total);
        add(s.levels.hour, Math.floor(c.minute / MINUTES_PER_HOUR), c.good, c.total);
        add(s.levels.day, Math.floor(c.minute / MINUTES_PER_DAY), c.good, c.total);
        if (c.minute > s.newest) s.newest = c.minute;
      }
      if (d.guard) s.offsets.set(d.guard.stream, d.guard.next);
      if (++s.writesSincePrune >= 1000) this.prune(s);
      return outcome;
    });
  }

  async appliedOffsets(stream: string, sloIds: readonly string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (const id of sloIds) {
      const v = this.slos.get(id)?.offsets.get(stream);
      if (v !== undefined) out.set(id, v);
    }
    return out;
  }

  async windowCounts(queries: readonly WindowQuery[]): Promise<WindowCount[][]> {
    return queries.map((q) => {
      const s = this.slos.get(q.sloId);
      return q.windows.map((w) => {
        const sum = { good: 0, total: 0 };
        if (s === undefined) return sum;
        for (const r of splitRange(alignedStart(q.end, w), q.end)) {
          const m = s.levels[r.level];
          for (let k = r.from; k < r.to; k++) {
            const v = m.get(k);
            if (v) {
              sum.good += v[0];
              sum.total += v[1];
            }
          }
        }
        return sum;
      });
    });
  }

  async ping(): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {
    this.slos.clear();
  }

  private state(sloId: string, retention: number): SloState {
    let s = this.slos.get(sloId);
    if (s === undefined) {
      s = {
        levels: { minute: new Map(), hour: new Map(), day: new Map() },
        offsets: new Map(),
        newest: 0,
        retention,
        writesSincePrune: 0,
      };
      this.slos.set(sloId, s);
    }
    s.retention = retention;
    return s;
  }

  /** Drops buckets that no window within the retention can reach any more. */
  private prune(s: SloState): void {
    s.writesSincePrune = 0;
    const oldest = s.newest - s.retention - MINUTES_PER_DAY;
    const oldestMinute = s.newest - EXACT_WINDOW_MINUTES - MINUTES_PER_DAY;
    for (const k of s.levels.minute.keys()) if (k < oldestMinute) s.levels.minute.delete(k);
    for (const k of s.levels.hour.keys()) if (k < oldest / MINUTES_PER_HOUR - 1) s.levels.hour.delete(k);
    for (const k of s.levels.day.keys()) if (k < oldest / MINUTES_PER_DAY - 1) s.levels.day.delete(k);
  }
}
