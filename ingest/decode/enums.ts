/** OTLP enum numbers to the record unions; numbers outside the enum map to the zero value. */
import type { SpanKind, SpanStatus, Temporality } from '../records.js';

const KINDS: readonly SpanKind[] = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];
const STATUSES: readonly SpanStatus[] = ['unset', 'ok', 'error'];
const TEMPORALITIES: readonly Temporality[] = ['unspecified', 'delta', 'cumulative'];

export function spanKindOf(n: number): SpanKind {
  return KINDS[n] ?? 'unspecified';
}

export function spanStatusOf(n: number): SpanStatus {
  return STATUSES[n] ?? 'unset';
}

export function temporalityOf(n: number): Temporality {
  return TEMPORALITIES[n] ?? 'unspecified';
}

/** Enum value names as OTLP/JSON may spell them, by enum. */
export const SPAN_KIND_NAMES: ReadonlyMap<string, number> = new Map([
  ['SPAN_KIND_UNSPECIFIED', 0],
  ['SPAN_KIND_INTERNAL', 1],
  ['SPAN_KIND_SERVER', 2],
  ['SPAN_KIND_CLIENT', 3],
  ['SPAN_KIND_PRODUCER', 4],
  ['SPAN_KIND_CONSUMER', 5],
]);

export const STATUS_CODE_NAMES: ReadonlyMap<string, number> = new Map([
  ['STATUS_CODE_UNSET', 0],
  ['STATUS_CODE_OK', 1],
  ['STATUS_CODE_ERROR', 2],
]);

export const TEMPORALITY_NAMES: ReadonlyMap<string, number> = new Map([
  ['AGGREGATION_TEMPORALITY_UNSPECIFIED', 0],
  ['AGGREGATION_TEMPORALITY_DELTA', 1],
  ['AGGREGATION_TEMPORALITY_CUMULATIVE', 2],
]);
