/**
 * The hot-path metrics decoder: reads OTLP MetricsData / ExportMetricsServiceRequest bytes
 * straight into MetricPoints (one per data point). Equivalent to `referenceDecodeMetrics`
 * on every valid payload (property-tested).
 */
import { WireType } from '@bufbuild/protobuf/wire';
import type { AttrValue, MetricPoint, MetricType } from '../records.js';
import { temporalityOf } from './enums.js';
import { toDecodeError } from './fail.js';
import { readResourceService } from './fast-attributes.js';
import { readPoint } from './fast-points.js';
import { assignService, type MetricHead } from './metric-point.js';
import { admit } from './record-gate.js';
import { serviceOf } from './semconv.js';
import { expectEnd, readEnd, readString, readTag, skipChecked, skipField, Wire, wireTable } from './wire.js';

const L = WireType.LengthDelimited;
const METRICS_DATA = wireTable({ 1: L });
const RESOURCE_METRICS = wireTable({ 1: L, 2: L, 3: L });
const SCOPE_METRICS = wireTable({ 1: L, 2: L, 3: L });
const METRIC = wireTable({ 1: L, 2: L, 3: L, 5: L, 7: L, 9: L, 10: L, 11: L, 12: L });
/** Expected wire types of the data messages' fields, by metric type. */
const DATA: Readonly<Record<MetricType, Int8Array>> = {
  gauge: wireTable({ 1: L }),
  sum: wireTable({ 1: L, 2: WireType.Varint, 3: WireType.Varint }),
  histogram: wireTable({ 1: L, 2: WireType.Varint }),
  exponential_histogram: wireTable({ 1: L, 2: WireType.Varint }),
  summary: wireTable({ 1: L }),
};

/** Metric.data oneof members by tag: gauge = 5, sum = 7, histogram = 9, ... */
const DATA_TYPES: ReadonlyMap<number, MetricType> = new Map([
  [0x2a, 'gauge'],
  [0x3a, 'sum'],
  [0x4a, 'histogram'],
  [0x52, 'exponential_histogram'],
  [0x5a, 'summary'],
]);

/** Decodes OTLP metrics protobuf bytes; throws DecodeError on anything malformed. */
export function fastDecodeMetrics(bytes: Uint8Array): MetricPoint[] {
  const w = new Wire(bytes);
  const out: MetricPoint[] = [];
  try {
    const r = w.r;
    while (r.pos < w.len) {
      const tag = readTag(w);
      if (tag === 0x0a) readResourceMetrics(w, readEnd(w), out);
      else skipChecked(w, tag, METRICS_DATA);
    }
    expectEnd(w, w.len);
  } catch (err) {
    throw toDecodeError(err, 'otlp_proto');
  }
  return out;
}

function readResourceMetrics(w: Wire, end: number, out: MetricPoint[]): void {
  const r = w.r;
  const from = out.length;
  let serviceValue: AttrValue | undefined;
  while (r.pos < end) {
    const tag = readTag(w);
    if (tag === 0x0a) {
      const v = readResourceService(w, readEnd(w));
      if (v !== undefined) serviceValue = v;
    } else if (tag === 0x12) {
      readScopeMetrics(w, readEnd(w), out);
    } else {
      skipChecked(w, tag, RESOURCE_METRICS);
    }
  }
  expectEnd(w, end);
  assignService(out, from, serviceOf(serviceValue));
}

function readScopeMetrics(w: Wire, end: number, out: MetricPoint[]): void {
  const r = w.r;
  while (r.pos < end) {
    const tag = readTag(w);
    if (tag === 0x12) readMetric(w, readEnd(w), out);
    else skipChecked(w, tag, SCOPE_METRICS);
  }
  expectEnd(w, end);
}

/**
 * Two passes over a Metric: the first finds name, unit and which `data` member is set (the
 * last one on the wire wins, as for any oneof); the second decodes that member's points.
 */
function readMetric(w: Wire, end: number, out: MetricPoint[]): void {
  const r = w.r;
  const start = r.pos;
  let name = '';
  let unit = '';
  let dataTag = 0;
  while (r.pos < end) {
    const tag = readTag(w);
    if (tag === 0x0a) name = readString(w);
    else if (tag === 0x1a) unit = readString(w);
    else {
      if (DATA_TYPES.has(tag)) dataTag = tag;
      skipChecked(w, tag, METRIC);
    }
  }
  expectEnd(w, end);
  const type = DATA_TYPES.get(dataTag);
  if (type === undefined) return;
  r.pos = start;
  while (r.pos < end) {
    const tag = readTag(w);
    if (tag === dataTag) readData(w, readEnd(w), name, unit, type, out);
    else skipField(w, tag);
  }
}

/** One Gauge / Sum / Histogram / ExponentialHistogram / Summary message. */
function readData(
  w: Wire,
  end: number,
  name: string,
  unit: string,
  type: MetricType,
  out: MetricPoint[],
): void {
  const r = w.r;
  const start = r.pos;
  let temporality = 0;
  let monotonic = false;
  const hasTemporality = type !== 'gauge' && type !== 'summary';
  const expected = DATA[type];
  while (r.pos < end) {
    const tag = readTag(w);
    if (tag === 0x10 && hasTemporality) temporality = r.int32();
    else if (tag === 0x18 && type === 'sum') monotonic = r.bool();
    else skipChecked(w, tag, expected);
  }
  expectEnd(w, end);
  const head: MetricHead = {
    name,
    unit,
    type,
    temporality: hasTemporality ? temporalityOf(temporality) : 'unspecified',
    monotonic,
  };
  r.pos = start;
  while (r.pos < end) {
    const tag = readTag(w);
    if (tag === 0x0a) admit(out, readPoint(w, readEnd(w), head));
    else skipField(w, tag);
  }
}
