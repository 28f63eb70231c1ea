import { describe, expect, it } from 'vitest';
import { hasCode } from '../../../core/faultline-error.js';
import { SeriesErrorCode } from '../../../pipeline/series/errors.js';
import { latencyBucketIndex } from '../../../pipeline/series/latency-buckets.js';
import {
  SeriesAggregator,
  type SeriesAggregatorOptions,
} from '../../../pipeline/series/series-aggregator.js';
import type { BucketAggregate } from '../../../pipeline/series/series-batch.js';
import { subjectKey } from '../../../pipeline/series/subject.js';
import { metricPoint, serverSpan, T0 } from './fixtures.js';

const DAY = 86_400_000;
const aggregator = (o: SeriesAggregatorOptions = {}) => new SeriesAggregator({ now: () => T0 + DAY, ...o });

function only(buckets: BucketAggregate[]): BucketAggregate {
  expect(buckets).toHaveLength(1);
  return buckets[0] as BucketAggregate;
}

function byKey(buckets: BucketAggregate[]): string[] {
  return buckets.map((b) => `${subjectKey(b.subject)}@${b.bucketMs - T0}`).sort();
}

describe('SeriesAggregator', () => {
  it('counts server and consumer spans by the bucket of their end time, and ignores other kinds', () => {
    const agg = aggregator();
    agg.addSpan(serverSpan('a', T0 + 10_000, 15_000)); // started in an earlier bucket, ends exactly on a bound
    agg.addSpan(serverSpan('a', T0 + 9_999, 2, { kind: 'consumer' }));
    for (const kind of ['client', 'producer', 'internal', 'unspecified'] as const) {
      agg.addSpan(serverSpan('a', T0 + 1, 2, { kind }));
    }
    const batch = agg.drain();
    expect(batch.resolutionMs).toBe(10_000);
    expect(byKey(batch.buckets)).toEqual(['svc:a@0', 'svc:a@10000']);
    const late = batch.buckets.find((b) => b.bucketMs === T0 + 10_000) as BucketAggregate;
    expect(late.requests).toBe(1);
    expect(late.latencySumUs).toBe(15_000_000);
    expect([...late.latencyCounts]).toEqual([[latencyBucketIndex(15_000), 1]]);
    expect(agg.drain().buckets).toEqual([]);
  });

  it('counts a sampled span as its adjusted count of requests, errors and latencies', () => {
    const agg = aggregator();
    agg.addSpan(serverSpan('a', T0 + 1_000, 20, { adjustedCount: 16 }));
    agg.addSpan(serverSpan('a', T0 + 2_000, 40, { adjustedCount: 16, status: 'error' }));
    agg.addSpan(serverSpan('a', T0 + 3_000, 20));
    const b = only(agg.drain().buckets);
    expect(b.requests).toBe(33);
    expect(b.errors).toBe(16);
    expect(b.latencySumUs).toBe(16 * 20_000 + 16 * 40_000 + 20_000);
    expect(b.latencyCounts.get(latencyBucketIndex(20))).toBe(17);
  });

  it('counts edge calls under the edge subject', () => {
    const agg = aggregator();
    agg.addEdgeCall({
      source: 'a',
      target: 'b',
      endNs: BigInt(T0) * 1_000_000n,
      durationNs: 2_500_000,
      failed: true,
    });
    agg.addEdgeCall({
      source: 'a',
      target: 'b',
      endNs: BigInt(T0) * 1_000_000n,
      durationNs: -1,
      failed: false,
    });
    const b = only(agg.drain().buckets);
    expect(b.subject).toEqual({ kind: 'edge', source: 'a', target: 'b' });
    expect([b.requests, b.errors, b.latencySumUs]).toEqual([2, 1, 2_500]);
    expect(b.latencyCounts.get(0)).toBe(1);
  });

  it('drops records from beyond the clock skew and older than the retention, counting them', () => {
    const agg = aggregator({ now: () => T0, maxClockSkewMs: 60_000, retentionMs: 600_000 });
    agg.addSpan(serverSpan('a', T0 + 3_600_000, 1)); // a host with a wild clock
    agg.addMetricPoint(metricPoint('a', 'g', T0 + 3_600_000, { type: 'gauge', value: 1 }));
    agg.addSpan(serverSpan('a', T0 + 30_000, 1)); // within the skew
    agg.addSpan(serverSpan('a', T0 - 570_000, 1)); // 600 s before the newest: too old
    agg.addSpan(serverSpan('a', T0 - 560_000, 1));
    expect([agg.tooNew, agg.tooOld]).toEqual([2, 1]);
    expect(byKey(agg.drain().buckets)).toEqual(['svc:a@-560000', 'svc:a@30000']);
  });

  it('sends subjects beyond maxSubjects to the overflow subject and frees places of idle subjects', () => {
    const agg = aggregator({ maxSubjects: 2, retentionMs: 60_000 });
    agg.addSpan(serverSpan('a', T0, 1));
    agg.addEdgeCall({
      source: 'a',
      target: 'b',
      endNs: BigInt(T0) * 1_000_000n,
      durationNs: 1,
      failed: false,
    });
    agg.addSpan(serverSpan('c', T0, 1));
    agg.addMetricPoint(metricPoint('d', 'g', T0, { type: 'gauge', value: 1 }));
    expect(agg.overflowed).toBe(2);
    expect(agg.trackedSubjects).toBe(2);
    const overflow = agg.drain().buckets.find((b) => subjectKey(b.subject) === 'svc:__overflow__');
    expect(overflow?.requests).toBe(1);
    expect(overflow?.metricMeans.get('g')).toEqual({ sum: 1, count: 1 });
    // 'a' stays busy; the edge goes idle for a retention and gives its place to 'c'.
    agg.addSpan(serverSpan('a', T0 + 60_000, 1));
    agg.drain();
    agg.addSpan(serverSpan('c', T0 + 60_001, 1));
    expect(agg.overflowed).toBe(2);
    expect(byKey(agg.drain().buckets)).toEqual(['svc:c@60000']);
  });

  it('drops metric points of (service, name) pairs beyond maxMetricNames', () => {
    const agg = aggregator({ maxMetricNames: 2 });
    for (const name of ['m1', 'm2', 'm3', 'm1'])
      agg.addMetricPoint(metricPoint('a', name, T0, { type: 'gauge', value: 1 }));
    expect(agg.metricsOverflowed).toBe(1);
    expect([...only(agg.drain().buckets).metricMeans.keys()].sort()).toEqual(['m1', 'm2']);
  });

  it('refuses options out of range with FL_SERIES_INVALID_OPTIONS', () => {
    for (const bad of [
      { resolutionMs: 7_000 },
      { retentionMs: 1 },
      { maxSubjects: 0 },
      { resolutionMs: 1.5 },
    ]) {
      let err: unknown;
      try {
        new SeriesAggregator(bad);
      } catch (e) {
        err = e;
      }
      expect(hasCode(err, SeriesErrorCode.InvalidOptions), JSON.stringify(bad)).toBe(true);
    }
  });
});

