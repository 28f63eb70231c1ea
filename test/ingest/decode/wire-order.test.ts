import { describe, expect, it } from 'vitest';
import { fastDecodeMetrics } from '../../../ingest/decode/fast-metrics.js';
import { fastDecodeSpans } from '../../../ingest/decode/fast-spans.js';
import { referenceDecodeMetrics, referenceDecodeSpans } from '../../support/decode/reference.js';
import { attr, cat, double, field, fixed64, intAttr, str, varint } from './wire-bytes.js';

const TRACE = new Uint8Array(16).fill(0xab);
const SPAN = new Uint8Array(8).fill(0x01);

function spanBytes(...extra: Uint8Array[]): Uint8Array {
  return cat(field(1, TRACE), field(2, SPAN), str(5, 'op'), varint(6, 2), ...extra);
}

/** TracesData > ResourceSpans(parts) */
function traces(...resourceSpansParts: Uint8Array[]): Uint8Array {
  return field(1, ...resourceSpansParts);
}

describe('fields in any order and other encodings a protobuf writer may choose', () => {
  it('applies a resource that comes after the spans', () => {
    const bytes = traces(field(2, field(2, spanBytes())), field(1, field(1, attr('service.name', 'late'))));
    const records = fastDecodeSpans(bytes);
    expect(records).toEqual(referenceDecodeSpans(bytes));
    expect(records[0]).toMatchObject({
      service: 'late',
      kind: 'server',
      name: 'op',
      spanId: '0101010101010101',
    });
  });

  it('merges a repeated resource: a later service.name wins, an absent one keeps the earlier', () => {
    const twice = traces(
      field(1, field(1, attr('service.name', 'first'))),
      field(2, field(2, spanBytes())),
      field(1, field(1, attr('service.name', 'second'))),
      field(1, field(1, attr('host.name', 'h'))),
    );
    expect(fastDecodeSpans(twice)[0]?.service).toBe('second');
    expect(fastDecodeSpans(twice)).toEqual(referenceDecodeSpans(twice));
  });

  it('reads a KeyValue whose value precedes its key', () => {
    const kv = cat(field(2, varint(3, 404)), str(1, 'http.response.status_code'));
    const bytes = traces(field(2, field(2, spanBytes(field(9, kv)))));
    expect(fastDecodeSpans(bytes)[0]?.httpStatus).toBe(404);
    expect(fastDecodeSpans(bytes)).toEqual(referenceDecodeSpans(bytes));
  });

  it('keeps the status code of an earlier Status when a later one has none (message merge)', () => {
    const bytes = traces(field(2, field(2, spanBytes(field(15, varint(3, 2)), field(15, str(2, 'msg'))))));
    expect(fastDecodeSpans(bytes)[0]?.status).toBe('error');
    expect(fastDecodeSpans(bytes)).toEqual(referenceDecodeSpans(bytes));
  });

  it('lets the last of repeated scalar fields win (proto3 semantics)', () => {
    const bytes = traces(field(2, field(2, spanBytes(str(5, 'renamed'), varint(6, 3)))));
    expect(fastDecodeSpans(bytes)[0]).toMatchObject({ name: 'renamed', kind: 'client' });
    expect(fastDecodeSpans(bytes)).toEqual(referenceDecodeSpans(bytes));
  });

  it('decodes a metric whose data comes before its name and unit', () => {
    const point = cat(fixed64(3, 5n), double(4, 1.5), field(7, attr('k', 'v')));
    const sum = cat(field(1, point), varint(2, 2), varint(3, 1));
    const metric = cat(field(7, sum), str(3, 's'), str(1, 'late.name'));
    const bytes = field(1, field(2, field(2, metric)), field(1, field(1, attr('service.name', 'svc'))));
    const points = fastDecodeMetrics(bytes);
    expect(points).toEqual(referenceDecodeMetrics(bytes));
    expect(points).toEqual([
      {
        service: 'svc',
        name: 'late.name',
        unit: 's',
        type: 'sum',
        temporality: 'cumulative',
        monotonic: true,
        attributes: { k: 'v' },
        startNs: 0n,
        timeNs: 5n,
        value: 1.5,
      },
    ]);
  });

  it('takes the last member of the Metric.data oneof', () => {
    const gauge = field(5, field(1, double(4, 1)));
    const summary = field(11, field(1, cat(fixed64(4, 3n), double(5, 9))));
    const bytes = field(1, field(2, field(2, str(1, 'm'), gauge, summary)));
    const points = fastDecodeMetrics(bytes);
    expect(points).toEqual(referenceDecodeMetrics(bytes));
    expect(points).toMatchObject([{ type: 'summary', count: 3, sum: 9, quantiles: [] }]);
  });

  it('reads unpacked repeated bucket counts and bounds like packed ones', () => {
    const unpacked = cat(
      fixed64(4, 3n),
      fixed64(6, 1n),
      fixed64(6, 2n),
      double(7, 0.5),
      field(9, intAttr('code', 7)),
      varint(10, 0),
    );
    const bytes = field(1, field(2, field(2, str(1, 'h'), field(9, field(1, unpacked), varint(2, 1)))));
    const points = fastDecodeMetrics(bytes);
    expect(points).toEqual(referenceDecodeMetrics(bytes));
    expect(points[0]).toMatchObject({
      type: 'histogram',
      temporality: 'delta',
      count: 3,
      bucketCounts: [1, 2],
      explicitBounds: [0.5],
      attributes: { code: 7 },
    });
    expect('sum' in points[0]!).toBe(false);
  });

  it('merges repeated exponential-histogram buckets and reads unpacked counts', () => {
    const positive1 = cat(varint(1, 5), field(2, new Uint8Array([1, 2])));
    const positive2 = cat(varint(2, 9));
    const point = cat(fixed64(4, 12n), field(8, positive1), field(8, positive2), varint(6, 3));
    const bytes = field(1, field(2, field(2, str(1, 'e'), field(10, field(1, point)))));
    const points = fastDecodeMetrics(bytes);
    expect(points).toEqual(referenceDecodeMetrics(bytes));
    // offset 5 and scale 3 are zigzag-encoded: 5 -> -3, 3 -> -2.
    expect(points[0]).toMatchObject({
      positive: { offset: -3, bucketCounts: [1, 2, 9] },
      negative: { offset: 0, bucketCounts: [] },
      scale: -2,
      count: 12,
    });
  });
});
