import type { MetricPoint, SpanRecord } from './records.js';

/** Records a receiver keeps, and how many it refused with the first reason (OTLP partial success). */
export interface Validated<T> {
  accepted: T[];
  rejected: number;
  /** Why the first refused record was refused; '' when none was. */
  reason: string;
}

const ZERO_TRACE = '0'.repeat(32);
const ZERO_SPAN = '0'.repeat(16);

/**
 * Why a span cannot be used, or undefined. The OTLP spec makes all-zero ids invalid. Every
 * decoder writes ids as lowercase hex of the bytes it read (a property test holds them to
 * it), so what is left to check is the byte count and the zero id; a hex regex here cost
 * about 5 % of end-to-end ingest in a profile.
 */
export function spanProblem(s: SpanRecord): string | undefined {
  if (s.traceId.length !== 32 || s.traceId === ZERO_TRACE) return 'invalid trace id';
  if (s.spanId.length !== 16 || s.spanId === ZERO_SPAN) return 'invalid span id';
  if (s.parentSpanId !== '' && s.parentSpanId.length !== 16) return 'invalid parent span id';
  if (s.endNs < s.startNs) return 'span ends before it starts';
  return undefined;
}

/** Why a metric point cannot be used, or undefined. */
export function metricProblem(p: MetricPoint): string | undefined {
  if (p.name === '') return 'metric without a name';
  // An empty data point decodes to time 0 and no value: accepted, it counted as a record.
  if (p.timeNs === 0n) return 'point without a time';
  if ((p.type === 'gauge' || p.type === 'sum') && p.value === undefined) return 'point without a value';
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