describe('SeriesAggregator metrics', () => {
  const cumulative = { type: 'sum', monotonic: true, temporality: 'cumulative' } as const;

  it('takes a first cumulative point as the baseline and ignores duplicates and late points', () => {
    const agg = aggregator();
    agg.addMetricPoint(metricPoint('a', 'c', T0, { ...cumulative, value: 10 }));
    agg.addMetricPoint(metricPoint('a', 'c', T0 + 1_000, { ...cumulative, value: 25 }));
    agg.addMetricPoint(metricPoint('a', 'c', T0 + 1_000, { ...cumulative, value: 25 }));
    agg.addMetricPoint(metricPoint('a', 'c', T0 + 500, { ...cumulative, value: 20 }));
    expect(only(agg.drain().buckets).metricIncreases.get('c')).toBe(15);
  });

  it('counts from zero after a reset: a lower value or a new start time', () => {
    const agg = aggregator();
    const startA = BigInt(T0 - 1_000) * 1_000_000n;
    const startB = BigInt(T0 + 1_500) * 1_000_000n;
    agg.addMetricPoint(metricPoint('a', 'c', T0, { ...cumulative, value: 100, startNs: startA }));
    agg.addMetricPoint(metricPoint('a', 'c', T0 + 1_000, { ...cumulative, value: 4, startNs: startA }));
    agg.addMetricPoint(metricPoint('a', 'c', T0 + 2_000, { ...cumulative, value: 7, startNs: startB }));
    agg.addMetricPoint(metricPoint('a', 'c', T0 + 3_000, { ...cumulative, value: 9, startNs: startB }));
    expect(only(agg.drain().buckets).metricIncreases.get('c')).toBe(4 + 7 + 2);
  });

  it('keeps one cumulative state per attribute set, in any attribute order', () => {
    const agg = aggregator();
    agg.addMetricPoint(metricPoint('a', 'c', T0, { ...cumulative, value: 1, attributes: { x: 1, y: 'b' } }));
    agg.addMetricPoint(metricPoint('a', 'c', T0, { ...cumulative, value: 50, attributes: { x: 2 } }));
    agg.addMetricPoint(
      metricPoint('a', 'c', T0 + 1, { ...cumulative, value: 3, attributes: { y: 'b', x: 1 } }),
    );
    agg.addMetricPoint(metricPoint('a', 'c', T0 + 1, { ...cumulative, value: 55, attributes: { x: 2 } }));
    expect(only(agg.drain().buckets).metricIncreases.get('c')).toBe(2 + 5);
  });

  it('averages gauges and non-monotonic sums, and histogram, exponential histogram and summary observations', () => {
    const agg = aggregator();
    agg.addMetricPoint(metricPoint('a', 'g', T0, { type: 'gauge', value: 1 }));
    agg.addMetricPoint(
      metricPoint('a', 'g', T0, { type: 'sum', monotonic: false, temporality: 'cumulative', value: 5 }),
    );
    agg.addMetricPoint(metricPoint('a', 'g', T0, { type: 'gauge', value: Number.NaN }));
    agg.addMetricPoint(
      metricPoint('a', 'h', T0, { type: 'histogram', temporality: 'cumulative', sum: 100, count: 10 }),
    );
    agg.addMetricPoint(
      metricPoint('a', 'h', T0 + 1, { type: 'histogram', temporality: 'cumulative', sum: 160, count: 13 }),
    );
    agg.addMetricPoint(
      metricPoint('a', 'e', T0, { type: 'exponential_histogram', temporality: 'delta', sum: 9, count: 3 }),
    );
    agg.addMetricPoint(
      metricPoint('a', 'e', T0, { type: 'exponential_histogram', temporality: 'delta', sum: 0, count: 0 }),
    );
    agg.addMetricPoint(metricPoint('a', 's', T0, { type: 'summary', sum: 10, count: 1 }));
    agg.addMetricPoint(metricPoint('a', 's', T0 + 1, { type: 'summary', sum: 14, count: 3 }));
    agg.addMetricPoint(metricPoint('a', 'nosum', T0, { type: 'histogram', temporality: 'delta', count: 3 }));
    const b = only(agg.drain().buckets);
    expect(Object.fromEntries(b.metricMeans)).toEqual({
      g: { sum: 6, count: 2 },
      h: { sum: 60, count: 3 },
      e: { sum: 9, count: 3 },
      s: { sum: 4, count: 2 },
    });
  });

  it('bounds the cumulative state: evicts the least recently updated series and idle ones, counting them', () => {
    const agg = aggregator({ maxMetricSeries: 2, retentionMs: 60_000 });
    for (const [i, name] of ['a', 'b', 'a', 'c'].entries()) {
      agg.addMetricPoint(metricPoint('s', name, T0 + i, { ...cumulative, value: 1 }));
    }
    expect([agg.trackedMetricSeries, agg.metricSeriesEvicted]).toEqual([2, 1]);
    // 'b' was evicted: its next point is a new baseline, not an increase.
    agg.addMetricPoint(metricPoint('s', 'b', T0 + 10, { ...cumulative, value: 5 }));
    expect(agg.drain().buckets.flatMap((x) => [...x.metricIncreases.keys()])).toEqual(['a']);
    agg.addSpan(serverSpan('s', T0 + 120_011, 1)); // two retentions later
    agg.drain();
    expect([agg.trackedMetricSeries, agg.metricSeriesEvicted]).toEqual([0, 4]);
  });
});
