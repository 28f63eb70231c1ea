import type { MetricPoint, SpanRecord } from '../ingest/records.js';
import { minuteOfNs } from '../pipeline/record-rules/span-rules.js';

interface Minute {
  spans: SpanRecord[];
  metrics: MetricPoint[];
}

/**
 * The replay's reorder buffer: records held by event minute until no earlier record can
 * still come, then handed out in event-time order (cumulative counters need their points
 * of one series in order; the windows only need the minute).
 */
export class MinuteBuffer {
  private readonly minutes = new Map<number, Minute>();
  private held = 0;

  /** Records held now. */
  get size(): number {
    return this.held;
  }

  add(spans: readonly SpanRecord[], metrics: readonly MetricPoint[]): void {
    for (const s of spans) this.minute(minuteOfNs(s.endNs)).spans.push(s);
    for (const p of metrics) this.minute(minuteOfNs(p.timeNs)).metrics.push(p);
    this.held += spans.length + metrics.length;
  }

  /** Removes and returns every record of the minutes before `end`, in event-time order. */
  takeBefore(end: number): Minute {
    const out: Minute = { spans: [], metrics: [] };
    const due = [...this.minutes.keys()].filter((m) => m < end).sort((a, b) => a - b);
    for (const m of due) {
      const records = this.minutes.get(m)!;
      this.minutes.delete(m);
      records.spans.sort((a, b) => (a.endNs < b.endNs ? -1 : a.endNs > b.endNs ? 1 : 0));
      records.metrics.sort((a, b) => (a.timeNs < b.timeNs ? -1 : a.timeNs > b.timeNs ? 1 : 0));
      for (const s of records.spans) out.spans.push(s);
      for (const p of records.metrics) out.metrics.push(p);
    }
    this.held -= out.spans.length + out.metrics.length;
    return out;
  }

  private minute(m: number): Minute {
    let v = this.minutes.get(m);
    if (v === undefined) {
      v = { spans: [], metrics: [] };
      this.minutes.set(m, v);
    }
    return v;
  }
}
