import { parsePeriod } from './durations.js';
import { type Indicator, toIndicator } from './openslo-indicator.js';
import {
  IGNORED_KINDS,
  type Objective,
  type SloDocument,
  sliDocumentSchema,
  sloDocumentSchema,
} from './openslo-schema.js';
import { nameSchema, percentToFraction, urlSchema } from './schema-parts.js';
import type { Sli, Slo } from './slo.js';
import { type DocContext, isRecord, type Reporter, reporter, unnamed } from './spec-problems.js';

/** Annotations faultline reads from an OpenSLO SLO's metadata. */
export const RUNBOOK_ANNOTATION = 'faultline.dev/runbook';
export const DASHBOARD_ANNOTATION = 'faultline.dev/dashboard';

/** A document of a kind faultline accepts but does not use (Service, AlertPolicy, ...). */
export interface IgnoredDocument {
  file: string;
  document: number;
  kind: string;
  name?: string;
}

/** An OpenSLO SLO read and checked, waiting for its indicatorRef to be looked up. */
export interface PendingSlo {
  out: Reporter;
  slo: Omit<Slo, 'sli'>;
  objective: Objective;
  indicator: Indicator | { ref: string };
}

/**
 * The OpenSLO documents of every file. SLOs are finished only when all files are read,
 * since an `indicatorRef` may name an SLI in another file.
 */
export class OpenSloDocuments {
  /** SLIs by name; `indicator` is undefined when the SLI had problems (already reported). */
  private readonly slis = new Map<string, { file: string; indicator: Indicator | undefined }>();
  readonly ignored: IgnoredDocument[] = [];

  /** Reads one `apiVersion: openslo/v1` document; a kind SLO gives a pending SLO. */
  read(doc: Record<string, unknown>, ctx: DocContext): PendingSlo | undefined {
    const name = nameSchema.safeParse(isRecord(doc.metadata) ? doc.metadata.name : undefined).data;
    const out = reporter(ctx, name ?? unnamed(ctx));
    if (doc.kind === 'SLO') return this.readSlo(doc, ctx, out);
    if (doc.kind === 'SLI') this.readSli(doc, name, ctx, out);
    else if (typeof doc.kind === 'string' && IGNORED_KINDS.includes(doc.kind)) {
      this.ignored.push({
        file: ctx.file,
        document: ctx.document,
        kind: doc.kind,
        ...(name !== undefined && { name }),
      });
    } else {
      out.problem(['kind'], `expected SLO or SLI (or one of ${IGNORED_KINDS.join(', ')}, which are ignored)`);
    }
    return undefined;
  }

  /** The SLO, once its indicator is known; undefined after reporting why not. */
  finish(pending: PendingSlo): Slo | undefined {
    let indicator = pending.indicator;
    if ('ref' in indicator) {
      const sli = this.slis.get(indicator.ref);
      if (sli === undefined) {
        pending.out.problem(
          ['spec', 'indicatorRef'],
          `expected the name of a kind: SLI document in the loaded files; there is no SLI "${indicator.ref}"`,
        );
        return undefined;
      }
      if (sli.indicator === undefined) return undefined;
      indicator = sli.indicator;
    }
    const sli = withObjective(indicator, pending.objective, pending.out.at(['spec', 'objectives', 0]));
    return sli === undefined ? undefined : { ...pending.slo, sli };
  }

  private readSli(
    doc: Record<string, unknown>,
    name: string | undefined,
    ctx: DocContext,
    out: Reporter,
  ): void {
    const parsed = sliDocumentSchema.safeParse(doc);
    if (!parsed.success) out.issues([], doc, parsed.error.issues);
    const indicator = parsed.success ? toIndicator(parsed.data.spec, out.at(['spec'])) : undefined;
    // An SLI with problems is still registered, so SLOs naming it do not also report it missing.
    if (name === undefined) return;
    const earlier = this.slis.get(name);
    if (earlier !== undefined) {
      out.problem(
        ['metadata', 'name'],
        `expected a unique SLI name; ${name} is also defined in ${earlier.file}`,
      );
      return;
    }
    this.slis.set(name, { file: ctx.file, indicator });
  }

