import { describe, expect, it } from 'vitest';
import { configSchema } from '../../config/schema.js';
import { baroScale } from '../../correlate/anomaly-score.js';
import { rankCalibrated } from '../../correlate/calibrated-rank.js';
import { CorrelateErrorCode } from '../../correlate/errors.js';
import { DEFAULT_RANKER } from '../../correlate/options.js';
import { rankRootCauses } from '../../correlate/rank.js';
import { twoEqualCallees } from './synthetic.js';

const T = Date.UTC(2024, 0, 1, 12);
const INPUT = twoEqualCallees(T);

describe('the ranker option', () => {
  it('runs DEFAULT_RANKER when none is named', () => {
    expect(rankRootCauses(INPUT)).toEqual(rankRootCauses(INPUT, { ranker: DEFAULT_RANKER }));
  });

  it('runs each ranker when asked', () => {
    expect(rankRootCauses(INPUT, { ranker: 'calibrated' })).toEqual(rankCalibrated(INPUT));
    expect(rankRootCauses(INPUT, { ranker: 'classic' }).candidates).not.toEqual(
      rankCalibrated(INPUT).candidates,
    );
  });

  it('keeps the classic ranking unchanged by received alerts (only the calibrated ranker reads them)', () => {
    const alerts = [{ node: 'a', startsAtMs: T + 60_000 }];
    expect(rankRootCauses({ ...INPUT, alerts }, { ranker: 'classic' })).toEqual(
      rankRootCauses(INPUT, { ranker: 'classic' }),
    );
    expect(rankRootCauses({ ...INPUT, alerts }, { ranker: 'calibrated' }).candidates[0]?.node).toBe('a');
  });

  it('rejects an unknown ranker with FL_CORRELATE_INVALID_INPUT', () => {
    const bad = { ranker: 'bogus' } as unknown as { ranker: 'classic' };
    expect(() => rankRootCauses(INPUT, bad)).toThrow(
      expect.objectContaining({ code: CorrelateErrorCode.InvalidInput }),
    );
  });

  it("is rootCause.ranker in the config, correlate's default unless set", () => {
    expect(configSchema.parse({}).rootCause.ranker).toBe(DEFAULT_RANKER);
    expect(configSchema.parse({ rootCause: { ranker: 'classic' } }).rootCause.ranker).toBe('classic');
    expect(configSchema.safeParse({ rootCause: { ranker: 'bogus' } }).success).toBe(false);
  });
});

describe('baroScale (the BARO baseline of rca-eval)', () => {
  it('is the median and the raw interquartile range', () => {
    const s = baroScale([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(s.centre).toBe(5);
    expect(s.spread).toBe(4);
  });

  it('uses a spread of 1 when the IQR is 0, as a robust scaler does', () => {
    expect(baroScale([500e6, 500e6, 500e6, 500e6]).spread).toBe(1);
  });
});
