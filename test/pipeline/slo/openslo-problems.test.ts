import { describe, expect, it } from 'vitest';
import { at, FILE, metric, problems, sliDoc, sloDoc, spans } from './openslo-fixtures.js';

describe('OpenSLO v1 spec problems', () => {
  it('refuses budgeting methods other than Occurrences', () => {
    expect(problems(sloDoc({ budgetingMethod: 'Timeslices' }))).toEqual([
      at(
        'authorize',
        'spec.budgetingMethod',
        'budgetingMethod Timeslices is not supported; expected Occurrences',
      ),
    ]);
    expect(problems(sloDoc({ budgetingMethod: 'RatioTimeslices' }))).toEqual([
      at(
        'authorize',
        'spec.budgetingMethod',
        'budgetingMethod RatioTimeslices is not supported; expected Occurrences',
      ),
    ]);
    expect(problems(sloDoc({ budgetingMethod: 'occurrences' }))).toEqual([
      at('authorize', 'spec.budgetingMethod', 'expected Occurrences'),
    ]);
  });

  it('refuses calendar windows, several windows and calendar durations', () => {
    const calendar =
      'calendar-aligned time windows are not supported; expected a rolling window (isRolling: true)';
    expect(
      problems(
        sloDoc({
          timeWindow: [{ duration: '1M', calendar: { startTime: '2024-01-01 00:00:00', timeZone: 'UTC' } }],
        }),
      ),
    ).toEqual([at('authorize', 'spec.timeWindow.0.calendar', calendar)]);
    expect(problems(sloDoc({ timeWindow: [{ duration: '28d', isRolling: false }] }))).toEqual([
      at('authorize', 'spec.timeWindow.0.isRolling', calendar),
    ]);
    expect(problems(sloDoc({ timeWindow: [{ duration: '28d' }, { duration: '7d' }] }))).toEqual([
      at(
        'authorize',
        'spec.timeWindow',
        'expected exactly one time window, e.g. [{duration: 28d, isRolling: true}]',
      ),
    ]);
    expect(problems(sloDoc({ timeWindow: [{ duration: '1Q', isRolling: true }] }))).toEqual([
      at(
        'authorize',
        'spec.timeWindow.0.duration',
        'expected a duration like 30d: a whole number and one of m, h, d, w',
      ),
    ]);
    expect(problems(sloDoc({ timeWindow: [{ duration: '13w', isRolling: true }] }))).toEqual([
      at('authorize', 'spec.timeWindow.0.duration', 'expected a period from 1m to 90d'),
    ]);
  });

  it('refuses metric sources faultline cannot read', () => {
    const indicator = {
      metadata: { name: 'i' },
      spec: { thresholdMetric: { metricSource: { type: 'prometheus', spec: { query: 'x' } } } },
    };
    expect(problems(sloDoc({ indicator, objectives: [{ op: 'lte', value: 1, target: 0.9 }] }))).toEqual([
      at(
        'authorize',
        'spec.indicator.spec.thresholdMetric.metricSource.type',
        'metricSource.type prometheus is not supported; faultline reads OTLP metrics and spans itself: expected type: faultline',
      ),
    ]);
    const ref = sliDoc('sli', {
      ratioMetric: { good: { metricSource: { metricSourceRef: 'prom' } }, total: metric('m') },
    });
    expect(problems(ref)).toEqual([
      at(
        'sli',
        'spec.ratioMetric.good.metricSource.type',
        'expected faultline (missing; metricSourceRef and DataSource are not supported)',
      ),
    ]);
  });

  it('refuses several objectives, naming the field', () => {
    expect(problems(sloDoc({ objectives: [{ target: 0.99 }, { target: 0.999 }] }))).toEqual([
      at(
        'authorize',
        'spec.objectives',
        'expected exactly one objective, got 2: several objectives per SLO are not supported (write one SLO per objective)',
      ),
    ]);
    expect(problems(sloDoc({ objectives: [] }))).toEqual([
      at('authorize', 'spec.objectives', 'expected one objective'),
    ]);
  });

  it('wants one target, short of 100 %', () => {
    expect(problems(sloDoc({ objectives: [{ target: 0.9, targetPercent: 90 }] }))).toEqual([
      at('authorize', 'spec.objectives.0', 'expected exactly one of target and targetPercent'),
    ]);
    expect(problems(sloDoc({ objectives: [{ displayName: 'x' }] }))).toEqual([
      at('authorize', 'spec.objectives.0', 'expected exactly one of target and targetPercent'),
    ]);
    expect(problems(sloDoc({ objectives: [{ target: 1 }] }))).toEqual([
      at(
        'authorize',
        'spec.objectives.0.target',
        'expected a fraction above 0 and below 1, e.g. 0.999 (1 leaves no error budget)',
      ),
    ]);
    expect(problems(sloDoc({ objectives: [{ targetPercent: 100 }] }))).toEqual([
      at(
        'authorize',
        'spec.objectives.0.targetPercent',
        'expected a percentage above 0 and below 100, e.g. 99.9 (100 leaves no error budget)',
      ),
    ]);
  });

  it('wants op lte and a value for thresholds, and neither for ratios', () => {
    const threshold = (objective: Record<string, unknown>) =>
      sloDoc({
        indicator: { metadata: { name: 'i' }, spec: { thresholdMetric: spans() } },
        objectives: [{ target: 0.99, ...objective }],
      });
    expect(problems(threshold({ op: 'gte', value: 300 }))).toEqual([
      at(
        'authorize',
        'spec.objectives.0.op',
        'expected lte: faultline counts an event as good when its value is at most the objective value',
      ),
    ]);
    expect(problems(threshold({ value: 300 }))).toEqual([
      at('authorize', 'spec.objectives.0.op', 'expected lte (missing)'),
    ]);
    expect(problems(threshold({ op: 'lte' }))).toEqual([
      at('authorize', 'spec.objectives.0.value', 'expected a number (missing)'),
    ]);
    expect(problems(threshold({ op: 'lte', value: 0 }))).toEqual([
      at('authorize', 'spec.objectives.0.value', 'expected a latency in milliseconds above 0'),
    ]);
    expect(problems(sloDoc({ objectives: [{ target: 0.99, op: 'lte', value: 1 }] }))).toEqual([
      at(
        'authorize',
        'spec.objectives.0.op',
        'expected no op or value: they apply to a thresholdMetric only',
      ),
    ]);
  });

  it('wants exactly one of indicator and indicatorRef, and a ref that resolves', () => {
    expect(problems(sloDoc({ indicatorRef: 'x' }))).toEqual([
      at('authorize', 'spec', 'expected exactly one of indicator and indicatorRef'),
    ]);
    expect(problems(sloDoc({ indicator: undefined }))).toEqual([
      at('authorize', 'spec', 'expected exactly one of indicator and indicatorRef'),
    ]);
    expect(problems(sloDoc({ indicator: undefined, indicatorRef: 'nope' }))).toEqual([
      at(
        'authorize',
        'spec.indicatorRef',
        'expected the name of a kind: SLI document in the loaded files; there is no SLI "nope"',
      ),
    ]);
  });

  it('reports a broken SLI once, under its own name, not again for the SLOs naming it', () => {
    const slo = (name: string) => sloDoc({ indicator: undefined, indicatorRef: 'broken' }, { name });
    expect(
      problems(
        slo('a'),
        slo('b'),
        sliDoc('broken', { ratioMetric: { counter: false, good: metric('g'), total: metric('t') } }),
      ),
    ).toEqual([
      at(
        'broken',
        'spec.ratioMetric.counter',
        'expected true: faultline counts events from OTLP counters and spans',
      ),
    ]);
  });

  it('checks the parts of a ratio', () => {
    const sli = (ratioMetric: Record<string, unknown>) => problems(sliDoc('s', { ratioMetric }));
    expect(sli({ good: metric('g') })).toEqual([
      at('s', 'spec.ratioMetric', 'expected exactly two of good, bad, total, got good'),
    ]);
    expect(sli({ good: spans(['A']), total: metric('t') })).toEqual([
      at('s', 'spec.ratioMetric', 'expected good, bad and total all from metrics or all from spans'),
    ]);
    expect(sli({ good: spans(['A']), total: spans(['A', 'B']) })).toEqual([
      at(
        's',
        'spec.ratioMetric.total.metricSource.spec.spans',
        'expected the same spans as good: faultline counts a selected span as good when it did not fail',
      ),
    ]);
    expect(sli({ raw: metric('r'), rawType: 'success' })).toEqual([
      at(
        's',
        'spec.ratioMetric.raw',
        'precomputed ratios (raw) are not supported; expected two of good, bad, total',
      ),
    ]);
  });

  it('checks the spec of a faultline metric source', () => {
    const source = (spec: Record<string, unknown>) =>
      problems(sliDoc('s', { thresholdMetric: { metricSource: { type: 'faultline', spec } } }));
    const path = 'spec.thresholdMetric.metricSource.spec';
    expect(source({})).toEqual([
      at('s', path, 'expected either metric (an OTLP metric name) or spans (spans of the service)'),
    ]);
    expect(source({ metric: 'm', spans: {} })).toEqual([
      at('s', path, 'expected either metric (an OTLP metric name) or spans (spans of the service)'),
    ]);
    expect(source({ spans: {}, attributes: { a: 'b' } })).toEqual([
      at('s', `${path}.attributes`, 'expected span attributes under spans.attributes'),
    ]);
    expect(source({ metric: 'm', query: 'up' })).toEqual([at('s', `${path}.query`, 'unknown field')]);
    expect(source({ spans: { operations: 'A' } })).toEqual([
      at('s', `${path}.spans.operations`, 'expected a list, got a string'),
    ]);
  });

  it('is strict on the fields it reads', () => {
    expect(problems(sloDoc({ sloType: 'x' }, { owner: 'me' }))).toEqual([
      at('authorize', 'metadata.owner', 'unknown field'),
      at('authorize', 'spec.sloType', 'unknown field'),
    ]);
    expect(problems(sloDoc({ service: undefined }))).toEqual([
      at('authorize', 'spec.service', 'expected a string (missing)'),
    ]);
    expect(problems(sloDoc({}, { annotations: { 'faultline.dev/runbook': 'runbook.md' } }))).toEqual([
      at('authorize', 'metadata.annotations["faultline.dev/runbook"]', 'expected an http:// or https:// URL'),
    ]);
    expect(problems(sloDoc({}, { labels: { team: { a: 1 } } }))).toEqual([
      at('authorize', 'metadata.labels.team', 'expected a string or a list of strings'),
    ]);
  });

  it('names the document when its name, kind or apiVersion is unusable', () => {
    const { metadata: _, ...noMetadata } = sloDoc();
    expect(problems(noMetadata)).toEqual([at('(document 1)', 'metadata', 'expected a mapping (missing)')]);
    expect(problems({ ...sloDoc(), kind: 'Slo' })).toEqual([
      at(
        'authorize',
        'kind',
        'expected SLO or SLI (or one of Service, DataSource, AlertPolicy, AlertCondition, AlertNotificationTarget, which are ignored)',
      ),
    ]);
    const { apiVersion: __, ...noApiVersion } = sloDoc();
    expect(problems(noApiVersion)).toEqual([
      at('(document 1)', 'apiVersion', 'expected openslo/v1 for an OpenSLO document (missing)'),
    ]);
    expect(problems({ ...sloDoc(), apiVersion: 'openslo/v1alpha' })).toEqual([
      at(
        '(document 1)',
        'apiVersion',
        'expected openslo/v1 (OpenSLO) or faultline/v1 (native), got "openslo/v1alpha"',
      ),
    ]);
  });

  it('refuses two SLIs of one name', () => {
    const sli = sliDoc('s', { thresholdMetric: metric('m') });
    expect(problems(sli, sli)).toEqual([
      at('s', 'metadata.name', `expected a unique SLI name; s is also defined in ${FILE}`),
    ]);
  });
});
