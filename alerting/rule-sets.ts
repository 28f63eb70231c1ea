import { ConfigError, type ConfigProblem } from '../config/errors.js';
import type { Slo } from '../pipeline/slo/slo.js';
import type { Severity } from './alert.js';
import {
  type BurnRateTier,
  type BurnRateTierSpec,
  resolveTiers,
  SRE_WORKBOOK_PROFILE,
  SRE_WORKBOOK_TIERS,
} from './burn-rate-rules.js';
import { AlertingError, AlertingErrorCode } from './errors.js';
import { scaleTier } from './period-scaling.js';
import { tierProblems } from './tier-safety.js';

/** Everything faultline alerts on for one SLO. */
export interface AlertRuleSet {
  /** Burn-rate tiers, factors resolved for the SLO's period, in the configured order. */
  tiers: BurnRateTier[];
  /** Alert when the SLO has had no events for this long; absent when disabled. */
  noData?: { windowMinutes: number; severity: Severity };
  /** Alert when the period's error budget is spent; absent when disabled. */
  budgetExhausted?: { severity: Severity };
}

/** One tier as the configuration spells it (`alerting.rules.profiles.<name>[]`), windows in minutes. */
export interface TierConfig {
  severity: Severity;
  longWindow: number;
  shortWindow: number;
  budgetShare?: number | undefined;
  factor?: number | undefined;
  minEvents?: number | undefined;
}

/** The shape of `alerting.rules` once validated. */
export interface AlertRulesConfig {
  /** The profile for SLOs not named in `slos`. */
  default: string;
  /** Named tier lists; `sre-workbook` is built in (and may be redefined). */
  profiles: Record<string, readonly TierConfig[]>;
  /** SLO id (`service/name`) to profile name. */
  slos: Record<string, string>;
  minEvents: number;
  noData: { enabled: boolean; after: number; severity: Severity };
  budgetExhausted: { enabled: boolean; severity: Severity };
}

const toSpec = (t: TierConfig): BurnRateTierSpec => ({
  severity: t.severity,
  longWindowMinutes: t.longWindow,
  shortWindowMinutes: t.shortWindow,
  ...(t.budgetShare === undefined ? {} : { budgetShare: t.budgetShare }),
  ...(t.factor === undefined ? {} : { factor: t.factor }),
  ...(t.minEvents === undefined ? {} : { minEvents: t.minEvents }),
});

/** A profile's tiers for one SLO period: the built-in one scaled from 30 days, configured ones as given. */
type Profile = (periodMinutes: number) => readonly BurnRateTierSpec[];

/**
 * The rule set of every SLO, by id. Throws `FL_ALERTING_RULES_INVALID` when the config names
 * an SLO that is not loaded or a profile that does not exist, and `FL_ALERTING_TIER_UNSAFE`
 * (a ConfigError naming `source`, the field and why) when a configured tier used by an SLO
 * has a long window not shorter than its period or a factor not above 1.
 */
export function ruleSetsFor(
  slos: readonly Slo[],
  config: AlertRulesConfig,
  source = '(config)',
): Map<string, AlertRuleSet> {
  const profiles = new Map<string, Profile>([
    [SRE_WORKBOOK_PROFILE, (period) => SRE_WORKBOOK_TIERS.map((t) => scaleTier(t, period))],
  ]);
  for (const [name, tiers] of Object.entries(config.profiles)) {
    const specs = tiers.map(toSpec);
    profiles.set(name, () => specs);
  }

  const problems: string[] = [];
  const known = new Set(slos.map((s) => s.id));
  for (const [id, profile] of Object.entries(config.slos)) {
    if (!known.has(id)) problems.push(`alerting.rules.slos: no SLO '${id}' is loaded`);
    if (!profiles.has(profile)) problems.push(`alerting.rules.slos.${id}: no profile '${profile}'`);
  }
  if (!profiles.has(config.default)) problems.push(`alerting.rules.default: no profile '${config.default}'`);
  if (problems.length > 0) {
    throw new AlertingError(
      AlertingErrorCode.RulesInvalid,
      `invalid alerting rules\n${problems.join('\n')}`,
      {
        problems,
      },
    );
  }

  const sets = new Map<string, AlertRuleSet>();
  const unsafe: ConfigProblem[] = [];
  for (const slo of slos) {
    const name = config.slos[slo.id] ?? config.default;
    const tiers = resolveTiers(
      profiles.get(name)?.(slo.periodMinutes) ?? [],
      slo.periodMinutes,
      config.minEvents,
    );
    const configured = config.profiles[name];
    configured?.forEach((t, i) => {
      const path = `alerting.rules.profiles.${name}.${i}`;
      const context = {
        sloId: slo.id,
        periodMinutes: slo.periodMinutes,
        path,
        fixedFactor: t.factor !== undefined,
      };
      unsafe.push(...tierProblems(tiers[i]!, context, source));
    });
    sets.set(slo.id, {
      tiers,
      ...(config.noData.enabled
        ? { noData: { windowMinutes: config.noData.after, severity: config.noData.severity } }
        : {}),
      ...(config.budgetExhausted.enabled
        ? { budgetExhausted: { severity: config.budgetExhausted.severity } }
        : {}),
    });
  }
  if (unsafe.length > 0) throw new ConfigError(AlertingErrorCode.TierUnsafe, unsafe);
  return sets;
}

/** Every window length the rule sets read, ascending: what the evaluator asks the store for. */
export function ruleWindows(sets: Iterable<AlertRuleSet>, extra: readonly number[] = []): number[] {
  const windows = new Set(extra);
  for (const set of sets) {
    for (const t of set.tiers) {
      windows.add(t.longWindowMinutes);
      windows.add(t.shortWindowMinutes);
    }
    if (set.noData) windows.add(set.noData.windowMinutes);
  }
  return [...windows].sort((a, b) => a - b);
}
