import { describe, expect, it } from 'vitest';
import type { Slo } from '../../../pipeline/slo/slo.js';
import { metric, origin, parse, sliDoc, sloDoc, spans } from './openslo-fixtures.js';

describe('OpenSLO v1 specs', () => {
  it('maps a span ratio to an availability SLO, with labels, annotations and description', () => {
    const doc = sloDoc(
      { description: 'Authorisations that succeed.' },
      {
        displayName: 'Authorize',
        labels: { team: 'payments', tags: ['pci', 'tier-1'], tier: 1 },
        annotations: {
          'faultline.dev/runbook': 'https://runbooks.example.com/authorize',
          'faultline.dev/dashboard': 'https://grafana.example.com/d/payment',
          'example.com/anything': { nested: true },
        },
      },
    );
    expect(parse(doc)).toStrictEqual([
      {
        id: 'payment/authorize',
        service: 'payment',
        name: 'authorize',
        objective: 0.999,
        periodMinutes: 28 * 24 * 60,
        sli: { kind: 'availability', spans: { operations: ['Authorize'], attributes: {} } },
        labels: { team: 'payments', tags: 'pci,tier-1', tier: '1' },
        description: 'Authorisations that succeed.',
        runbookUrl: 'https://runbooks.example.com/authorize',
        dashboardUrl: 'https://grafana.example.com/d/payment',
        origin,
      } satisfies Slo,
    ]);
  });

  it('maps bad/total spans to availability too, and reads targetPercent', () => {
    const ratio = {
      ratioMetric: { bad: spans([], { 'rpc.system': 'grpc' }), total: spans([], { 'rpc.system': 'grpc' }) },
    };
    const [slo] = parse(
      sloDoc({ indicator: { metadata: { name: 'i' }, spec: ratio }, objectives: [{ targetPercent: 99.95 }] }),
    );
    expect(slo).toMatchObject({
      objective: 0.9995,
      sli: { kind: 'availability', spans: { operations: [], attributes: { 'rpc.system': 'grpc' } } },
    });
  });

  it('maps counter ratios to metric-ratio SLIs', () => {
    const indicator = (ratioMetric: Record<string, unknown>) => ({
      metadata: { name: 'i' },
      spec: { ratioMetric },
    });
    const slos = parse(
      sloDoc({
        indicator: indicator({
          counter: true,
          good: metric('payments', { outcome: 'ok' }),
          total: metric('payments'),
        }),
      }),
      sloDoc(
        {
          indicator: indicator({ bad: metric('payments', { outcome: 'error' }), total: metric('payments') }),
        },
        { name: 'errors' },
      ),
    );
    expect(slos.map((slo) => slo.sli)).toStrictEqual([
      {
        kind: 'metric-ratio',
        good: { name: 'payments', attributes: { outcome: 'ok' } },
        total: { name: 'payments', attributes: {} },
      },
      {
        kind: 'metric-ratio',
        bad: { name: 'payments', attributes: { outcome: 'error' } },
        total: { name: 'payments', attributes: {} },
      },
    ]);
  });

  it('maps a histogram threshold and a span threshold, through indicatorRef', () => {
    const slos = parse(
      sloDoc(
        {
          indicator: undefined,
          indicatorRef: 'request-duration',
          objectives: [{ op: 'lte', value: 0.5, target: 0.99 }],
        },
        { name: 'histogram-latency' },
      ),
      sloDoc(
        {
          indicator: undefined,
          indicatorRef: 'authorize-latency',
          objectives: [{ op: 'lte', value: 300, target: 0.99 }],
        },
        { name: 'span-latency' },
      ),
      // SLIs may come after the SLOs that name them.
      sliDoc('request-duration', {
        thresholdMetric: metric('http.server.request.duration', { 'http.route': '/authorize' }),
      }),
      sliDoc('authorize-latency', { thresholdMetric: spans(['Authorize']) }),
    );
    expect(slos).toStrictEqual([
      {
        id: 'payment/histogram-latency',
        service: 'payment',
        name: 'histogram-latency',
        objective: 0.99,
        periodMinutes: 40_320,
        sli: {
          kind: 'metric-threshold',
          histogram: { name: 'http.server.request.duration', attributes: { 'http.route': '/authorize' } },
          thresholdBound: 0.5,
        },
        labels: {},
        origin,
      },
      {
        id: 'payment/span-latency',
        service: 'payment',
        name: 'span-latency',
        objective: 0.99,
        periodMinutes: 40_320,
        sli: { kind: 'latency', spans: { operations: ['Authorize'], attributes: {} }, thresholdMs: 300 },
        labels: {},
        origin,
      },
    ] satisfies Slo[]);
  });

  it('accepts and ignores Service, DataSource and alerting documents, and alertPolicies', () => {
    const other = (kind: string) => ({
      apiVersion: 'openslo/v1',
      kind,
      metadata: { name: 'x' },
      spec: { anything: 1 },
    });
    const slos = parse(
      other('Service'),
      other('DataSource'),
      other('AlertPolicy'),
      sloDoc({ alertPolicies: [{ alertPolicyRef: 'x' }] }),
    );
    expect(slos.map((slo) => slo.id)).toEqual(['payment/authorize']);
  });

  it('reads a rolling window without isRolling as rolling, in m, h, d or w', () => {
    const period = (duration: string) => parse(sloDoc({ timeWindow: [{ duration }] }))[0]?.periodMinutes;
    expect([period('90m'), period('12h'), period('1w'), period('90d')]).toEqual([90, 720, 10_080, 129_600]);
  });
});
