import { toBinary } from '@bufbuild/protobuf';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fastDecodeMetrics } from '../../../ingest/decode/fast-metrics.js';
import { fastDecodeSpans } from '../../../ingest/decode/fast-spans.js';
import { jsonDecodeMetrics } from '../../../ingest/decode/json-metrics.js';
import { jsonDecodeSpans } from '../../../ingest/decode/json-spans.js';
import { referenceDecodeMetrics, referenceDecodeSpans } from '../../../ingest/decode/reference.js';
import { MetricsDataSchema } from '../../../schemas/gen/opentelemetry/proto/metrics/v1/metrics_pb.js';
import { TracesDataSchema } from '../../../schemas/gen/opentelemetry/proto/trace/v1/trace_pb.js';
import { metricsData } from './metric-arbitraries.js';
import { type JsonStyle, toOtlpJson } from './otlp-json.js';
import { tracesData } from './trace-arbitraries.js';

const jsonStyle: fc.Arbitrary<JsonStyle> = fc.record({
  protoNames: fc.boolean(),
  enumNumbers: fc.boolean(),
  upperHex: fc.boolean(),
  safeIntsAsNumbers: fc.boolean(),
});

const runs = { numRuns: 300 };

describe('fast protobuf decoders match the reference decoders', () => {
  it('spans: fastDecodeSpans(bytes) equals fromBinary + normalise', () => {
    fc.assert(
      fc.property(tracesData, (data) => {
        const bytes = toBinary(TracesDataSchema, data);
        expect(fastDecodeSpans(bytes)).toEqual(referenceDecodeSpans(bytes));
      }),
      runs,
    );
  });

  it('metrics: fastDecodeMetrics(bytes) equals fromBinary + normalise', () => {
    fc.assert(
      fc.property(metricsData, (data) => {
        const bytes = toBinary(MetricsDataSchema, data);
        expect(fastDecodeMetrics(bytes)).toEqual(referenceDecodeMetrics(bytes));
      }),
      runs,
    );
  });
});

describe('OTLP/JSON decoders match the reference decoders on the same data', () => {
  it('spans', () => {
    fc.assert(
      fc.property(tracesData, jsonStyle, (data, style) => {
        const expected = referenceDecodeSpans(toBinary(TracesDataSchema, data));
        expect(jsonDecodeSpans(toOtlpJson(TracesDataSchema, data, style))).toEqual(expected);
      }),
      runs,
    );
  });

  it('metrics', () => {
    fc.assert(
      fc.property(metricsData, jsonStyle, (data, style) => {
        const expected = referenceDecodeMetrics(toBinary(MetricsDataSchema, data));
        expect(jsonDecodeMetrics(toOtlpJson(MetricsDataSchema, data, style))).toEqual(expected);
      }),
      runs,
    );
  });
});
