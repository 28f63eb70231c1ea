import { faultlineSourceSchema, type MetricSource, type SliSpec } from './openslo-schema.js';
import type { MetricSelector, Sli, SpanSelector } from './slo.js';
import type { FieldPath, Reporter } from './spec-problems.js';

/**
 * Maps an OpenSLO SLI spec onto faultline's sources. A ratio is a complete SLI; a threshold
 * needs its SLO's objective (`op`, `value`) before it becomes one.
 */

/** The `metricSource.type` faultline reads: OTLP metrics and spans that it receives itself. */
export const FAULTLINE_SOURCE_TYPE = 'faultline';

export type Source = { metric: MetricSelector } | { spans: SpanSelector };

export type Indicator = { kind: 'ratio'; sli: Sli } | { kind: 'threshold'; source: Source };

const RATIO_PARTS = ['good', 'bad', 'total'] as const;

export function toIndicator(spec: SliSpec, out: Reporter): Indicator | undefined {
  if ((spec.ratioMetric === undefined) === (spec.thresholdMetric === undefined)) {
    out.problem([], 'expected exactly one of ratioMetric and thresholdMetric');
    return undefined;
  }
  if (spec.thresholdMetric !== undefined) {
    const source = toSource(spec.thresholdMetric.metricSource, ['thresholdMetric', 'metricSource'], out);
    return source === undefined ? undefined : { kind: 'threshold', source };
  }
  const ratio = spec.ratioMetric!;
  if (ratio.raw !== undefined || ratio.rawType !== undefined) {
    out.problem(
      ['ratioMetric', ratio.raw !== undefined ? 'raw' : 'rawType'],
      'precomputed ratios (raw) are not supported; expected two of good, bad, total',
    );
    return undefined;
  }
  if (ratio.counter === false) {
    out.problem(
      ['ratioMetric', 'counter'],
      'expected true: faultline counts events from OTLP counters and spans',
    );
    return undefined;
  }
  const parts = RATIO_PARTS.filter((part) => ratio[part] !== undefined);
  if (parts.length !== 2) {
    out.problem(
      ['ratioMetric'],
      `expected exactly two of good, bad, total, got ${parts.join(', ') || 'none'}`,
    );
    return undefined;
  }
  const sources = parts.map((part) =>
    toSource(ratio[part]!.metricSource, ['ratioMetric', part, 'metricSource'], out),
  );
  if (sources.some((s) => s === undefined)) return undefined;
  return ratioIndicator(parts, sources as Source[], out);
}

function ratioIndicator(
  parts: Array<(typeof RATIO_PARTS)[number]>,
  sources: Source[],
  out: Reporter,
): Indicator | undefined {
  const spans = sources.flatMap((s) => ('spans' in s ? [s.spans] : []));
  if (spans.length === 0) {
    const sli: Sli = { kind: 'metric-ratio' };
    parts.forEach((part, i) => {
      sli[part] = (sources[i] as { metric: MetricSelector }).metric;
    });
    return { kind: 'ratio', sli };
  }
  if (spans.length !== sources.length) {
    out.problem(['ratioMetric'], 'expected good, bad and total all from metrics or all from spans');
    return undefined;
  }
  // Over spans faultline itself decides which are good (not failed); both parts select the same spans.
  const [first, second] = spans as [SpanSelector, SpanSelector];
  if (!sameSpans(first, second)) {
    out.problem(
      ['ratioMetric', parts[1]!, 'metricSource', 'spec', 'spans'],
      `expected the same spans as ${parts[0]}: faultline counts a selected span as good when it did not fail`,
    );
    return undefined;
  }
  return { kind: 'ratio', sli: { kind: 'availability', spans: first } };
}

function toSource(source: MetricSource, path: FieldPath, out: Reporter): Source | undefined {
  if (source.type !== FAULTLINE_SOURCE_TYPE) {
    out.problem(
      [...path, 'type'],
      source.type === undefined
        ? `expected ${FAULTLINE_SOURCE_TYPE} (missing; metricSourceRef and DataSource are not supported)`
        : `metricSource.type ${source.type} is not supported; faultline reads OTLP metrics and spans itself: expected type: ${FAULTLINE_SOURCE_TYPE}`,
    );
    return undefined;
  }
  if (source.metricSourceRef !== undefined) {
    out.problem(
      [...path, 'metricSourceRef'],
      `expected no metricSourceRef: type ${FAULTLINE_SOURCE_TYPE} needs no DataSource`,
    );
    return undefined;
  }
  const parsed = faultlineSourceSchema.safeParse(source.spec);
  if (!parsed.success) {
    out.issues([...path, 'spec'], source.spec, parsed.error.issues);
    return undefined;
  }
  const { metric, attributes, spans } = parsed.data;
  if ((metric === undefined) === (spans === undefined)) {
    out.problem(
      [...path, 'spec'],
      'expected either metric (an OTLP metric name) or spans (spans of the service)',
    );
    return undefined;
  }
  if (spans !== undefined) {
    if (attributes !== undefined) {
      out.problem([...path, 'spec', 'attributes'], 'expected span attributes under spans.attributes');
      return undefined;
    }
    return { spans };
  }
  return { metric: { name: metric!, attributes: attributes ?? {} } };
}

function sameSpans(a: SpanSelector, b: SpanSelector): boolean {
  const ops = (s: SpanSelector) => JSON.stringify([...new Set(s.operations)].sort());
  const attrs = (s: SpanSelector) =>
    JSON.stringify(Object.entries(s.attributes).sort(([x], [y]) => (x < y ? -1 : 1)));
  return ops(a) === ops(b) && attrs(a) === attrs(b);
}
