/** Construction of MetricPoints, shared by every decoding path so that records match exactly. */
import type { AttrValue, MetricPoint, MetricType, Temporality } from '../records.js';
import { fail } from './fail.js';
import { boundedName } from './value-bounds.js';

/** The per-metric fields every point of that metric shares. */
export interface MetricHead {
  name: string;
  unit: string;
  type: MetricType;
  temporality: Temporality;
  monotonic: boolean;
}

/**
 * A point with the common fields set. `service` is filled in by the caller once the
 * resource is known (in protobuf the resource may follow the metrics).
 */
export function newPoint(
  head: MetricHead,
  attributes: Record<string, AttrValue>,
  startNs: bigint,
  timeNs: bigint,
): MetricPoint {
  return {
    service: '',
    name: boundedName(head.name),
    unit: head.unit,
    type: head.type,
    temporality: head.temporality,
    monotonic: head.monotonic,
    attributes,
    startNs,
    timeNs,
  };
}

/**
 * Sets explicit buckets. A histogram without buckets (both lists empty) gets neither field;
 * lists whose lengths break OTLP's `counts = bounds + 1` rule make the payload undecodable,
 * since the point cannot be interpreted.
 */
export function setExplicitBuckets(point: MetricPoint, counts: number[], bounds: number[]): void {
  if (counts.length === 0 && bounds.length === 0) return;
  if (counts.length !== bounds.length + 1) {
    fail('invalid histogram buckets', { metric: point.name, counts: counts.length, bounds: bounds.length });
  }
  point.bucketCounts = counts;
  point.explicitBounds = bounds;
}

/** Fills the resolved service into the points from index `from` on. */
export function assignService(points: MetricPoint[], from: number, service: string): void {
  for (let i = from; i < points.length; i++) points[i]!.service = service;
}
