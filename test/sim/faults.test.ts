import { describe, expect, it } from 'vitest';
import { hasCode } from '../../core/faultline-error.js';
import { faultSpec, parseFault } from '../../sim/faults.js';
import { resolveSimulation } from '../../sim/simulator.js';
import { collect, errorShare, ms, percentile, pointsOf, servedBy, spansOf, T0 } from './sim-support.js';

const START = T0 + 5 * 60_000;
const END = T0 + 10 * 60_000;
const base = { seed: 11, fromMs: T0, toMs: T0 + 15 * 60_000, load: { rate: 8 } };

async function run(spec: string) {
  const { payloads, summary } = await collect({ ...base, faults: [parseFault(spec, T0)] });
  return { spans: spansOf(payloads), points: pointsOf(payloads), summary };
}

const p50 = (xs: Parameters<typeof ms>[0][]) => percentile(xs.map(ms), 0.5);

describe('fault effects', () => {
  it('latency: slows the target and, through it, its callers, and nothing else', async () => {
    const { spans, summary } = await run('latency:carts:+300ms@+5m/5m');
    expect(summary.groundTruth).toEqual([
      expect.objectContaining({
        type: 'latency',
        target: 'carts',
        magnitude: 300,
        startUnix: START / 1000,
        endUnix: END / 1000,
      }),
    ]);
    const carts = servedBy(spans, 'carts', START, END);
    expect(p50(carts.inside) - p50(carts.outside)).toBeGreaterThan(250);
    const cartPage = spans.filter(
      (s) => s.attributes?.['http.route'] === '/cart' && s.service === 'front-end',
    );
    const inside = cartPage.filter(
      (s) => Number(s.startNs / 1_000_000n) >= START && Number(s.startNs / 1_000_000n) < END - 1000,
    );
    const outside = cartPage.filter((s) => Number(s.startNs / 1_000_000n) < START);
    expect(p50(inside) - p50(outside)).toBeGreaterThan(250);
    const orders = servedBy(spans, 'orders', START, END);
    expect(p50(orders.inside) - p50(orders.outside)).toBeGreaterThan(250);
    const catalogue = servedBy(spans, 'catalogue', START, END);
    expect(Math.abs(p50(catalogue.inside) - p50(catalogue.outside))).toBeLessThan(2);
  });

  it('error: fails about that share of the target operations, and its callers with it', async () => {
    const { spans } = await run('error:payment:50%@+5m/5m');
    const payment = servedBy(spans, 'payment', START, END);
    expect(errorShare(payment.inside)).toBeGreaterThan(0.35);
    expect(errorShare(payment.inside)).toBeLessThan(0.65);
    expect(errorShare(payment.outside)).toBeLessThan(0.02);
    const orders = servedBy(spans, 'orders', START, END);
    expect(errorShare(orders.inside)).toBeGreaterThan(0.3);
    const failed = payment.inside.find((s) => s.status === 'error');
    expect(failed?.httpStatus).toBe(500);
  });

  it('cpu: raises the CPU gauge of the target and slows it down', async () => {
    const { spans, points } = await run('cpu:catalogue:95%@+5m/5m');
    const cpu = points.filter((p) => p.service === 'catalogue' && p.name === 'process.cpu.utilization');
    expect(cpu.length).toBe(90);
    const t = (p: (typeof cpu)[number]) => Number(p.timeNs / 1_000_000n);
    const during = cpu.filter((p) => t(p) > START && t(p) <= END).map((p) => p.value ?? 0);
    const before = cpu.filter((p) => t(p) <= START).map((p) => p.value ?? 0);
    expect(Math.min(...during)).toBeGreaterThan(0.9);
    expect(Math.max(...before)).toBeLessThan(0.5);
    const catalogue = servedBy(spans, 'catalogue', START, END);
    expect(percentile(catalogue.inside.map(ms), 0.99)).toBeGreaterThan(
      2 * percentile(catalogue.outside.map(ms), 0.99),
    );
    const other = points.filter((p) => p.service === 'carts' && p.name === 'process.cpu.utilization');
    expect(Math.max(...other.map((p) => p.value ?? 0))).toBeLessThan(0.5);
  });

  it('outage (fail): calls to the target fail fast and the target reports no metrics', async () => {
    const { spans, points } = await run('outage:carts-db@+5m/5m');
    const calls = spans.filter((s) => s.serverAddress === 'carts-db');
    const during = calls.filter(
      (s) => s.startNs >= BigInt(START) * 1_000_000n && s.startNs < BigInt(END) * 1_000_000n,
    );
    expect(during.length).toBeGreaterThan(20);
    expect(
      during.every((s) => s.status === 'error' && s.attributes?.['error.type'] === 'connection_refused'),
    ).toBe(true);
    expect(Math.max(...during.map(ms))).toBeLessThan(50);
    expect(errorShare(calls.filter((s) => !during.includes(s)))).toBe(0);
    const carts = servedBy(spans, 'carts', START, END);
    expect(errorShare(carts.inside)).toBeGreaterThan(0.5);
    const gauges = points.filter((p) => p.service === 'carts-db' && p.name === 'process.cpu.utilization');
    expect(gauges).toHaveLength(90 - 30);
  });

  it('outage (timeout): calls to the target hang until the client timeout', async () => {
    const { spans } = await run('outage:user:timeout@+5m/5m');
    const calls = spans.filter((s) => s.serverAddress === 'user' && s.kind === 'client');
    const during = calls.filter(
      (s) => s.startNs >= BigInt(START) * 1_000_000n && s.startNs < BigInt(END) * 1_000_000n,
    );
    expect(during.length).toBeGreaterThan(5);
    for (const s of during) {
      expect(ms(s)).toBeCloseTo(3000, 0);
      expect(s.attributes?.['error.type']).toBe('timeout');
    }
    expect(servedBy(spans, 'user', START, END).inside).toHaveLength(0);
  });
});

