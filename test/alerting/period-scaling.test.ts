import { describe, expect, it } from 'vitest';
import { SRE_WORKBOOK_TIERS } from '../../alerting/burn-rate-rules.js';
import { scaleTier, scaleWindow } from '../../alerting/period-scaling.js';
import { type AlertRulesConfig, ruleSetsFor } from '../../alerting/rule-sets.js';
import { hasCode } from '../../core/faultline-error.js';
import { parseSloDocuments } from '../../pipeline/slo/load-slos.js';

const DAY = 1440;
const windows = (period: number) =>
  SRE_WORKBOOK_TIERS.map((t) => scaleTier(t, period)).map((t) => [
    t.severity,
    t.longWindowMinutes,
    t.shortWindowMinutes,
    t.factor,
  ]);

describe('the built-in tiers scaled with the period', () => {
  it('are the workbook windows at 30 days: pages 1h/5m and 6h/30m, tickets 1d/2h and 3d/6h', () => {
    expect(windows(30 * DAY)).toEqual([
      ['page', 60, 5, 14.4],
      ['page', 360, 30, 6],
      ['ticket', 1440, 120, 3],
      ['ticket', 4320, 360, 1],
    ]);
  });

  it('multiply every window by period / 30 days, in whole minutes, never under one', () => {
    expect(windows(DAY)).toEqual([
      ['page', 2, 1, 14.4],
      ['page', 12, 1, 6],
      ['ticket', 48, 4, 3],
      ['ticket', 144, 12, 1],
    ]);
    expect(windows(7 * DAY)).toEqual([
      ['page', 14, 1, 14.4],
      ['page', 84, 7, 6],
      ['ticket', 336, 28, 3],
      ['ticket', 1008, 84, 1],
    ]);
    expect(windows(28 * DAY).map((w) => w.slice(1, 3))).toEqual([
      [56, 5],
      [336, 28],
      [1344, 112],
      [4032, 336],
    ]);
    expect(scaleWindow(5, 60)).toBe(1);
  });

  it('keep the factors of the budget shares at every period, none under 1', () => {
    for (const period of [60, 1445, DAY, 7 * DAY, 28 * DAY, 90 * DAY]) {
      const factors = SRE_WORKBOOK_TIERS.map((t) => scaleTier(t, period).factor);
      expect(factors).toEqual([14.4, 6, 3, 1]);
    }
  });
});

const rules = (profiles: AlertRulesConfig['profiles']): AlertRulesConfig => ({
  default: 'custom',
  profiles,
  slos: {},
  minEvents: 10,
  noData: { enabled: false, after: 60, severity: 'ticket' },
  budgetExhausted: { enabled: false, severity: 'ticket' },
});
const daily = parseSloDocuments(
  'slos:\n  - { service: checkout, name: latency, objective: 99.5, period: 1d, sli: { availability: {} } }\n',
  'inline.yaml',
);

/** The problems of the error `ruleSetsFor` throws, or undefined when it does not. */
function refusal(profiles: AlertRulesConfig['profiles']): unknown {
  try {
    ruleSetsFor(daily, rules(profiles), '/etc/faultline.yaml');
  } catch (err) {
    return err;
  }
  return undefined;
}

describe('a configured tier that would page a healthy SLO', () => {
  it('is refused when its long window is not shorter than the period, naming the file and the field', () => {
    const err = refusal({ custom: [{ severity: 'page', longWindow: DAY, shortWindow: 60, factor: 2 }] });
    expect(hasCode(err, 'FL_ALERTING_TIER_UNSAFE')).toBe(true);
    expect((err as { problems: unknown }).problems).toEqual([
      expect.objectContaining({
        source: '/etc/faultline.yaml',
        path: 'alerting.rules.profiles.custom.0.longWindow',
      }),
    ]);
  });

  it('is refused when its budget share gives a factor not above 1 for the period', () => {
    // 10 % of a 1-day budget in 3 days: the workbook's 30-day ticket tier, unscaled (0.033x).
    const err = refusal({
      custom: [
        { severity: 'page', longWindow: 60, shortWindow: 5, budgetShare: 0.02 },
        { severity: 'ticket', longWindow: 720, shortWindow: 60, budgetShare: 0.1 },
      ],
    });
    expect(hasCode(err, 'FL_ALERTING_TIER_UNSAFE')).toBe(true);
    expect((err as { problems: Array<{ path: string }> }).problems.map((p) => p.path)).toEqual([
      'alerting.rules.profiles.custom.0.budgetShare',
      'alerting.rules.profiles.custom.1.budgetShare',
    ]);
  });

  it('is refused when its fixed factor is 1 or less', () => {
    const err = refusal({ custom: [{ severity: 'ticket', longWindow: 60, shortWindow: 5, factor: 1 }] });
    expect((err as { problems: Array<{ path: string }> }).problems.map((p) => p.path)).toEqual([
      'alerting.rules.profiles.custom.0.factor',
    ]);
  });

  it('is accepted when both hold', () => {
    expect(
      refusal({ custom: [{ severity: 'page', longWindow: 60, shortWindow: 5, factor: 1.5 }] }),
    ).toBeUndefined();
  });
});
