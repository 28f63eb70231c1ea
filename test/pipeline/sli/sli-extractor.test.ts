import { describe, expect, it } from 'vitest';
import { SliExtractor, type SloCounts } from '../../../pipeline/sli/sli-extractor.js';
import type { Sli, Slo } from '../../../pipeline/slo/slo.js';
import { counter, span } from '../../support/records.js';

const T = 1_763_000_040_000; // ms, a minute boundary + 40 s
const M = Math.floor(T / 60_000);

function slo(id: string, service: string, sli: Sli): Slo {
  return {
    id,
    service,
    name: id,
    objective: 0.99,
    periodMinutes: 30 * 1440,
    sli,
    labels: {},
    origin: { file: 't', format: 'native' },
  };
}

const anySpans = { operations: [], attributes: {} };
const at = (counts: SloCounts, id: string, minute = M) => counts.get(id)?.get(minute);

describe('SliExtractor', () => {
  it('availability: error status, HTTP 5xx and RPC server errors are bad; client errors and client spans do not count', () => {
    const x = new SliExtractor([slo('a', 'checkout', { kind: 'availability', spans: anySpans })], 0n);
    const out: SloCounts = new Map();
    x.addSpans(
      [
        span('checkout', T),
        span('checkout', T, { status: 'error' }),
        span('checkout', T, { httpStatus: 503 }),
        span('checkout', T, { httpStatus: 404 }),
        span('checkout', T, { rpcStatus: 14 }),
        span('checkout', T, { rpcStatus: 5 }),
        span('checkout', T, { kind: 'consumer' }),
        span('checkout', T, { kind: 'client', status: 'error' }),
        span('payment', T, { status: 'error' }),
      ],
      out,
    );
    expect(at(out, 'a')).toEqual({ good: 4, total: 7 });
  });

  it('latency: good when the duration is within the threshold; operation and attribute filters select spans', () => {
    const x = new SliExtractor(
      [
        slo('l', 'checkout', {
          kind: 'latency',
          thresholdMs: 100,
          spans: { operations: ['POST /pay'], attributes: { 'http.route': '/pay' } },
        }),
      ],
      0n,
    );
    const out: SloCounts = new Map();
    const pay = { name: 'POST /pay', attributes: { 'http.route': '/pay' } };
    x.addSpans(
      [
        span('checkout', T, { ...pay, startNs: BigInt(T - 50) * 1_000_000n }),
        span('checkout', T, { ...pay, startNs: BigInt(T - 100) * 1_000_000n }),
        span('checkout', T, { ...pay, startNs: BigInt(T - 101) * 1_000_000n }),
        span('checkout', T, { name: 'GET /', attributes: { 'http.route': '/pay' } }),
        span('checkout', T, { name: 'POST /pay', attributes: { 'http.route': '/other' } }),
        span('checkout', T, { name: 'POST /pay' }),
      ],
      out,
    );
    expect(at(out, 'l')).toEqual({ good: 2, total: 3 });
  });

  it('counts a span in the minute of its end time', () => {
    const x = new SliExtractor([slo('a', 'checkout', { kind: 'availability', spans: anySpans })], 0n);
    const out: SloCounts = new Map();
    x.addSpans([span('checkout', T), span('checkout', T + 60_000), span('checkout', T + 60_000)], out);
    expect(at(out, 'a', M)).toEqual({ good: 1, total: 1 });
    expect(at(out, 'a', M + 1)).toEqual({ good: 2, total: 2 });
  });

  it('metric ratio from cumulative counters: baseline first, then increments, and a reset counts from zero', () => {
    const x = new SliExtractor(
      [
        slo('r', 'api', {
          kind: 'metric-ratio',
          good: { name: 'requests', attributes: { outcome: 'ok' } },
          total: { name: 'requests', attributes: {} },
        }),
      ],
      0n,
    );
    const out: SloCounts = new Map();
    const ok = { attributes: { outcome: 'ok' } };
    const failed = { attributes: { outcome: 'error' } };
    // `total` selects every series of the metric, so ok points count as good and in total.
    x.addMetrics(
      [
        counter('api', 'requests', T, 100, ok),
        counter('api', 'requests', T, 10, failed),
        counter('api', 'requests', T + 60_000, 190, ok),
        counter('api', 'requests', T + 60_000, 20, failed),
        counter('api', 'requests', T + 120_000, 5, { ...ok, startNs: 99_000_000_000n }),
      ],
      out,
    );
    expect(at(out, 'r', M)).toBeUndefined();
    expect(at(out, 'r', M + 1)).toEqual({ good: 90, total: 100 });
    expect(at(out, 'r', M + 2)).toEqual({ good: 5, total: 5 });
  });

  it('metric ratio from delta counters with good and bad', () => {
    const x = new SliExtractor(
      [
        slo('r', 'api', {
          kind: 'metric-ratio',
          good: { name: 'ok', attributes: {} },
          bad: { name: 'failed', attributes: {} },
        }),
      ],
      0n,
    );
    const out: SloCounts = new Map();
    x.addMetrics(
      [
        counter('api', 'ok', T, 40, { temporality: 'delta' }),
        counter('api', 'failed', T, 2, { temporality: 'delta' }),
        counter('api', 'ok', T, 10, { temporality: 'delta' }),
      ],
      out,
    );
    expect(at(out, 'r')).toEqual({ good: 50, total: 52 });
  });

  it('metric ratio: a point matching both bad and total counts in both (regression: it counted in one)', () => {
    const x = new SliExtractor(
      [
        slo('r', 'api', {
          kind: 'metric-ratio',
          bad: { name: 'attempts', attributes: { outcome: 'error' } },
          total: { name: 'attempts', attributes: {} },
        }),
      ],
      0n,
    );
    const out: SloCounts = new Map();
    x.addMetrics(
      [
        counter('api', 'attempts', T, 90, { temporality: 'delta', attributes: { outcome: 'ok' } }),
        counter('api', 'attempts', T, 10, { temporality: 'delta', attributes: { outcome: 'error' } }),
      ],
      out,
    );
    expect(at(out, 'r')).toEqual({ good: 90, total: 100 });
  });

  it('metric threshold: buckets up to the bound are good, the histogram count is total', () => {
    const x = new SliExtractor(
      [
        slo('h', 'api', {
          kind: 'metric-threshold',
          histogram: { name: 'dur', attributes: {} },
          thresholdBound: 0.25,
        }),
      ],
      0n,
    );
    const out: SloCounts = new Map();
    const hist = (timeMs: number, counts: number[]) =>
      counter('api', 'dur', timeMs, 0, {
        type: 'histogram',
        temporality: 'delta',
        count: counts.reduce((a, b) => a + b, 0),
        explicitBounds: [0.1, 0.25, 1],
        bucketCounts: counts,
      });
    x.addMetrics([hist(T, [5, 3, 1, 1]), hist(T, [1, 0, 0, 2])], out);
    expect(at(out, 'r')).toBeUndefined();
    expect(at(out, 'h')).toEqual({ good: 9, total: 13 });
  });
});
