/** Webhook bodies as Alertmanager 0.25+ sends them (payload version 4). */
export function webhookBody(
  overrides: Record<string, unknown> = {},
  alerts?: unknown[],
): Record<string, unknown> {
  return {
    receiver: 'faultline',
    status: 'firing',
    alerts: alerts ?? [
      {
        status: 'firing',
        labels: {
          alertname: 'HighErrorRate',
          service: 'payments',
          severity: 'critical',
          instance: 'pay-1:9100',
        },
        annotations: { summary: 'payments 5xx above 5%' },
        startsAt: '2025-03-01T10:00:00.123456789+01:00',
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: 'http://prometheus:9090/graph?g0.expr=up',
        fingerprint: 'c6eadffa33fcdf37',
      },
      {
        status: 'resolved',
        labels: { alertname: 'HighErrorRate', service: 'checkout', severity: 'critical' },
        annotations: {},
        startsAt: '2025-03-01T08:00:00Z',
        endsAt: '2025-03-01T09:00:00Z',
        generatorURL: '',
        fingerprint: 'bc97ff14869b13e3',
      },
    ],
    groupLabels: { alertname: 'HighErrorRate' },
    commonLabels: { alertname: 'HighErrorRate', severity: 'critical' },
    commonAnnotations: {},
    externalURL: 'http://alertmanager:9093',
    version: '4',
    groupKey: '{}:{alertname="HighErrorRate"}',
    truncatedAlerts: 0,
    ...overrides,
  };
}
