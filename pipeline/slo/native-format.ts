import { z } from 'zod';
import {
  attributesSchema,
  labelsSchema,
  latencySchema,
  metricNameSchema,
  nameSchema,
  operationsSchema,
  percentSchema,
  percentToFraction,
  periodSchema,
  urlSchema,
} from './schema-parts.js';
import type { MetricSelector, Sli, Slo } from './slo.js';
import {
  type DocContext,
  type FieldPath,
  isRecord,
  type Reporter,
  reporter,
  unnamed,
} from './spec-problems.js';

/**
 * The native format: a document with `slos:`, a list of SLOs (see examples/slos/README.md).
 * `apiVersion: faultline/v1` is optional.
 */

export const NATIVE_API_VERSION = 'faultline/v1';

const spanFields = {
  operations: operationsSchema.default([]),
  attributes: attributesSchema.default({}),
};

const metricSelectorSchema = z.strictObject({
  metric: metricNameSchema,
  attributes: attributesSchema.default({}),
});

const sliSchema = z.strictObject({
  availability: z.strictObject(spanFields).optional(),
  latency: z.strictObject({ threshold: latencySchema, ...spanFields }).optional(),
  ratio: z
    .strictObject({
      good: metricSelectorSchema.optional(),
      bad: metricSelectorSchema.optional(),
      total: metricSelectorSchema.optional(),
    })
    .optional(),
  threshold: z
    .strictObject({
      histogram: metricSelectorSchema,
      le: z.number(),
    })
    .optional(),
});

const sloSchema = z.strictObject({
  service: nameSchema,
  name: nameSchema,
  objective: percentSchema,
  period: periodSchema,
  description: z.string().optional(),
  labels: labelsSchema.default({}),
  runbook: urlSchema.optional(),
  dashboard: urlSchema.optional(),
  sli: sliSchema,
});

const documentSchema = z.strictObject({
  apiVersion: z.literal(NATIVE_API_VERSION).optional(),
  slos: z.array(z.unknown()),
});

const SLI_KINDS = ['availability', 'latency', 'ratio', 'threshold'] as const;

/** The SLOs of one native document; problems go to `ctx` and their SLOs are left out. */
export function nativeSlos(doc: Record<string, unknown>, ctx: DocContext): Slo[] {
  const envelope = documentSchema.safeParse(doc);
  if (!envelope.success) reporter(ctx, unnamed(ctx)).issues([], doc, envelope.error.issues);
  const entries = Array.isArray(doc.slos) ? doc.slos : [];
  const slos: Slo[] = [];
  entries.forEach((entry, index) => {
    const slo = nativeSlo(entry, index, ctx);
    if (slo !== undefined) slos.push(slo);
  });
  return slos;
}

function nativeSlo(entry: unknown, index: number, ctx: DocContext): Slo | undefined {
  // Problems are reported under the SLO id when the entry names one, else under its position.
  const id = entryId(entry);
  const base: FieldPath = id === undefined ? ['slos', index] : [];
  const out = reporter(ctx, id ?? unnamed(ctx), base);
  const parsed = sloSchema.safeParse(entry);
  if (!parsed.success) {
    out.issues([], entry, parsed.error.issues);
    return undefined;
  }
  const spec = parsed.data;
  const sli = toSli(spec.sli, out.at(['sli']));
  if (sli === undefined) return undefined;
  return {
    id: `${spec.service}/${spec.name}`,
    service: spec.service,
    name: spec.name,
    objective: percentToFraction(spec.objective),
    periodMinutes: spec.period,
    sli,
    labels: spec.labels,
    ...(spec.description !== undefined && { description: spec.description }),
    ...(spec.runbook !== undefined && { runbookUrl: spec.runbook }),
    ...(spec.dashboard !== undefined && { dashboardUrl: spec.dashboard }),
    origin: { file: ctx.file, format: 'native' },
  };
}

function entryId(entry: unknown): string | undefined {
  if (!isRecord(entry)) return undefined;
  const service = nameSchema.safeParse(entry.service);
  const name = nameSchema.safeParse(entry.name);
  return service.success && name.success ? `${service.data}/${name.data}` : undefined;
}

type SliSpec = z.output<typeof sliSchema>;
function toSli(spec: SliSpec, out: Reporter): Sli | undefined {
  const given = SLI_KINDS.filter((kind) => spec[kind] !== undefined);
  if (given.length !== 1) {
    out.problem(
      [],
      `expected exactly one of ${SLI_KINDS.join(', ')}${given.length > 1 ? `, got ${given.join(', ')}` : ''}`,
    );
    return undefined;
  }
  if (spec.availability !== undefined) return { kind: 'availability', spans: spec.availability };
  if (spec.latency !== undefined) {
    const { threshold, ...spans } = spec.latency;
    return { kind: 'latency', spans, thresholdMs: threshold };
  }
  if (spec.threshold !== undefined) {
    return {
      kind: 'metric-threshold',
      histogram: selector(spec.threshold.histogram),
      thresholdBound: spec.threshold.le,
    };
  }
  const ratio = spec.ratio ?? {};
  const parts = (['good', 'bad', 'total'] as const).filter((part) => ratio[part] !== undefined);
  if (parts.length !== 2) {
    out.problem(
      ['ratio'],
      `expected exactly two of good, bad, total, got ${parts.length === 0 ? 'none' : parts.join(', ')}`,
    );
    return undefined;
  }
  const sli: Sli = { kind: 'metric-ratio' };
  for (const part of parts) sli[part] = selector(ratio[part]!);
  return sli;
}

function selector(spec: { metric: string; attributes: Record<string, string> }): MetricSelector {
  return { name: spec.metric, attributes: spec.attributes };
}
