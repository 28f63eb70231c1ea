import { toBinary } from '@bufbuild/protobuf';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attrRecord } from '../../../ingest/decode/any-value.js';
import { fastDecodeMetrics } from '../../../ingest/decode/fast-metrics.js';
import { fastDecodeSpans } from '../../../ingest/decode/fast-spans.js';
import { jsonDecodeMetrics } from '../../../ingest/decode/json-metrics.js';
import { jsonDecodeSpans } from '../../../ingest/decode/json-spans.js';
import type { SpanRecord } from '../../../ingest/records.js';
import type { KeyValue } from '../../../schemas/gen/opentelemetry/proto/common/v1/common_pb.js';
import { MetricsDataSchema } from '../../../schemas/gen/opentelemetry/proto/metrics/v1/metrics_pb.js';
import {
  type Span,
  type TracesData,
  TracesDataSchema,
} from '../../../schemas/gen/opentelemetry/proto/trace/v1/trace_pb.js';
import { referenceDecodeMetrics, referenceDecodeSpans } from '../../support/decode/reference.js';
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

const spansOf = (data: TracesData): Span[] =>
  data.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans));

const keysOf = (attrs: readonly KeyValue[]): string[] => attrs.map((kv) => kv.key);

/** Keys that occur as attributes somewhere other than on spans: resources, scopes, events, links. */
function elsewhereKeys(data: TracesData): string[] {
  return data.resourceSpans.flatMap((rs) => [
    ...keysOf(rs.resource?.attributes ?? []),
    ...rs.scopeSpans.flatMap((ss) => [
      ...keysOf(ss.scope?.attributes ?? []),
      ...ss.spans.flatMap((span) => [
        ...span.events.flatMap((e) => keysOf(e.attributes)),
        ...span.links.flatMap((l) => keysOf(l.attributes)),
      ]),
    ]),
  ]);
}

/** Keys the generators never write to a span (a lone surrogate cannot even be encoded). */
const NEVER_KEYS = ['no.such.key', 'http.route ', 'HTTP.ROUTE', '\uD800', 'service.name.x'];

/**
 * TracesData with a random `spanAttributes` set: some keys that occur on its spans, some that
 * occur only elsewhere (resource, scope, event and link attributes), some that never occur.
 */
const tracesWithKeys: fc.Arbitrary<[TracesData, Set<string>]> = tracesData.chain((data) => {
  const onSpans = [...new Set(spansOf(data).flatMap((span) => keysOf(span.attributes)))];
  const elsewhere = [...new Set(elsewhereKeys(data))];
  return fc
    .tuple(fc.shuffledSubarray(onSpans), fc.shuffledSubarray(elsewhere), fc.shuffledSubarray(NEVER_KEYS))
    .map(([a, b, c]) => [data, new Set([...a, ...b, ...c])] as [TracesData, Set<string>]);
});

/** A record without its `attributes` property. */
const withoutAttributes = ({ attributes: _, ...rest }: SpanRecord): SpanRecord => rest;

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

describe('spanAttributes: every path keeps the same extra span attributes', () => {
  it('fast == reference, and the reference keeps exactly the requested span attributes', () => {
    fc.assert(
      fc.property(tracesWithKeys, ([data, keys]) => {
        const bytes = toBinary(TracesDataSchema, data);
        const options = { spanAttributes: keys };
        const records = referenceDecodeSpans(bytes, options);
        expect(fastDecodeSpans(bytes, options)).toEqual(records);

        // Everything else is as without the option.
        expect(records.map(withoutAttributes)).toEqual(referenceDecodeSpans(bytes));
        // attributes = the span's own attributes (last with a value wins), filtered by key.
        const spans = spansOf(data);
        expect(records).toHaveLength(spans.length);
        records.forEach((rec, n) => {
          const all = attrRecord(spans[n]!.attributes.filter((kv) => keys.has(kv.key)));
          if (Object.keys(all).length === 0) expect('attributes' in rec).toBe(false);
          else expect(rec.attributes).toEqual(all);
        });
      }),
      runs,
    );
  });

  it('JSON == reference', () => {
    fc.assert(
      fc.property(tracesWithKeys, jsonStyle, ([data, keys], style) => {
        const options = { spanAttributes: keys };
        const expected = referenceDecodeSpans(toBinary(TracesDataSchema, data), options);
        expect(jsonDecodeSpans(toOtlpJson(TracesDataSchema, data, style), options)).toEqual(expected);
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
