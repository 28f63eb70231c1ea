import type { MetricPoint, SpanRecord } from './records.js';

/** Records a receiver keeps, and how many it refused with the first reason (OTLP partial success). */
export interface Validated<T> {
  accepted: T[];
  rejected: number;
  /** Why the first refused record was refused; '' when none was. */
  reason: string;
}

const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;
const ZERO_TRACE = '0'.repeat(32);
const ZERO_SPAN = '0'.repeat(16);

/** Why a span cannot be used, or undefined. The OTLP spec makes all-zero ids invalid. */
export function spanProblem(s: SpanRecord): string | undefined {
  if (!TRACE_ID.test(s.traceId) || s.traceId === ZERO_TRACE) return 'invalid trace id';
  if (!SPAN_ID.test(s.spanId) || s.spanId === ZERO_SPAN) return 'invalid span id';
  if (s.parentSpanId !== '' && !SPAN_ID.test(s.parentSpanId)) return 'invalid parent span id';
  if (s.endNs < s.startNs) return 'span ends before it starts';
  return undefined;
}

/** Why a metric point cannot be used, or undefined. */
export function metricProblem(p: MetricPoint): string | undefined {
  if (p.name === '') return 'metric without a name';
  return undefined;
}

export function validateRecords<T>(
  records: readonly T[],
  problem: (r: T) => string | undefined,
): Validated<T> {
  const accepted: T[] = [];
  let rejected = 0;
  let reason = '';
  for (const r of records) {
    const why = problem(r);
    if (why === undefined) {
      accepted.push(r);
    } else {
      rejected++;
      if (reason === '') reason = why;
    }
  }
  return { accepted, rejected, reason };
}
