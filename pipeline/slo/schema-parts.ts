import { z } from 'zod';
import { parseLatencyMs, parsePeriod } from './durations.js';

/** zod pieces both spec formats share. Every check carries its own message. */

/** Services and SLO names make the id `<service>/<name>`, so neither may hold a slash. */
export const nameSchema = z
  .string()
  .regex(/^[^\s/]+$/, { error: 'expected a non-empty name without spaces or /' });

/** Scalars are accepted where strings are meant (`tier: 1`) and compared as their text. */
const scalarSchema = z
  .union([z.string(), z.number(), z.boolean()], { error: 'expected a string, number or boolean' })
  .transform(String);

/** Span or data-point attributes that must match; values compared as strings. */
export const attributesSchema = z.record(z.string(), scalarSchema);

export const labelsSchema = z.record(z.string(), scalarSchema);

/** OpenSLO label values may also be lists; faultline joins them with commas. */
export const listLabelsSchema = z.record(
  z.string(),
  z
    .union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number(), z.boolean()]))], {
      error: 'expected a string or a list of strings',
    })
    .transform((v) => (Array.isArray(v) ? v.map(String).join(',') : String(v))),
);

export const urlSchema = z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' });

export const metricNameSchema = z.string().min(1, { error: 'expected a metric name' });

export const operationsSchema = z.array(z.string().min(1, { error: 'expected a span name' }));

/** Objective in percent, as the native format and OpenSLO `targetPercent` give it. */
export const percentSchema = z.number().refine((v) => v > 0 && v < 100, {
  error: 'expected a percentage above 0 and below 100, e.g. 99.9 (100 leaves no error budget)',
});

/** Objective as a fraction, as OpenSLO `target` gives it. */
export const fractionSchema = z.number().refine((v) => v > 0 && v < 1, {
  error: 'expected a fraction above 0 and below 1, e.g. 0.999 (1 leaves no error budget)',
});

/** 99.9 -> 0.999 exactly, where 99.9 / 100 would give 0.9990000000000001. */
export function percentToFraction(percent: number): number {
  return Math.round(percent * 1e10) / 1e12;
}

/** A rolling period, parsed to minutes. */
export const periodSchema = z.unknown().transform((value, ctx) => {
  const parsed = parsePeriod(value);
  if ('problem' in parsed) {
    ctx.addIssue({
      code: 'custom',
      message: value === undefined ? `${parsed.problem} (missing)` : parsed.problem,
    });
    return z.NEVER;
  }
  return parsed.minutes;
});

/** A latency threshold, parsed to milliseconds. */
export const latencySchema = z.unknown().transform((value, ctx) => {
  const ms = parseLatencyMs(value);
  if (ms === undefined) {
    const problem = 'expected a duration like 300ms or 1.5s';
    ctx.addIssue({ code: 'custom', message: value === undefined ? `${problem} (missing)` : problem });
    return z.NEVER;
  }
  return ms;
});
