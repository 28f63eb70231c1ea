import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LATENCY_BUCKET_COUNT } from '../../../pipeline/series/latency-buckets.js';
import {
  addMetricIncrements,
  addSpanIncrements,
  type BlockIncrements,
  decodeMetricBlock,
  decodeSpanBlock,
  metricBlockKey,
  spanBlockKey,
  subjectTag,
} from '../../../pipeline/series/redis-series-layout.js';
import { type BucketAggregate, emptyBucket } from '../../../pipeline/series/series-batch.js';
import type { Subject } from '../../../pipeline/series/subject.js';

const SUBJECT: Subject = { kind: 'service', service: 'a' };
const RES = 10_000;
const BLOCK = 1_000_000;

/** What Redis would hold after applying the increments (HINCRBY / HINCRBYFLOAT). */
function apply(increments: BlockIncrements): Record<string, string> {
  const hash: Record<string, number> = {};
  for (const [field, by] of [...increments.ints, ...increments.floats]) hash[field] = (hash[field] ?? 0) + by;
  return Object.fromEntries(Object.entries(hash).map(([k, v]) => [k, String(v)]));
}

const bucketArb = fc
  .record({
    offset: fc.integer({ min: 0, max: BLOCK / RES - 1 }),
    requests: fc.integer({ min: 1, max: 1e6 }),
    errors: fc.nat(1e6),
    latencySumUs: fc.nat(1e12),
    counts: fc.dictionary(
      fc.integer({ min: 0, max: LATENCY_BUCKET_COUNT - 1 }).map(String),
      fc.integer({ min: 1, max: 1e6 }),
    ),
  })
  .map((r) => {
    const b = emptyBucket(SUBJECT, BLOCK + r.offset * RES);
    b.requests = r.requests;
    b.errors = r.errors;
    b.latencySumUs = r.latencySumUs;
    for (const [i, c] of Object.entries(r.counts)) b.latencyCounts.set(Number(i), c);
    return b;
  });

describe('Redis series layout', () => {
  it('decodes span blocks back to the buckets written, at any offset and histogram index', () => {
    fc.assert(
      fc.property(fc.uniqueArray(bucketArb, { selector: (b) => b.bucketMs, maxLength: 20 }), (buckets) => {
        const increments: BlockIncrements = { ints: [], floats: [] };
        for (const b of buckets) addSpanIncrements(increments, b, (b.bucketMs - BLOCK) / RES);
        const decoded = new Map<number, BucketAggregate>();
        decodeSpanBlock(apply(increments), BLOCK, RES, (t) => {
          const b = decoded.get(t) ?? emptyBucket(SUBJECT, t);
          decoded.set(t, b);
          return b;
        });
        expect([...decoded.values()].sort((x, y) => x.bucketMs - y.bucketMs)).toEqual(
          [...buckets].sort((x, y) => x.bucketMs - y.bucketMs),
        );
      }),
    );
  });

  it('decodes metric blocks: means and increases per bucket', () => {
    const increments: BlockIncrements = { ints: [], floats: [] };
    addMetricIncrements(increments, 3, { sum: 1.5, count: 2 }, undefined);
    addMetricIncrements(increments, 4, undefined, 7.25);
    addMetricIncrements(increments, 5, { sum: 0, count: 1 }, 0);
    const decoded = new Map<number, BucketAggregate>();
    decodeMetricBlock(apply(increments), 'm', BLOCK, RES, (t) => {
      const b = decoded.get(t) ?? emptyBucket(SUBJECT, t);
      decoded.set(t, b);
      return b;
    });
    expect(decoded.get(BLOCK + 3 * RES)?.metricMeans.get('m')).toEqual({ sum: 1.5, count: 2 });
    expect(decoded.get(BLOCK + 4 * RES)?.metricIncreases.get('m')).toBe(7.25);
    expect(decoded.get(BLOCK + 5 * RES)?.metricMeans.get('m')).toEqual({ sum: 0, count: 1 });
    expect(decoded.get(BLOCK + 5 * RES)?.metricIncreases.get('m')).toBe(0);
  });

  it('escapes braces so a name cannot end the hash tag early', () => {
    const odd: Subject = { kind: 'service', service: 'x}:m:1:{y' };
    expect(subjectTag(odd)).toBe('{svc:x%7D:m:1:%7By}');
    expect(spanBlockKey('fl:', odd, 0)).toBe('fl:series:{svc:x%7D:m:1:%7By}:s:0');
    expect(metricBlockKey('fl:', SUBJECT, 'http.server.duration', 0)).toBe(
      'fl:series:{svc:a}:m:0:http.server.duration',
    );
  });
});
