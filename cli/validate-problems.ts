import { ruleSetsFor } from '../alerting/rule-sets.js';
import { ConfigError } from '../config/errors.js';
import { loadConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
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
  try {
    // the engine's own start-up check: configured tiers unsafe for an SLO's period are refused
    // there (the built-in profile scales its windows with the period, so it is safe for any)
    ruleSetsFor(slos, config.alerting.rules, configSource);
  } catch (err) {
    if (err instanceof ConfigError) {
      for (const p of err.problems) problems.push({ source: p.source, field: p.path, expected: p.expected });
      return { problems, slos: slos.length, files: files.length };
    }
    if (!(err instanceof FaultlineError)) throw err;
    for (const line of (err.details.problems as string[] | undefined) ?? [err.message]) {
      const colon = line.indexOf(': ');
      problems.push({ source: configSource, field: line.slice(0, colon), expected: line.slice(colon + 2) });
    }
    return { problems, slos: slos.length, files: files.length };
  }
  return { problems, slos: slos.length, files: files.length };
}
