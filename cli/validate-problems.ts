import { SRE_WORKBOOK_PROFILE } from '../alerting/burn-rate-rules.js';
import type { AlertRulesConfig } from '../alerting/rule-sets.js';
import { type AlertRuleSet, ruleSetsFor } from '../alerting/rule-sets.js';
import { type UnsafeTierReason, unsafeTierReasons } from '../alerting/unsafe-tier.js';
import { ConfigError } from '../config/errors.js';
import { loadConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { formatDuration } from '../core/duration.js';
import { FaultlineError } from '../core/faultline-error.js';
import { SloSpecError } from '../pipeline/slo/errors.js';
import { loadSloFiles } from '../pipeline/slo/load-slos.js';
import type { Slo } from '../pipeline/slo/slo.js';

/** One problem `faultline validate` reports: where, which field, and what was expected there. */
export interface ValidationProblem {
  /** The file (or environment variable) that holds the bad value. */
  source: string;
  /** The field: a dotted config path, or `<slo id>: <path>` in an SLO file; '' for the whole file. */
  field: string;
  expected: string;
}

export interface ValidationInput {
  /** The config file; none means embedded defaults. */
  configFile?: string;
  /** SLO spec files; when empty, those the config names. */
  sloFiles: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
}

export interface ValidationResult {
  problems: ValidationProblem[];
  /** How many SLOs and files were read (0 when the config itself is invalid). */
  slos: number;
  files: number;
}

/**
 * Everything `faultline serve` would refuse at start-up, without starting anything: the
 * config, the SLO files, `alerting.rules` against the loaded SLOs, and every burn-rate tier
 * that is unsafe for the period of an SLO it applies to.
 */
export function findProblems(input: ValidationInput): ValidationResult {
  const configSource = input.configFile ?? '(defaults)';
  let config: Config;
  try {
    config = loadConfig({
      ...(input.configFile === undefined ? {} : { file: input.configFile }),
      env: input.env,
    });
  } catch (err) {
    if (err instanceof ConfigError) {
      return {
        problems: err.problems.map((p) => ({ source: p.source, field: p.path, expected: p.expected })),
        slos: 0,
        files: 0,
      };
    }
    throw err;
  }
  const files = input.sloFiles.length > 0 ? [...input.sloFiles] : config.slos.files;
  let slos: Slo[];
  try {
    slos = loadSloFiles(files);
  } catch (err) {
    if (!(err instanceof SloSpecError)) throw err;
    const problems = err.problems.map((p) => ({
      source: p.file,
      field: [p.slo, p.path].filter((part) => part !== '').join(': '),
      expected: p.expected,
    }));
    return { problems, slos: 0, files: files.length };
  }
  const problems: ValidationProblem[] = [];
  let sets: Map<string, AlertRuleSet>;
  try {
    sets = ruleSetsFor(slos, config.alerting.rules);
  } catch (err) {
    if (!(err instanceof FaultlineError)) throw err;
    for (const line of (err.details.problems as string[] | undefined) ?? [err.message]) {
      const colon = line.indexOf(': ');
      problems.push({ source: configSource, field: line.slice(0, colon), expected: line.slice(colon + 2) });
    }
    return { problems, slos: slos.length, files: files.length };
  }
  if (config.alerting.enabled) problems.push(...unsafeTiers(slos, sets, config.alerting.rules, configSource));
  return { problems, slos: slos.length, files: files.length };
}

/**
 * Tiers unsafe for the period of an SLO they apply to. Configured profiles are held to both
 * rules; the built-in profile is the SRE workbook's, whose last ticket tier has a factor of
 * exactly 1 at the 30-day period it was designed for, so there only a factor below 1 counts.
 */
function unsafeTiers(
  slos: readonly Slo[],
  sets: ReadonlyMap<string, AlertRuleSet>,
  rules: AlertRulesConfig,
  configSource: string,
): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  for (const slo of slos) {
    const profile = rules.slos[slo.id] ?? rules.default;
    const builtIn = rules.profiles[profile] === undefined && profile === SRE_WORKBOOK_PROFILE;
    const tiers = sets.get(slo.id)?.tiers ?? [];
    tiers.forEach((tier, i) => {
      const reasons = unsafeTierReasons(slo.periodMinutes, tier, tier.factor).filter(
        (r) => !(builtIn && r === 'factor-not-above-1' && tier.factor === 1),
      );
      for (const reason of reasons) {
        problems.push({
          source: builtIn ? slo.origin.file : configSource,
          field: builtIn
            ? `${slo.id}: alerting.rules (built-in ${SRE_WORKBOOK_PROFILE} tier ${i})`
            : `alerting.rules.profiles.${profile}.${i} (for ${slo.id})`,
          expected: describe(reason, slo.periodMinutes, tier.longWindowMinutes, tier.factor),
        });
      }
    });
  }
  return problems;
}

function describe(
  reason: UnsafeTierReason,
  periodMinutes: number,
  longWindow: number,
  factor: number,
): string {
  const period = formatDuration(periodMinutes * 60_000);
  if (reason === 'long-window-not-shorter-than-period') {
    return `expected a long window shorter than the SLO's ${period} period, not ${formatDuration(longWindow * 60_000)}`;
  }
  return `expected a burn-rate factor above 1 for the ${period} period, not ${Number(factor.toFixed(4))}`;
}
