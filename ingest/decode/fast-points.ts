/** Fast-path decoding of the four data point messages into MetricPoints. */
import { WireType } from '@bufbuild/protobuf/wire';
import type { AttrValue, ExponentialBuckets, MetricPoint } from '../records.js';
import { fail } from './fail.js';
import { readAttribute } from './fast-any-value.js';
import { type MetricHead, newPoint, setExplicitBuckets } from './metric-point.js';
import {
  expectEnd,
  readDouble,
  readEnd,
  readFixed64,
  readFixed64Number,
  readSfixed64Number,
  readTag,
  skipChecked,
  type Wire,
  wireTable,
} from './wire.js';

const L = WireType.LengthDelimited;
const V = WireType.Varint;
const B64 = WireType.Bit64;
const NUMBER_POINT = wireTable({ 2: B64, 3: B64, 4: B64, 5: L, 6: B64, 7: L, 8: V });
const HISTOGRAM_POINT = wireTable({ 2: B64, 3: B64, 4: B64, 5: B64, 8: L, 9: L, 10: V, 11: B64, 12: B64 });
const EXP_POINT = wireTable({
  1: L,
  2: B64,
  3: B64,
  4: B64,
  5: B64,
  6: V,
  7: B64,
  8: L,
  9: L,
  10: V,
  11: L,
  12: B64,
  13: B64,
  14: B64,
});
const BUCKETS = wireTable({ 1: V });
const SUMMARY_POINT = wireTable({ 2: B64, 3: B64, 4: B64, 5: B64, 6: L, 7: L, 8: V });
const QUANTILE = wireTable({ 1: B64, 2: B64 });

/** Reads one data point message ending at `end`, of the kind `head.type` says. */
export function readPoint(w: Wire, end: number, head: MetricHead): MetricPoint {
  switch (head.type) {
    case 'gauge':
    case 'sum':
      return readNumberPoint(w, end, head);
    case 'histogram':
      return readHistogramPoint(w, end, head);
    case 'exponential_histogram':
      return readExponentialPoint(w, end, head);
    case 'summary':
      return readSummaryPoint(w, end, head);
  }
}

function readNumberPoint(w: Wire, end: number, head: MetricHead): MetricPoint {
  const r = w.r;
  const attributes: Record<string, AttrValue> = {};
  let startNs = 0n;
  let timeNs = 0n;
  let value: number | undefined;
  while (r.pos < end) {
    const tag = readTag(w);
    switch (tag) {
      case 0x11: // start_time_unix_nano = 2
        startNs = readFixed64(w);
        break;
      case 0x19: // time_unix_nano = 3
        timeNs = readFixed64(w);
        break;
      case 0x21: // as_double = 4
        value = readDouble(w);
        break;
      case 0x31: // as_int = 6
        value = readSfixed64Number(w);
        break;
      case 0x3a: // attributes = 7
        readAttribute(w, readEnd(w), attributes);
        break;
      default:
        skipChecked(w, tag, NUMBER_POINT);
    }
  }
  expectEnd(w, end);
  const p = newPoint(head, attributes, startNs, timeNs);
  if (value !== undefined) p.value = value;
  return p;
}

function readHistogramPoint(w: Wire, end: number, head: MetricHead): MetricPoint {
  const r = w.r;
  const attributes: Record<string, AttrValue> = {};
  let startNs = 0n;
  let timeNs = 0n;
  let count = 0;
  let sum: number | undefined;
  const counts: number[] = [];
  const bounds: number[] = [];
  while (r.pos < end) {
    const tag = readTag(w);
    switch (tag) {
      case 0x11: // start_time_unix_nano = 2
        startNs = readFixed64(w);
        break;
      case 0x19: // time_unix_nano = 3
        timeNs = readFixed64(w);
        break;
      case 0x21: // count = 4
        count = readFixed64Number(w);
        break;
      case 0x29: // sum = 5
        sum = readDouble(w);
        break;
      case 0x32: // bucket_counts = 6, packed
        readPackedFixed64(w, readEnd(w), counts);
        break;
      case 0x31: // bucket_counts = 6, one unpacked element
        counts.push(readFixed64Number(w));
        break;
      case 0x3a: // explicit_bounds = 7, packed
        readPackedDouble(w, readEnd(w), bounds);
        break;
      case 0x39: // explicit_bounds = 7, one unpacked element
        bounds.push(readDouble(w));
        break;
      case 0x4a: // attributes = 9
        readAttribute(w, readEnd(w), attributes);
        break;
      default:
        skipChecked(w, tag, HISTOGRAM_POINT);
    }
  }
  expectEnd(w, end);
  const p = newPoint(head, attributes, startNs, timeNs);
  p.count = count;
  if (sum !== undefined) p.sum = sum;
  setExplicitBuckets(p, counts, bounds);
  return p;
}

