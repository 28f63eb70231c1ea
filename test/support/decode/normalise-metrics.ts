/** Reference normalisation: a decoded MetricsData (generated code) to MetricPoints. */

import { attrRecord, lastAttr } from '../../../ingest/decode/any-value.js';
import { temporalityOf } from '../../../ingest/decode/enums.js';
import {
  assignService,
  type MetricHead,
  newPoint,
  setExplicitBuckets,
} from '../../../ingest/decode/metric-point.js';
import { SERVICE_NAME_KEY, serviceOf } from '../../../ingest/decode/semconv.js';
import type { MetricPoint } from '../../../ingest/records.js';
import type { Metric, MetricsData } from '../../../schemas/gen/opentelemetry/proto/metrics/v1/metrics_pb.js';

export function normaliseMetrics(data: MetricsData): MetricPoint[] {
  const out: MetricPoint[] = [];
  for (const rm of data.resourceMetrics) {
    const service = serviceOf(lastAttr(rm.resource?.attributes ?? [], SERVICE_NAME_KEY));
    const from = out.length;
    for (const sm of rm.scopeMetrics) {
      for (const metric of sm.metrics) pushPoints(metric, out);
    }
    assignService(out, from, service);
  }
  return out;
}

function pushPoints(metric: Metric, out: MetricPoint[]): void {
  const { name, unit } = metric;
  const data = metric.data;
  switch (data.case) {
    case 'gauge':
    case 'sum': {
      const isSum = data.case === 'sum';
      const head: MetricHead = {
        name,
        unit,
        type: data.case,
        temporality: isSum ? temporalityOf(data.value.aggregationTemporality) : 'unspecified',
        monotonic: isSum ? data.value.isMonotonic : false,
      };
      for (const dp of data.value.dataPoints) {
        const p = newPoint(head, attrRecord(dp.attributes), dp.startTimeUnixNano, dp.timeUnixNano);
        if (dp.value.case === 'asDouble') p.value = dp.value.value;
        else if (dp.value.case === 'asInt') p.value = Number(dp.value.value);
        out.push(p);
      }
      return;
    }
    case 'histogram': {
      const head: MetricHead = {
        name,
        unit,
        type: 'histogram',
        temporality: temporalityOf(data.value.aggregationTemporality),
        monotonic: false,
      };
      for (const dp of data.value.dataPoints) {
        const p = newPoint(head, attrRecord(dp.attributes), dp.startTimeUnixNano, dp.timeUnixNano);
        p.count = Number(dp.count);
        if (dp.sum !== undefined) p.sum = dp.sum;
        setExplicitBuckets(p, dp.bucketCounts.map(Number), dp.explicitBounds);
        out.push(p);
      }
      return;
    }
    case 'exponentialHistogram': {
      const head: MetricHead = {
        name,
        unit,
        type: 'exponential_histogram',
        temporality: temporalityOf(data.value.aggregationTemporality),
        monotonic: false,
      };
      for (const dp of data.value.dataPoints) {
        const p = newPoint(head, attrRecord(dp.attributes), dp.startTimeUnixNano, dp.timeUnixNano);
        p.count = Number(dp.count);
        if (dp.sum !== undefined) p.sum = dp.sum;
        p.scale = dp.scale;
        p.zeroCount = Number(dp.zeroCount);
        p.positive = {
          offset: dp.positive?.offset ?? 0,
          bucketCounts: (dp.positive?.bucketCounts ?? []).map(Number),
        };
        p.negative = {
          offset: dp.negative?.offset ?? 0,
          bucketCounts: (dp.negative?.bucketCounts ?? []).map(Number),
        };
        out.push(p);
      }
      return;
    }
    case 'summary': {
      const head: MetricHead = { name, unit, type: 'summary', temporality: 'unspecified', monotonic: false };
      for (const dp of data.value.dataPoints) {
        const p = newPoint(head, attrRecord(dp.attributes), dp.startTimeUnixNano, dp.timeUnixNano);
        p.count = Number(dp.count);
        p.sum = dp.sum;
        p.quantiles = dp.quantileValues.map((q) => ({ quantile: q.quantile, value: q.value }));
        out.push(p);
      }
      return;
    }
    default:
      return;
  }
}
