import { describe, expect, it } from 'vitest';
import { DEFAULT_HISTORY, historyPhases } from '../../cli/demo/demo-history.js';

const LIVE = Date.UTC(2026, 0, 5, 12);

describe('the demo history plan', () => {
  it('covers days, sampled and without metrics before the full-rate part, which reaches live time', () => {
    const phases = historyPhases(LIVE, DEFAULT_HISTORY, 10_000);
    expect(phases).toHaveLength(2);
    const [old, recent] = phases;
    expect(LIVE - (old?.fromMs ?? LIVE)).toBeGreaterThanOrEqual(3 * 86_400_000);
    expect(old?.sampleOneIn).toBeGreaterThan(1);
    expect(old?.metrics).toBe(false);
    expect(old?.toMs).toBe(recent?.fromMs);
    // the root-cause lookback (an hour before a fault that began 8 minutes ago) is unsampled
    expect(LIVE - (recent?.fromMs ?? LIVE)).toBeGreaterThanOrEqual(68 * 60_000);
    expect(recent).toMatchObject({ toMs: LIVE, sampleOneIn: 1, metrics: true, stepMs: 10_000 });
  });

  it('is one full-rate phase when the history is no longer than the full-rate part', () => {
    const phases = historyPhases(LIVE, { ...DEFAULT_HISTORY, historyMs: 3_600_000 }, 10_000);
    expect(phases).toEqual([
      { fromMs: LIVE - 3_600_000, toMs: LIVE, stepMs: 10_000, sampleOneIn: 1, metrics: true },
    ]);
  });
});