function readExponentialPoint(w: Wire, end: number, head: MetricHead): MetricPoint {
  const r = w.r;
  const attributes: Record<string, AttrValue> = {};
  let startNs = 0n;
  let timeNs = 0n;
  let count = 0;
  let sum: number | undefined;
  let scale = 0;
  let zeroCount = 0;
  const positive: ExponentialBuckets = { offset: 0, bucketCounts: [] };
  const negative: ExponentialBuckets = { offset: 0, bucketCounts: [] };
  while (r.pos < end) {
    const tag = readTag(w);
    switch (tag) {
      case 0x0a: // attributes = 1
        readAttribute(w, readEnd(w), attributes);
        break;
      case 0x11: // start_time_unix_nano = 2
        startNs = readFixed64(w);
        break;
      case 0x19: // time_unix_nano = 3
        timeNs = readFixed64(w);
        break;
      case 0x21: // count = 4
        count = readFixed64Number(w);
        break;
      case 0x29: // sum = 5
        sum = readDouble(w);
        break;
      case 0x30: // scale = 6
        scale = r.sint32();
        break;
      case 0x39: // zero_count = 7
        zeroCount = readFixed64Number(w);
        break;
      case 0x42: // positive = 8
        readBuckets(w, readEnd(w), positive);
        break;
      case 0x4a: // negative = 9
        readBuckets(w, readEnd(w), negative);
        break;
      default:
        skipChecked(w, tag, EXP_POINT);
    }
  }
  expectEnd(w, end);
  const p = newPoint(head, attributes, startNs, timeNs);
  p.count = count;
  if (sum !== undefined) p.sum = sum;
  p.scale = scale;
  p.zeroCount = zeroCount;
  p.positive = positive;
  p.negative = negative;
  return p;
}

/** Reads a Buckets message into `into` (a repeated occurrence merges, as protobuf does). */
function readBuckets(w: Wire, end: number, into: ExponentialBuckets): void {
  const r = w.r;
  while (r.pos < end) {
    const tag = readTag(w);
    if (tag === 0x08) {
      into.offset = r.sint32();
    } else if (tag === 0x12) {
      const packedEnd = readEnd(w);
      while (r.pos < packedEnd) into.bucketCounts.push(Number(r.uint64()));
      expectEnd(w, packedEnd);
    } else if (tag === 0x10) {
      into.bucketCounts.push(Number(r.uint64()));
    } else {
      skipChecked(w, tag, BUCKETS);
    }
  }
  expectEnd(w, end);
}

function readSummaryPoint(w: Wire, end: number, head: MetricHead): MetricPoint {
  const r = w.r;
  const attributes: Record<string, AttrValue> = {};
  let startNs = 0n;
  let timeNs = 0n;
  let count = 0;
  let sum = 0;
  const quantiles: Array<{ quantile: number; value: number }> = [];
  while (r.pos < end) {
    const tag = readTag(w);
    switch (tag) {
      case 0x11: // start_time_unix_nano = 2
        startNs = readFixed64(w);
        break;
      case 0x19: // time_unix_nano = 3
        timeNs = readFixed64(w);
        break;
      case 0x21: // count = 4
        count = readFixed64Number(w);
        break;
      case 0x29: // sum = 5
        sum = readDouble(w);
        break;
      case 0x32: // quantile_values = 6
        quantiles.push(readQuantile(w, readEnd(w)));
        break;
      case 0x3a: // attributes = 7
        readAttribute(w, readEnd(w), attributes);
        break;
      default:
        skipChecked(w, tag, SUMMARY_POINT);
    }
  }
  expectEnd(w, end);
  const p = newPoint(head, attributes, startNs, timeNs);
  p.count = count;
  p.sum = sum;
  p.quantiles = quantiles;
  return p;
}

function readQuantile(w: Wire, end: number): { quantile: number; value: number } {
  const r = w.r;
  let quantile = 0;
  let value = 0;
  while (r.pos < end) {
    const tag = readTag(w);
    if (tag === 0x09) quantile = readDouble(w);
    else if (tag === 0x11) value = readDouble(w);
    else skipChecked(w, tag, QUANTILE);
  }
  expectEnd(w, end);
  return { quantile, value };
}

function readPackedFixed64(w: Wire, end: number, into: number[]): void {
  if ((end - w.r.pos) % 8 !== 0) fail('invalid length');
  while (w.r.pos < end) into.push(readFixed64Number(w));
}

function readPackedDouble(w: Wire, end: number, into: number[]): void {
  if ((end - w.r.pos) % 8 !== 0) fail('invalid length');
  while (w.r.pos < end) into.push(readDouble(w));
}
