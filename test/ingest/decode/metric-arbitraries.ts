/** fast-check arbitraries of MetricsData: every metric type, valid bucket layouts, exemplars, unknown enum numbers. */
import { create } from '@bufbuild/protobuf';
import fc from 'fast-check';
import {
  type Metric,
  MetricSchema,
  type MetricsData,
  MetricsDataSchema,
} from '../../../schemas/gen/opentelemetry/proto/metrics/v1/metrics_pb.js';
import {
  double,
  enumNumber,
  I64_MAX,
  I64_MIN,
  id,
  keyValue,
  resource,
  text,
  timestamp,
  U64_MAX,
  withUnknown,
} from './common-arbitraries.js';

const pointAttributes = fc.array(keyValue, { maxLength: 4 });
const exemplars = fc.array(
  fc.record({
    filteredAttributes: fc.array(keyValue, { maxLength: 1 }),
    timeUnixNano: timestamp,
    spanId: id(8),
    traceId: id(16),
    value: fc.oneof(
      double.map((value) => ({ case: 'asDouble' as const, value })),
      fc.bigInt({ min: I64_MIN, max: I64_MAX }).map((value) => ({ case: 'asInt' as const, value })),
    ),
  }),
  { maxLength: 1 },
);
const u64 = fc.oneof(fc.bigInt({ min: 0n, max: 1000n }), fc.bigInt({ min: 0n, max: U64_MAX }));

const numberPoint = fc.record({
  attributes: pointAttributes,
  startTimeUnixNano: timestamp,
  timeUnixNano: timestamp,
  value: fc.oneof(
    double.map((value) => ({ case: 'asDouble' as const, value })),
    fc.bigInt({ min: I64_MIN, max: I64_MAX }).map((value) => ({ case: 'asInt' as const, value })),
    fc.constant({ case: undefined }),
  ),
  exemplars,
  flags: fc.nat({ max: 1 }),
});

const histogramPoint = fc
  .record({
    attributes: pointAttributes,
    startTimeUnixNano: timestamp,
    timeUnixNano: timestamp,
    count: u64,
    sum: fc.option(double, { nil: undefined }),
    explicitBounds: fc.option(fc.array(double, { maxLength: 5 }), { nil: undefined }),
    counts: fc.array(u64, { minLength: 6, maxLength: 6 }),
    exemplars,
    min: fc.option(double, { nil: undefined }),
    max: fc.option(double, { nil: undefined }),
  })
  .map(({ explicitBounds, counts, ...rest }) => ({
    ...rest,
    // Either no buckets at all, or one more count than bounds.
    explicitBounds: explicitBounds ?? [],
    bucketCounts: explicitBounds === undefined ? [] : counts.slice(0, explicitBounds.length + 1),
  }));

const buckets = fc.option(
  fc.record({ offset: fc.integer({ min: -50, max: 50 }), bucketCounts: fc.array(u64, { maxLength: 5 }) }),
  {
    nil: undefined,
  },
);

const exponentialPoint = fc.record({
  attributes: pointAttributes,
  startTimeUnixNano: timestamp,
  timeUnixNano: timestamp,
  count: u64,
  sum: fc.option(double, { nil: undefined }),
  scale: fc.integer({ min: -10, max: 20 }),
  zeroCount: u64,
  positive: buckets,
  negative: buckets,
  flags: fc.nat({ max: 1 }),
  exemplars,
  zeroThreshold: double,
});

const summaryPoint = fc.record({
  attributes: pointAttributes,
  startTimeUnixNano: timestamp,
  timeUnixNano: timestamp,
  count: u64,
  sum: double,
  quantileValues: fc.array(fc.record({ quantile: double, value: double }), { maxLength: 3 }),
});

const temporality = enumNumber(2);

const metricData = fc.oneof(
  fc
    .record({ dataPoints: fc.array(numberPoint, { maxLength: 3 }) })
    .map((value) => ({ case: 'gauge' as const, value })),
  fc
    .record({
      dataPoints: fc.array(numberPoint, { maxLength: 3 }),
      aggregationTemporality: temporality,
      isMonotonic: fc.boolean(),
    })
    .map((value) => ({ case: 'sum' as const, value })),
  fc
    .record({ dataPoints: fc.array(histogramPoint, { maxLength: 3 }), aggregationTemporality: temporality })
    .map((value) => ({ case: 'histogram' as const, value })),
  fc
    .record({ dataPoints: fc.array(exponentialPoint, { maxLength: 3 }), aggregationTemporality: temporality })
    .map((value) => ({ case: 'exponentialHistogram' as const, value })),
  fc
    .record({ dataPoints: fc.array(summaryPoint, { maxLength: 3 }) })
    .map((value) => ({ case: 'summary' as const, value })),
  fc.constant({ case: undefined }),
);

export const metric: fc.Arbitrary<Metric> = withUnknown(
  fc
    .record({
      name: text,
      description: text,
      unit: fc.constantFrom('', 's', 'ms', '{request}', 'By'),
      data: metricData,
      metadata: fc.array(keyValue, { maxLength: 1 }),
    })
    .map((m) => create(MetricSchema, m)),
);

export const metricsData: fc.Arbitrary<MetricsData> = fc
  .array(
    fc.record({
      resource,
      scopeMetrics: fc.array(
        fc.record({
          scope: fc.option(fc.record({ name: text, version: text }), { nil: undefined }),
          metrics: fc.array(metric, { maxLength: 4 }),
          schemaUrl: fc.string({ maxLength: 5 }),
        }),
        { maxLength: 2 },
      ),
      schemaUrl: fc.string({ maxLength: 5 }),
    }),
    { maxLength: 3 },
  )
  .map((resourceMetrics) =>
    create(MetricsDataSchema, {
      resourceMetrics: resourceMetrics.map((rm) => ({ ...rm, resource: rm.resource ?? undefined })),
    }),
  );
