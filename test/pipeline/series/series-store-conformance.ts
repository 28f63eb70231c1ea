import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hasCode } from '../../../core/faultline-error.js';
import { SeriesErrorCode } from '../../../pipeline/series/errors.js';
import { LATENCY_RELATIVE_ERROR } from '../../../pipeline/series/latency-buckets.js';
import {
  SeriesAggregator,
  type SeriesAggregatorOptions,
} from '../../../pipeline/series/series-aggregator.js';
import { emptyBucket } from '../../../pipeline/series/series-batch.js';
import type { SeriesOptions } from '../../../pipeline/series/series-options.js';
import type { SeriesStore } from '../../../pipeline/series/series-store.js';
import type { SeriesPoint } from '../../../pipeline/series/signals.js';
import { OVERFLOW_SUBJECT, type Subject, subjectKey } from '../../../pipeline/series/subject.js';
import { metricPoint, serverSpan, T0 } from './fixtures.js';

/** Makes stores for one test and removes what they left behind. */
export interface StoreHarness {
  create(options?: SeriesOptions): Promise<SeriesStore>;
  cleanup(): Promise<void>;
}

const CHECKOUT: Subject = { kind: 'service', service: 'checkout' };
const S = 10_000;

function near(points: SeriesPoint[] | undefined, t: number): number | undefined {
  return points?.find((p) => p.t === t)?.v;
}

async function rejectsWith(p: Promise<unknown>, code: string): Promise<void> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(hasCode(err, code), `expected ${code}, got ${String(err)}`).toBe(true);
}

