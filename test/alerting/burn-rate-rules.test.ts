import { describe, expect, it } from 'vitest';
import {
  burnRateFactor,
  resolveTiers,
  SRE_WORKBOOK_TIERS,
  tierFires,
} from '../../alerting/burn-rate-rules.js';
import { type AlertRulesConfig, ruleSetsFor, ruleWindows } from '../../alerting/rule-sets.js';
import { hasCode } from '../../core/faultline-error.js';
import { parseSloDocuments } from '../../pipeline/slo/load-slos.js';

const DAY = 1440;

const rulesConfig = (over: Partial<AlertRulesConfig> = {}): AlertRulesConfig => ({
  default: 'sre-workbook',
  profiles: {},
  slos: {},
  minEvents: 10,
  noData: { enabled: true, after: 60, severity: 'ticket' },
  budgetExhausted: { enabled: true, severity: 'ticket' },
  ...over,
});

const slos = parseSloDocuments(
  `slos:
  - { service: checkout, name: availability, objective: 99.9, period: 30d, sli: { availability: {} } }
  - { service: cart, name: availability, objective: 99, period: 28d, sli: { availability: {} } }
`,
  'inline.yaml',
);

describe('burn-rate factors', () => {
  it('are the SRE workbook thresholds for a 30-day period: 14.4, 6, 3, 1', () => {
    expect(resolveTiers(SRE_WORKBOOK_TIERS, 30 * DAY).map((t) => t.factor)).toEqual([14.4, 6, 3, 1]);
  });

  it('are budget share x period / long window', () => {
    expect(burnRateFactor(0.02, 30 * DAY, 60)).toBe(14.4);
    expect(burnRateFactor(0.05, 7 * DAY, 360)).toBe(1.4);
    expect(burnRateFactor(0.1, 90 * DAY, 4320)).toBe(3);
  });

  it('keep the workbook severities and windows: page 1h/5m and 6h/30m, ticket 1d/2h and 3d/6h', () => {
    expect(resolveTiers(SRE_WORKBOOK_TIERS, 30 * DAY)).toEqual([
      { severity: 'page', longWindowMinutes: 60, shortWindowMinutes: 5, factor: 14.4, minEvents: 10 },
      { severity: 'page', longWindowMinutes: 360, shortWindowMinutes: 30, factor: 6, minEvents: 10 },
      { severity: 'ticket', longWindowMinutes: 1440, shortWindowMinutes: 120, factor: 3, minEvents: 10 },
      { severity: 'ticket', longWindowMinutes: 4320, shortWindowMinutes: 360, factor: 1, minEvents: 10 },
    ]);
  });

  it('take a fixed factor over a budget share, and a per-tier minimum event count', () => {
    const [t] = resolveTiers(
      [{ severity: 'page', longWindowMinutes: 60, shortWindowMinutes: 5, factor: 10, minEvents: 100 }],
      30 * DAY,
    );
    expect(t).toMatchObject({ factor: 10, minEvents: 100 });
  });
});

describe('a tier fires', () => {
  const [page] = resolveTiers(SRE_WORKBOOK_TIERS, 30 * DAY);
  const tier = page!;

  it('when both windows burn strictly faster than the factor', () => {
    expect(tierFires(tier, { total: 1000, burnRate: 15 }, { total: 100, burnRate: 20 })).toBe(true);
    expect(tierFires(tier, { total: 1000, burnRate: 14.4 }, { total: 100, burnRate: 20 })).toBe(false);
    expect(tierFires(tier, { total: 1000, burnRate: 20 }, { total: 100, burnRate: 2 })).toBe(false);
  });

  it('not below the minimum event count in the long window (low traffic does not page)', () => {
    expect(tierFires(tier, { total: 9, burnRate: 1000 }, { total: 9, burnRate: 1000 })).toBe(false);
    expect(tierFires(tier, { total: 10, burnRate: 1000 }, { total: 9, burnRate: 1000 })).toBe(true);
  });

  it('not without events in the short window', () => {
    expect(tierFires(tier, { total: 1000, burnRate: 50 }, { total: 0, burnRate: null })).toBe(false);
  });
});

describe('rule sets', () => {
  it('give each SLO the default profile with factors for its own period', () => {
    const sets = ruleSetsFor(slos, rulesConfig());
    expect(sets.get('checkout/availability')?.tiers.map((t) => t.factor)).toEqual([14.4, 6, 3, 1]);
    // The built-in profile scales its windows with the period: 1h at 30 days is 56m at 28.
    expect(sets.get('cart/availability')?.tiers[0]).toMatchObject({ longWindowMinutes: 56, factor: 14.4 });
    expect(sets.get('cart/availability')?.noData).toEqual({ windowMinutes: 60, severity: 'ticket' });
    expect(sets.get('cart/availability')?.budgetExhausted).toEqual({ severity: 'ticket' });
  });

  it('give an SLO the profile configured for it', () => {
    const sets = ruleSetsFor(
      slos,
      rulesConfig({
        profiles: { fast: [{ severity: 'page', longWindow: 30, shortWindow: 2, budgetShare: 0.01 }] },
        slos: { 'cart/availability': 'fast' },
        noData: { enabled: false, after: 60, severity: 'ticket' },
      }),
    );
    expect(sets.get('cart/availability')?.tiers).toEqual([
      { severity: 'page', longWindowMinutes: 30, shortWindowMinutes: 2, factor: 13.44, minEvents: 10 },
    ]);
    expect(sets.get('cart/availability')?.noData).toBeUndefined();
    expect(sets.get('checkout/availability')?.tiers).toHaveLength(4);
  });

  it('refuse an unknown SLO or profile with FL_ALERTING_RULES_INVALID', () => {
    let caught: unknown;
    try {
      ruleSetsFor(
        slos,
        rulesConfig({ slos: { 'nope/availability': 'sre-workbook', 'cart/availability': 'x' } }),
      );
    } catch (err) {
      caught = err;
    }
    expect(hasCode(caught, 'FL_ALERTING_RULES_INVALID')).toBe(true);
  });

  it('list every window the rules read, ascending', () => {
    // checkout (30d) reads the workbook's windows, cart (28d) the same scaled by 28/30.
    expect(ruleWindows(ruleSetsFor(slos, rulesConfig()).values(), [5, 15])).toEqual([
      5, 15, 28, 30, 56, 60, 112, 120, 336, 360, 1344, 1440, 4032, 4320,
    ]);
  });
});