  private readSlo(doc: Record<string, unknown>, ctx: DocContext, out: Reporter): PendingSlo | undefined {
    const parsed = sloDocumentSchema.safeParse(doc);
    if (!parsed.success) {
      out.issues([], doc, parsed.error.issues);
      return undefined;
    }
    const { metadata, spec } = parsed.data;
    const problems = ctx.problems.length;
    const indicator = readIndicator(parsed.data, out);
    const periodMinutes = readPeriod(parsed.data, out);
    if (spec.budgetingMethod !== 'Occurrences') {
      out.problem(
        ['spec', 'budgetingMethod'],
        ['Timeslices', 'RatioTimeslices'].includes(spec.budgetingMethod)
          ? `budgetingMethod ${spec.budgetingMethod} is not supported; expected Occurrences`
          : 'expected Occurrences',
      );
    }
    const objective = readObjective(spec.objectives, out);
    const runbookUrl = readUrl(metadata.annotations, RUNBOOK_ANNOTATION, out);
    const dashboardUrl = readUrl(metadata.annotations, DASHBOARD_ANNOTATION, out);
    const clean = ctx.problems.length === problems;
    if (!clean || indicator === undefined || periodMinutes === undefined || objective === undefined)
      return undefined;
    return {
      out,
      objective: objective.spec,
      indicator,
      slo: {
        id: `${spec.service}/${metadata.name}`,
        service: spec.service,
        name: metadata.name,
        objective: objective.fraction,
        periodMinutes,
        labels: metadata.labels,
        ...(spec.description !== undefined && { description: spec.description }),
        ...(runbookUrl !== undefined && { runbookUrl }),
        ...(dashboardUrl !== undefined && { dashboardUrl }),
        origin: { file: ctx.file, format: 'openslo' },
      },
    };
  }
}

function readIndicator({ spec }: SloDocument, out: Reporter): PendingSlo['indicator'] | undefined {
  if ((spec.indicator === undefined) === (spec.indicatorRef === undefined)) {
    out.problem(['spec'], 'expected exactly one of indicator and indicatorRef');
    return undefined;
  }
  if (spec.indicatorRef !== undefined) return { ref: spec.indicatorRef };
  return toIndicator(spec.indicator!.spec, out.at(['spec', 'indicator', 'spec']));
}

function readPeriod({ spec }: SloDocument, out: Reporter): number | undefined {
  const [window, ...more] = spec.timeWindow;
  if (window === undefined || more.length > 0) {
    out.problem(
      ['spec', 'timeWindow'],
      'expected exactly one time window, e.g. [{duration: 28d, isRolling: true}]',
    );
    return undefined;
  }
  if (window.calendar !== undefined || window.isRolling === false) {
    out.problem(
      ['spec', 'timeWindow', 0, window.calendar !== undefined ? 'calendar' : 'isRolling'],
      'calendar-aligned time windows are not supported; expected a rolling window (isRolling: true)',
    );
    return undefined;
  }
  const period = parsePeriod(window.duration);
  if ('problem' in period) {
    out.problem(['spec', 'timeWindow', 0, 'duration'], period.problem);
    return undefined;
  }
  return period.minutes;
}

function readObjective(
  objectives: Objective[],
  out: Reporter,
): { spec: Objective; fraction: number } | undefined {
  const [objective, ...more] = objectives;
  if (objective === undefined) return undefined;
  if (more.length > 0) {
    out.problem(
      ['spec', 'objectives'],
      `expected exactly one objective, got ${objectives.length}: several objectives per SLO are not supported (write one SLO per objective)`,
    );
    return undefined;
  }
  if ((objective.target === undefined) === (objective.targetPercent === undefined)) {
    out.problem(['spec', 'objectives', 0], 'expected exactly one of target and targetPercent');
    return undefined;
  }
  const fraction = objective.target ?? percentToFraction(objective.targetPercent!);
  return { spec: objective, fraction };
}

function readUrl(annotations: Record<string, unknown>, key: string, out: Reporter): string | undefined {
  if (annotations[key] === undefined) return undefined;
  const url = urlSchema.safeParse(annotations[key]);
  if (!url.success) out.issues(['metadata', 'annotations', key], annotations[key], url.error.issues);
  return url.data;
}

/** A threshold indicator becomes an SLI with its objective's `op: lte` and `value`. */
function withObjective(indicator: Indicator, objective: Objective, out: Reporter): Sli | undefined {
  if (indicator.kind === 'ratio') {
    if (objective.op !== undefined || objective.value !== undefined) {
      out.problem(
        [objective.op !== undefined ? 'op' : 'value'],
        'expected no op or value: they apply to a thresholdMetric only',
      );
      return undefined;
    }
    return indicator.sli;
  }
  if (objective.op !== 'lte') {
    out.problem(
      ['op'],
      objective.op === undefined
        ? 'expected lte (missing)'
        : 'expected lte: faultline counts an event as good when its value is at most the objective value',
    );
    return undefined;
  }
  const { value } = objective;
  if (value === undefined) {
    out.problem(['value'], 'expected a number (missing)');
    return undefined;
  }
  if ('metric' in indicator.source) {
    return { kind: 'metric-threshold', histogram: indicator.source.metric, thresholdBound: value };
  }
  if (value <= 0) {
    out.problem(['value'], 'expected a latency in milliseconds above 0');
    return undefined;
  }
  return { kind: 'latency', spans: indicator.source.spans, thresholdMs: value };
}