/** The behaviour every SeriesStore adapter must have. */
export function describeSeriesStoreConformance(name: string, makeHarness: () => StoreHarness): void {
  describe(`SeriesStore conformance: ${name}`, () => {
    let harness: StoreHarness;
    let store: SeriesStore;
    const aggregator = (o: SeriesAggregatorOptions = {}) =>
      new SeriesAggregator({ now: () => T0 + 86_400_000, ...o });

    beforeEach(async () => {
      harness = makeHarness();
      store = await harness.create();
    });
    afterEach(async () => {
      await harness.cleanup();
    });

    it('derives rates, error rate, mean and percentiles from known spans', async () => {
      const agg = aggregator();
      for (let i = 1; i <= 100; i++) {
        agg.addSpan(serverSpan('checkout', T0 + 5_000, i, i % 10 === 0 ? { status: 'error' } : {}));
      }
      agg.addSpan(serverSpan('checkout', T0 + 5_000, 7, { kind: 'client' }));
      await store.write(agg.drain());
      const r = await store.query({ subject: CHECKOUT, fromMs: T0, toMs: T0 + S });
      expect(r.requests).toEqual([{ t: T0, v: 10 }]);
      expect(r.errors).toEqual([{ t: T0, v: 1 }]);
      expect(r.error_rate).toEqual([{ t: T0, v: 0.1 }]);
      expect(near(r.latency_mean, T0)).toBeCloseTo(50.5, 6);
      for (const [signal, exact] of [
        ['latency_p50', 50],
        ['latency_p95', 95],
        ['latency_p99', 99],
      ] as const) {
        const v = near(r[signal], T0) ?? Number.NaN;
        expect(Math.abs(v - exact) / exact, signal).toBeLessThanOrEqual(LATENCY_RELATIVE_ERROR);
      }
    });

    it('counts 5xx, server-fault gRPC codes and ERROR status as errors, not 4xx', async () => {
      const agg = aggregator();
      const end = T0 + 1_000;
      agg.addSpan(serverSpan('checkout', end, 1, { httpStatus: 503 }));
      agg.addSpan(serverSpan('checkout', end, 1, { rpcStatus: 14 }));
      agg.addSpan(serverSpan('checkout', end, 1, { kind: 'consumer', status: 'error' }));
      agg.addSpan(serverSpan('checkout', end, 1, { httpStatus: 404 }));
      agg.addSpan(serverSpan('checkout', end, 1, { rpcStatus: 5 }));
      await store.write(agg.drain());
      const r = await store.query({ subject: CHECKOUT, signals: ['error_rate'], fromMs: T0, toMs: T0 + S });
      expect(r.error_rate).toEqual([{ t: T0, v: 3 / 5 }]);
    });

    it('keeps edges apart from services and lists every subject', async () => {
      const agg = aggregator();
      const edge: Subject = { kind: 'edge', source: 'checkout', target: 'payment' };
      agg.addEdgeCall({
        source: 'checkout',
        target: 'payment',
        endNs: BigInt(T0 + 20_001) * 1_000_000n,
        durationNs: 4e6,
        failed: true,
      });
      agg.addEdgeCall({
        source: 'checkout',
        target: 'payment',
        endNs: BigInt(T0 + 20_002) * 1_000_000n,
        durationNs: 6e6,
        failed: false,
      });
      agg.addSpan(serverSpan('payment', T0 + 20_003, 3));
      await store.write(agg.drain());
      const r = await store.query({ subject: edge, fromMs: T0, toMs: T0 + 60_000 });
      expect(r.requests).toEqual([{ t: T0 + 20_000, v: 0.2 }]);
      expect(r.error_rate).toEqual([{ t: T0 + 20_000, v: 0.5 }]);
      expect(near(r.latency_mean, T0 + 20_000)).toBeCloseTo(5, 9);
      expect((await store.query({ subject: CHECKOUT, fromMs: T0, toMs: T0 + 60_000 })).requests).toEqual([]);
      const keys = (await store.subjects()).map(subjectKey).sort();
      expect(keys).toEqual(['edge:checkout->payment', 'svc:payment']);
    });

    it('round-trips subject names with arrows, braces, percent signs and non-ASCII', async () => {
      const agg = aggregator();
      const odd: Subject = { kind: 'edge', source: 'a->b{x}', target: '50% ünïcode>' };
      agg.addEdgeCall({ ...odd, endNs: BigInt(T0) * 1_000_000n, durationNs: 1e6, failed: false });
      await store.write(agg.drain());
      expect(await store.subjects()).toEqual([odd]);
      expect(
        (await store.query({ subject: odd, signals: ['requests'], fromMs: T0, toMs: T0 + S })).requests,
      ).toEqual([{ t: T0, v: 0.1 }]);
    });

    it('averages gauges, turns cumulative counters (with a reset) and delta counters into rates', async () => {
      const agg = aggregator();
      const gauge = { type: 'gauge' } as const;
      agg.addMetricPoint(
        metricPoint('checkout', 'queue.depth', T0 + 1_000, { ...gauge, value: 10, attributes: { q: 'a' } }),
      );
      agg.addMetricPoint(
        metricPoint('checkout', 'queue.depth', T0 + 2_000, { ...gauge, value: 20, attributes: { q: 'b' } }),
      );
      const cumulative = { type: 'sum', monotonic: true, temporality: 'cumulative' } as const;
      // Baseline, +50 in the first bucket; a reset to 30 counts as +30 in the second.
      agg.addMetricPoint(metricPoint('checkout', 'http.requests', T0 + 1_000, { ...cumulative, value: 100 }));
      agg.addMetricPoint(metricPoint('checkout', 'http.requests', T0 + 6_000, { ...cumulative, value: 150 }));
      agg.addMetricPoint(metricPoint('checkout', 'http.requests', T0 + 16_000, { ...cumulative, value: 30 }));
      const delta = { type: 'sum', monotonic: true, temporality: 'delta' } as const;
      agg.addMetricPoint(
        metricPoint('checkout', 'bytes', T0 + 1_000, { ...delta, value: 40, attributes: { d: 'in' } }),
      );
      agg.addMetricPoint(
        metricPoint('checkout', 'bytes', T0 + 9_000, { ...delta, value: 60, attributes: { d: 'out' } }),
      );
      await store.write(agg.drain());
      const r = await store.query({ subject: CHECKOUT, fromMs: T0, toMs: T0 + 2 * S });
      expect(r['metric:queue.depth']).toEqual([{ t: T0, v: 15 }]);
      expect(r['metric:http.requests']).toEqual([
        { t: T0, v: 5 },
        { t: T0 + S, v: 3 },
      ]);
      expect(r['metric:bytes']).toEqual([{ t: T0, v: 10 }]);
      expect(r.requests).toEqual([]);
      expect(r.error_rate).toEqual([]);
    });

    it('averages histogram observations as sum / count', async () => {
      const agg = aggregator();
      const hist = { type: 'histogram', temporality: 'delta' } as const;
      agg.addMetricPoint(metricPoint('checkout', 'db.time', T0, { ...hist, sum: 30, count: 3 }));
      agg.addMetricPoint(
        metricPoint('checkout', 'db.time', T0 + 1, { ...hist, sum: 10, count: 1, attributes: { x: 1 } }),
      );
      await store.write(agg.drain());
      const r = await store.query({
        subject: CHECKOUT,
        signals: ['metric:db.time'],
        fromMs: T0,
        toMs: T0 + S,
      });
      expect(r).toEqual({ 'metric:db.time': [{ t: T0, v: 10 }] });
    });

    it('sums two writers of the same bucket', async () => {
      const a = aggregator();
      const b = aggregator();
      for (let i = 0; i < 30; i++) a.addSpan(serverSpan('checkout', T0 + 100, 10));
      for (let i = 0; i < 70; i++) b.addSpan(serverSpan('checkout', T0 + 9_900, 1000, { httpStatus: 500 }));
      await Promise.all([store.write(a.drain()), store.write(b.drain())]);
      const r = await store.query({ subject: CHECKOUT, fromMs: T0, toMs: T0 + S });
      expect(r.requests).toEqual([{ t: T0, v: 10 }]);
      expect(r.error_rate).toEqual([{ t: T0, v: 0.7 }]);
      expect(near(r.latency_mean, T0)).toBeCloseTo(703, 6);
      const p50 = near(r.latency_p50, T0) ?? 0;
      expect(Math.abs(p50 - 1000) / 1000).toBeLessThanOrEqual(LATENCY_RELATIVE_ERROR);
      const tail = await store.query({
        subject: CHECKOUT,
        signals: ['latency_p95'],
        fromMs: T0,
        toMs: T0 + S,
      });
      expect(near(tail.latency_p95, T0)).toBeGreaterThan(900);
    });

    it('returns only buckets whose start is in [fromMs, toMs)', async () => {
      const agg = aggregator();
      for (let k = 0; k < 4; k++) agg.addSpan(serverSpan('checkout', T0 + k * S + 1, 5));
      await store.write(agg.drain());
      const r = await store.query({
        subject: CHECKOUT,
        signals: ['requests'],
        fromMs: T0 + S,
        toMs: T0 + 3 * S,
      });
      expect(r.requests?.map((p) => p.t)).toEqual([T0 + S, T0 + 2 * S]);
      const none = await store.query({ subject: CHECKOUT, fromMs: T0 + 9 * S, toMs: T0 + 10 * S });
      expect(none.requests).toEqual([]);
      const unknown = await store.query({
        subject: { kind: 'service', service: 'nope' },
        fromMs: T0,
        toMs: T0 + S,
      });
      expect(unknown.requests).toEqual([]);
    });

    it('forgets buckets a retention older than the newest one', async () => {
      const small = await harness.create({ resolutionMs: S, retentionMs: 60_000 });
      const agg = aggregator({ resolutionMs: S, retentionMs: 60_000 });
      agg.addSpan(serverSpan('old', T0 + 1, 5));
      agg.addSpan(serverSpan('checkout', T0 + 1, 5));
      await small.write(agg.drain());
      agg.addSpan(serverSpan('checkout', T0 + 50_001, 5));
      await small.write(agg.drain());
      const kept = await small.query({
        subject: CHECKOUT,
        signals: ['requests'],
        fromMs: T0 - S,
        toMs: T0 + 70_000,
      });
      expect(kept.requests?.map((p) => p.t)).toEqual([T0, T0 + 50_000]);
      agg.addSpan(serverSpan('checkout', T0 + 60_001, 5));
      await small.write(agg.drain());
      const after = await small.query({
        subject: CHECKOUT,
        signals: ['requests'],
        fromMs: T0 - S,
        toMs: T0 + 70_000,
      });
      expect(after.requests?.map((p) => p.t)).toEqual([T0 + 50_000, T0 + 60_000]);
      expect((await small.subjects()).map(subjectKey)).toEqual(['svc:checkout']);
    });

    it('routes subjects beyond the cap to the overflow subject and counts them', async () => {
      const agg = aggregator({ maxSubjects: 2 });
      for (const service of ['a', 'b', 'c', 'd', 'a']) agg.addSpan(serverSpan(service, T0 + 1, 5));
      expect(agg.overflowed).toBe(2);
      await store.write(agg.drain());
      const keys = (await store.subjects()).map(subjectKey).sort();
      expect(keys).toEqual(['svc:__overflow__', 'svc:a', 'svc:b']);
      const r = await store.query({
        subject: OVERFLOW_SUBJECT,
        signals: ['requests'],
        fromMs: T0,
        toMs: T0 + S,
      });
      expect(r.requests).toEqual([{ t: T0, v: 0.2 }]);
    });

    it('answers every requested signal, empty when without data', async () => {
      const r = await store.query({
        subject: CHECKOUT,
        signals: ['latency_p99', 'metric:x'],
        fromMs: T0,
        toMs: T0 + S,
      });
      expect(r).toEqual({ latency_p99: [], 'metric:x': [] });
    });

    it('adds a guarded write once per subject and stream, and names the subjects partly applied', async () => {
      const requests = async (subject: Subject) =>
        near((await store.query({ subject, fromMs: T0, toMs: T0 + S })).requests, T0);
      const write = (services: string[], from: number, next: number, stream = 'spans:0') => {
        const agg = aggregator();
        for (const service of services) agg.addSpan(serverSpan(service, T0 + 1000, 5));
        return store.write(agg.drain(), { stream, from, next });
      };
      const payment: Subject = { kind: 'service', service: 'payment' };
      expect((await write(['checkout'], 0, 10)).size).toBe(0);
      // Messages 0..9 again (a redelivery): nothing added, nothing to recompute.
      expect((await write(['checkout'], 0, 10)).size).toBe(0);
      // 5..14 overlaps what checkout holds: refused, with the offset it holds; payment is new.
      const conflicts = await write(['checkout', 'payment'], 5, 15);
      expect([...conflicts]).toEqual([[subjectKey(CHECKOUT), 10]]);
      // Another partition of the same topic is another stream.
      expect((await write(['checkout'], 0, 3, 'spans:1')).size).toBe(0);
      expect(await requests(CHECKOUT)).toBeCloseTo(2 / 10); // per second, 10 s buckets
      expect(await requests(payment)).toBeCloseTo(1 / 10);
      // Unguarded writes always add.
      const agg = aggregator();
      agg.addSpan(serverSpan('checkout', T0 + 1000, 5));
      expect((await store.write(agg.drain())).size).toBe(0);
      expect(await requests(CHECKOUT)).toBeCloseTo(3 / 10);
    });

    it('rejects a batch of another resolution, a bad range, and use after close', async () => {
      await rejectsWith(
        store.write({ resolutionMs: 60_000, buckets: [] }),
        SeriesErrorCode.ResolutionMismatch,
      );
      const misaligned = emptyBucket(CHECKOUT, T0 + 5_000);
      misaligned.requests = 1;
      await rejectsWith(
        store.write({ resolutionMs: S, buckets: [misaligned] }),
        SeriesErrorCode.ResolutionMismatch,
      );
      await rejectsWith(store.query({ subject: CHECKOUT, fromMs: 2, toMs: 1 }), SeriesErrorCode.InvalidQuery);
      await store.close();
      await store.close();
      await rejectsWith(store.subjects(), SeriesErrorCode.Closed);
      await rejectsWith(store.write({ resolutionMs: S, buckets: [] }), SeriesErrorCode.Closed);
    });
  });
}
