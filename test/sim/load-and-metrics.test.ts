import { describe, expect, it } from 'vitest';
import { DEFAULT_LOAD, diurnalRate } from '../../sim/load-shape.js';
import { simulate } from '../../sim/simulator.js';
import { collect, pointsOf, spansOf, T0 } from './sim-support.js';

describe('load shape', () => {
  it('follows the daily sine: the peak hour at rate x (1 + amplitude), 12 hours later the trough', () => {
    const shape = { ...DEFAULT_LOAD, rate: 4, amplitude: 0.5, peakHour: 15 };
    expect(diurnalRate(shape, T0 + 15 * 3_600_000)).toBeCloseTo(6, 9);
    expect(diurnalRate(shape, T0 + 3 * 3_600_000)).toBeCloseTo(2, 9);
    expect(diurnalRate(shape, T0 + 9 * 3_600_000)).toBeCloseTo(4, 9);
  });

  it('draws traces per step around the shape: a day averages the rate, afternoons are busier than nights', () => {
    const perHour = new Array<number>(24).fill(0);
    for (const step of simulate({ seed: 3, fromMs: T0, toMs: T0 + 86_400_000, load: { rate: 1 } })) {
      const hour = Math.floor((step.startMs - T0) / 3_600_000);
      perHour[hour] = (perHour[hour] ?? 0) + step.traces.length;
    }
    const total = perHour.reduce((a, b) => a + b, 0);
    expect(total / 86_400).toBeGreaterThan(0.9);
    expect(total / 86_400).toBeLessThan(1.1);
    expect(perHour[15] ?? 0).toBeGreaterThan(2 * (perHour[3] ?? 0));
  });

  it('spreads trace starts over each step in event time, in order', () => {
    for (const step of simulate({ seed: 4, fromMs: T0, toMs: T0 + 60_000, load: { rate: 20 } })) {
      const starts = step.traces.map((t) => t.startUs);
      expect(starts).toEqual([...starts].sort((a, b) => a - b));
      for (const us of starts) {
        expect(us).toBeGreaterThanOrEqual(step.startMs * 1000);
        expect(us).toBeLessThan(step.endMs * 1000);
      }
    }
  });

  it('with no load emits no spans but still every gauge', async () => {
    const { payloads, summary } = await collect({
      seed: 1,
      fromMs: T0,
      toMs: T0 + 30_000,
      load: { rate: 0 },
    });
    expect(summary.spans).toBe(0);
    expect(pointsOf(payloads).filter((p) => p.type === 'gauge')).toHaveLength(3 * 16 * 2);
  });
});

describe('metrics', () => {
  it('counts every served HTTP request in the cumulative counter and histogram of its service', async () => {
    const { payloads } = await collect({ seed: 8, fromMs: T0, toMs: T0 + 5 * 60_000, load: { rate: 5 } });
    const served = spansOf(payloads).filter((s) => s.kind === 'server');
    const points = pointsOf(payloads);
    const lastTime = BigInt(Math.max(...points.map((p) => Number(p.timeNs / 1_000_000n)))) * 1_000_000n;
    const last = points.filter((p) => p.timeNs === lastTime);
    for (const service of ['front-end', 'carts', 'payment']) {
      const count = served.filter((s) => s.service === service).length;
      const counter = last.filter((p) => p.service === service && p.name === 'http.server.request.count');
      const histogram = last.filter(
        (p) => p.service === service && p.name === 'http.server.request.duration',
      );
      expect(counter.every((p) => p.type === 'sum' && p.monotonic && p.temporality === 'cumulative')).toBe(
        true,
      );
      expect(counter.reduce((a, p) => a + (p.value ?? 0), 0)).toBe(count);
      expect(histogram.reduce((a, p) => a + (p.count ?? 0), 0)).toBe(count);
      for (const h of histogram) {
        expect(h.bucketCounts?.reduce((a, b) => a + b, 0)).toBe(h.count);
        expect(h.attributes['http.route']).toBeTypeOf('string');
        expect(h.unit).toBe('s');
      }
    }
    const mem = points.find((p) => p.name === 'process.memory.usage');
    expect(mem).toMatchObject({ type: 'gauge', unit: 'By' });
    expect(mem?.value).toBeGreaterThan(1_000_000);
  });

  it('reports per-step increments with delta temporality', async () => {
    const { payloads } = await collect({
      seed: 8,
      fromMs: T0,
      toMs: T0 + 5 * 60_000,
      load: { rate: 5 },
      temporality: 'delta',
    });
    const served = spansOf(payloads).filter((s) => s.kind === 'server' && s.service === 'front-end').length;
    const counter = pointsOf(payloads).filter(
      (p) => p.service === 'front-end' && p.name === 'http.server.request.count',
    );
    expect(counter.every((p) => p.temporality === 'delta')).toBe(true);
    expect(counter.reduce((a, p) => a + (p.value ?? 0), 0)).toBe(served);
  });
});
