import { describe, expect, it } from 'vitest';
import { hasCode } from '../../core/faultline-error.js';
import { SimErrorCode } from '../../sim/errors.js';
import { samplingTraceState } from '../../sim/sampling.js';
import { simulate } from '../../sim/simulator.js';
import { collect, pointsOf, spansOf, T0 } from './sim-support.js';

const HOURS_2 = { fromMs: T0 + 13 * 3_600_000, toMs: T0 + 15 * 3_600_000 };

/** Sum of the last cumulative value of each `http.server.request.count` series. */
function requestCount(points: ReturnType<typeof pointsOf>): number {
  const last = new Map<string, number>();
  for (const p of points) {
    if (p.name !== 'http.server.request.count') continue;
    last.set(`${p.service}${JSON.stringify(p.attributes)}`, p.value ?? 0);
  }
  return [...last.values()].reduce((a, b) => a + b, 0);
}

describe('simulator sampling (sampleOneIn)', () => {
  it('writes the OTEP 235 threshold whose adjusted count is n', () => {
    expect(samplingTraceState(1)).toBeUndefined();
    expect(samplingTraceState(16)).toBe('ot=th:f');
    expect(samplingTraceState(64)).toBe('ot=th:fc');
    expect(samplingTraceState(2)).toBe('ot=th:8');
  });

  it('keeps about one trace in n, each span decoding to an adjusted count of n, while the metrics count every request', async () => {
    const full = await collect({ seed: 5, ...HOURS_2 });
    const sampled = await collect({ seed: 5, ...HOURS_2, sampleOneIn: 16 });
    const fullSpans = spansOf(full.payloads);
    const sampledSpans = spansOf(sampled.payloads);
    expect(sampled.summary.traces / full.summary.traces).toBeGreaterThan(1 / 16 / 1.25);
    expect(sampled.summary.traces / full.summary.traces).toBeLessThan((1 / 16) * 1.25);
    expect(fullSpans.every((s) => s.adjustedCount === undefined)).toBe(true);
    expect(sampledSpans.every((s) => s.adjustedCount === 16)).toBe(true);
    // the SDK's counters see every request, sampled or not: the same volume within noise
    const ratio = requestCount(pointsOf(sampled.payloads)) / requestCount(pointsOf(full.payloads));
    expect(ratio).toBeGreaterThan(0.8);
    expect(ratio).toBeLessThan(1.25);
  }, 90_000);

  it('scales the gauges by the weight, so CPU reads the same sampled or not', () => {
    const cpu = (sampleOneIn: number) => {
      let sum = 0;
      let n = 0;
      for (const step of simulate({ seed: 9, ...HOURS_2, sampleOneIn })) {
        for (const g of step.gauges) {
          if (g.node !== 'front-end') continue;
          sum += g.cpu;
          n++;
        }
      }
      return sum / n;
    };
    expect(cpu(16) / cpu(1)).toBeGreaterThan(0.9);
    expect(cpu(16) / cpu(1)).toBeLessThan(1.1);
  }, 60_000);

  it('refuses a sampleOneIn that is not a whole number of at least 1', () => {
    for (const sampleOneIn of [0, 1.5, -4]) {
      let error: unknown;
      try {
        [...simulate({ seed: 1, ...HOURS_2, sampleOneIn })];
      } catch (err) {
        error = err;
      }
      expect(hasCode(error, SimErrorCode.Invalid), String(sampleOneIn)).toBe(true);
    }
  });
});
