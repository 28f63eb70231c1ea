import { describe, expect, it } from 'vitest';
import { parseSloDocuments } from '../../../pipeline/slo/load-slos.js';
import type { Slo } from '../../../pipeline/slo/slo.js';
import { yamlDocs } from './helpers.js';
import { entry, FILE, origin, parse } from './native-fixtures.js';

describe('native SLO specs', () => {
  it('reads an availability SLO with every optional field', () => {
    const text = `
apiVersion: faultline/v1
slos:
  - service: checkout
    name: availability
    objective: 99.9
    period: 30d
    description: Checkout requests that do not fail.
    labels: { team: payments, tier: 1, paging: true }
    runbook: https://runbooks.example.com/checkout
    dashboard: http://grafana.local/d/checkout
    sli:
      availability:
        operations: ["POST /checkout", "GET /cart"]
        attributes: { http.route: /checkout, http.response.status_code: 200 }
`;
    expect(parseSloDocuments(text, FILE)).toStrictEqual([
      {
        id: 'checkout/availability',
        service: 'checkout',
        name: 'availability',
        objective: 0.999,
        periodMinutes: 30 * 24 * 60,
        sli: {
          kind: 'availability',
          spans: {
            operations: ['POST /checkout', 'GET /cart'],
            attributes: { 'http.route': '/checkout', 'http.response.status_code': '200' },
          },
        },
        labels: { team: 'payments', tier: '1', paging: 'true' },
        description: 'Checkout requests that do not fail.',
        runbookUrl: 'https://runbooks.example.com/checkout',
        dashboardUrl: 'http://grafana.local/d/checkout',
        origin,
      } satisfies Slo,
    ]);
  });

  it('leaves out optional fields that are not given and selects every span by default', () => {
    expect(parse(entry())).toStrictEqual([
      {
        id: 'checkout/availability',
        service: 'checkout',
        name: 'availability',
        objective: 0.999,
        periodMinutes: 43_200,
        sli: { kind: 'availability', spans: { operations: [], attributes: {} } },
        labels: {},
        origin,
      } satisfies Slo,
    ]);
  });

  it('reads latency thresholds as durations, or bare numbers of milliseconds', () => {
    const slos = parse(
      entry({ name: 'a', sli: { latency: { threshold: '300ms', operations: ['GET /'] } } }),
      entry({ name: 'b', sli: { latency: { threshold: '1.5s', attributes: { 'rpc.method': 'Pay' } } } }),
      entry({ name: 'c', sli: { latency: { threshold: 250 } } }),
      entry({ name: 'd', sli: { latency: { threshold: '2m' } } }),
    );
    expect(slos.map((slo) => slo.sli)).toEqual([
      { kind: 'latency', spans: { operations: ['GET /'], attributes: {} }, thresholdMs: 300 },
      { kind: 'latency', spans: { operations: [], attributes: { 'rpc.method': 'Pay' } }, thresholdMs: 1500 },
      { kind: 'latency', spans: { operations: [], attributes: {} }, thresholdMs: 250 },
      { kind: 'latency', spans: { operations: [], attributes: {} }, thresholdMs: 120_000 },
    ]);
  });

  it('reads metric ratios from any two of good, bad and total', () => {
    const good = { metric: 'payments', attributes: { outcome: 'ok' } };
    const bad = { metric: 'payments', attributes: { outcome: 'error' } };
    const total = { metric: 'payments' };
    const slos = parse(
      entry({ name: 'a', sli: { ratio: { good, total } } }),
      entry({ name: 'b', sli: { ratio: { bad, total } } }),
      entry({ name: 'c', sli: { ratio: { good, bad } } }),
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
      {
        kind: 'metric-ratio',
        good: { name: 'payments', attributes: { outcome: 'ok' } },
        bad: { name: 'payments', attributes: { outcome: 'error' } },
      },
    ]);
  });

  it('reads histogram thresholds', () => {
    const [slo] = parse(
      entry({
        objective: 95,
        period: '1w',
        sli: {
          threshold: {
            histogram: { metric: 'http.server.request.duration', attributes: { 'http.route': '/checkout' } },
            le: 0.25,
          },
        },
      }),
    );
    expect(slo).toMatchObject({ objective: 0.95, periodMinutes: 7 * 24 * 60 });
    expect(slo?.sli).toEqual({
      kind: 'metric-threshold',
      histogram: { name: 'http.server.request.duration', attributes: { 'http.route': '/checkout' } },
      thresholdBound: 0.25,
    });
  });

  it('reads every document of a file, with or without apiVersion, and skips empty ones', () => {
    const text = yamlDocs(
      { slos: [entry({ name: 'one' })] },
      { apiVersion: 'faultline/v1', slos: [entry({ service: 'cart', name: 'two' })] },
    );
    expect(parseSloDocuments(`${text}---\n`, FILE).map((slo) => slo.id)).toEqual([
      'checkout/one',
      'cart/two',
    ]);
    expect(parseSloDocuments('', FILE)).toEqual([]);
    expect(parse()).toEqual([]);
  });
});
