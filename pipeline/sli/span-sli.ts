import type { SpanRecord } from '../../ingest/records.js';
import { durationMs, isFailedServerSpan, isServedRequest } from '../record-rules/span-rules.js';
import type { Slo, SpanSelector } from '../slo/slo.js';

/** Whether a span is one of the events an SLO's span selector counts. */
export function selects(selector: SpanSelector, span: SpanRecord): boolean {
  if (selector.operations.length > 0 && !selector.operations.includes(span.name)) return false;
  for (const [key, want] of Object.entries(selector.attributes)) {
    const have = span.attributes?.[key];
    if (have === undefined || String(have) !== want) return false;
  }
  return true;
}

/**
 * The outcome of a span for a span-based SLO: undefined when it does not count, else
 * whether it is a good event. Only requests the SLO's service serves count.
 */
export function spanOutcome(slo: Slo, span: SpanRecord): boolean | undefined {
  const sli = slo.sli;
  if (sli.kind !== 'availability' && sli.kind !== 'latency') return undefined;
  if (span.service !== slo.service || !isServedRequest(span) || !selects(sli.spans, span)) return undefined;
  return sli.kind === 'availability' ? !isFailedServerSpan(span) : durationMs(span) <= sli.thresholdMs;
}
