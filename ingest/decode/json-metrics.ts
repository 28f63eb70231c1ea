/** The OTLP/JSON metrics decoder (ExportMetricsServiceRequest / MetricsData as JSON). */
import type { MetricPoint, MetricType } from '../records.js';
import { TEMPORALITY_NAMES, temporalityOf } from './enums.js';
import { fail, toDecodeError } from './fail.js';
import {
  asBool,
  asDouble,
  asEnum,
  asInt32,
  asInt64Number,
  asObject,
  asObjects,
  asString,
  asUint64,
  asUint64Number,
  attrRecordOfJson,
  field,
  type JsonObject,
  lastAttrOfJson,
  parseRoot,
} from './json-values.js';
import { assignService, type MetricHead, newPoint, setExplicitBuckets } from './metric-point.js';
import { admit, checkJsonObjects } from './record-gate.js';
import { SERVICE_NAME_KEY, serviceOf } from './semconv.js';

/** Decodes OTLP/JSON metrics bytes; throws DecodeError on anything malformed. */
export function jsonDecodeMetrics(bytes: Uint8Array): MetricPoint[] {
  try {
    checkJsonObjects(bytes);
    return pointsOf(parseRoot(bytes));
  } catch (err) {
    throw toDecodeError(err, 'otlp_json');
  }
}

/** Metric.data members: JSON name, proto name, record type. */
const DATA_MEMBERS: ReadonlyArray<readonly [string, string, MetricType]> = [
  ['gauge', 'gauge', 'gauge'],
  ['sum', 'sum', 'sum'],
  ['histogram', 'histogram', 'histogram'],
  ['exponentialHistogram', 'exponential_histogram', 'exponential_histogram'],
  ['summary', 'summary', 'summary'],
];

function pointsOf(root: JsonObject): MetricPoint[] {
  const out: MetricPoint[] = [];
  for (const rm of asObjects(field(root, 'resourceMetrics', 'resource_metrics'), 'resourceMetrics')) {
    const resource = asObject(field(rm, 'resource', 'resource'), 'resource');
    const service = serviceOf(
      resource &&
        lastAttrOfJson(field(resource, 'attributes', 'attributes'), 'resource.attributes', SERVICE_NAME_KEY),
    );
    const from = out.length;
    for (const sm of asObjects(field(rm, 'scopeMetrics', 'scope_metrics'), 'scopeMetrics')) {
      for (const metric of asObjects(field(sm, 'metrics', 'metrics'), 'metrics')) pushPoints(metric, out);
    }
    assignService(out, from, service);
  }
  return out;
}

function pushPoints(metric: JsonObject, out: MetricPoint[]): void {
  const name = asString(field(metric, 'name', 'name'), 'name');
  const unit = asString(field(metric, 'unit', 'unit'), 'unit');
  for (const [jsonName, protoName, type] of DATA_MEMBERS) {
    const data = asObject(field(metric, jsonName, protoName), jsonName);
    if (data === undefined) continue;
    const hasTemporality = type !== 'gauge' && type !== 'summary';
    const head: MetricHead = {
      name,
      unit,
      type,
      temporality: hasTemporality
        ? temporalityOf(
            asEnum(
              field(data, 'aggregationTemporality', 'aggregation_temporality'),
              TEMPORALITY_NAMES,
              'aggregationTemporality',
            ),
          )
        : 'unspecified',
      monotonic: type === 'sum' ? asBool(field(data, 'isMonotonic', 'is_monotonic'), 'isMonotonic') : false,
    };
    for (const dp of asObjects(field(data, 'dataPoints', 'data_points'), 'dataPoints'))
      admit(out, pointOf(dp, head));
    // A oneof has one member; should a producer send several, the first one counts.
    return;
  }
}

function pointOf(dp: JsonObject, head: MetricHead): MetricPoint {
  const p = newPoint(
    head,
    attrRecordOfJson(field(dp, 'attributes', 'attributes'), 'attributes'),
    asUint64(field(dp, 'startTimeUnixNano', 'start_time_unix_nano'), 'startTimeUnixNano'),
    asUint64(field(dp, 'timeUnixNano', 'time_unix_nano'), 'timeUnixNano'),
  );
  switch (head.type) {
    case 'gauge':
    case 'sum': {
      const asDoubleValue = field(dp, 'asDouble', 'as_double');
      const asIntValue = field(dp, 'asInt', 'as_int');
      if (asDoubleValue !== undefined) p.value = asDouble(asDoubleValue, 'asDouble');
      else if (asIntValue !== undefined) p.value = asInt64Number(asIntValue, 'asInt');
      break;
    }
    case 'histogram': {
      p.count = asUint64Number(field(dp, 'count', 'count'), 'count');
      const sum = field(dp, 'sum', 'sum');
      if (sum !== undefined) p.sum = asDouble(sum, 'sum');
      setExplicitBuckets(
        p,
        numbers(field(dp, 'bucketCounts', 'bucket_counts'), 'bucketCounts', asUint64Number),
        numbers(field(dp, 'explicitBounds', 'explicit_bounds'), 'explicitBounds', asDouble),
      );
      break;
    }
    case 'exponential_histogram': {
      p.count = asUint64Number(field(dp, 'count', 'count'), 'count');
      const sum = field(dp, 'sum', 'sum');
      if (sum !== undefined) p.sum = asDouble(sum, 'sum');
      p.scale = asInt32(field(dp, 'scale', 'scale'), 'scale');
      p.zeroCount = asUint64Number(field(dp, 'zeroCount', 'zero_count'), 'zeroCount');
      p.positive = bucketsOf(field(dp, 'positive', 'positive'), 'positive');
      p.negative = bucketsOf(field(dp, 'negative', 'negative'), 'negative');
      break;
    }
    case 'summary': {
      p.count = asUint64Number(field(dp, 'count', 'count'), 'count');
      p.sum = asDouble(field(dp, 'sum', 'sum'), 'sum');
      p.quantiles = asObjects(field(dp, 'quantileValues', 'quantile_values'), 'quantileValues').map((q) => ({
        quantile: asDouble(field(q, 'quantile', 'quantile'), 'quantile'),
        value: asDouble(field(q, 'value', 'value'), 'value'),
      }));
      break;
    }
  }
  return p;
}

function bucketsOf(v: unknown, name: string): { offset: number; bucketCounts: number[] } {
  const b = asObject(v, name);
  if (b === undefined) return { offset: 0, bucketCounts: [] };
  return {
    offset: asInt32(field(b, 'offset', 'offset'), `${name}.offset`),
    bucketCounts: numbers(field(b, 'bucketCounts', 'bucket_counts'), `${name}.bucketCounts`, asUint64Number),
  };
}

function numbers(v: unknown, name: string, read: (item: unknown, name: string) => number): number[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) fail('invalid field', { field: name, expected: 'array' });
  return v.map((item) => read(item ?? undefined, name));
}
