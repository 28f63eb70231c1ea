import type { SpanRecord } from '../../ingest/records.js';

/**
 * How many requests one span stands for in a span SLI: its OTEP 235 adjusted count when
 * its tracestate carried a sampling threshold; else, when `ratioAttribute` is configured
 * and the span carries it as a probability in (0, 1], one over that probability; else 1.
 */
export function spanWeight(span: SpanRecord, ratioAttribute: string | undefined): number {
  if (span.adjustedCount !== undefined) return span.adjustedCount;
  if (ratioAttribute === undefined) return 1;
  const ratio = Number(span.attributes?.[ratioAttribute]);
  return ratio > 0 && ratio <= 1 ? 1 / ratio : 1;
}

/**
 * The SLOs that have counted sampled spans (a weight other than 1) since this process
 * started, so their status can say that their counts are estimates. It is per process:
 * an instance that ingests no spans itself reports no SLO as sampled.
 */
export class SampledSlos {
  private readonly ids = new Set<string>();

  mark(sloId: string): void {
    this.ids.add(sloId);
  }

  has(sloId: string): boolean {
    return this.ids.has(sloId);
  }
}