describe('fault specs', () => {
  it('parses every type, magnitude and time form', () => {
    expect(parseFault('latency:carts:+300ms@+2h/15m', T0)).toEqual({
      type: 'latency',
      target: 'carts',
      magnitude: 300,
      startMs: T0 + 7_200_000,
      endMs: T0 + 8_100_000,
    });
    expect(parseFault('error:payment:30%@2025-01-06T14:00:00Z/10m', T0)).toMatchObject({
      magnitude: 0.3,
      startMs: Date.UTC(2025, 0, 6, 14),
    });
    expect(parseFault('error:payment:0.25@1736172000/1m', T0)).toMatchObject({
      magnitude: 0.25,
      startMs: 1736172000_000,
    });
    expect(parseFault('cpu:catalogue@+0s/1m', T0)).toMatchObject({ magnitude: 0.95 });
    expect(parseFault('outage:carts-db@now-10m/5m', T0, T0 + 3_600_000)).toMatchObject({
      mode: 'fail',
      startMs: T0 + 3_000_000,
    });
    expect(parseFault('outage:user-db:timeout@+1m/1m', T0).mode).toBe('timeout');
  });

  it('round-trips through its spec with absolute times', () => {
    for (const spec of [
      'latency:carts:+300ms@+2h/15m',
      'error:payment:30%@+1h/1m',
      'cpu:user:92%@+0s/1h',
      'outage:rabbitmq:timeout@+5m/30s',
    ]) {
      const f = parseFault(spec, T0);
      expect(parseFault(faultSpec(f), 0)).toEqual(f);
    }
  });

  it('rejects bad specs and unknown targets with FL_SIM_INVALID', () => {
    for (const bad of [
      'latency:carts@+1m/1m',
      'error:payment:150%@+1m/1m',
      'boom:carts@+1m/1m',
      'outage:x:maybe@+1m/1m',
      'cpu:x:0.9@soon/1m',
      'latency:carts:+1ms@+1m/forever',
    ]) {
      expect(() => parseFault(bad, T0), bad).toThrow(expect.objectContaining({ code: 'FL_SIM_INVALID' }));
    }
    const unknown = parseFault('latency:nowhere:+1ms@+1m/1m', T0);
    let caught: unknown;
    try {
      resolveSimulation({ seed: 1, fromMs: T0, toMs: T0 + 60_000, faults: [unknown] });
    } catch (err) {
      caught = err;
    }
    expect(hasCode(caught, 'FL_SIM_INVALID')).toBe(true);
  });
});
