import { describe, expect, it } from 'vitest';
import {
  parseAlertmanagerPayload,
  toExternalAlerts,
} from '../../../alerting/receiver/alertmanager-payload.js';
import { hasCode } from '../../../core/faultline-error.js';
import { webhookBody } from './payloads.js';

const RECEIVED = Date.parse('2025-03-01T10:00:05Z');

function errorOf(body: unknown): unknown {
  try {
    parseAlertmanagerPayload(body);
  } catch (err) {
    return err;
  }
  throw new Error('expected the payload to be refused');
}

describe('Alertmanager webhook payload', () => {
  it('becomes external alerts: times normalised, zero endsAt dropped, service from the label', () => {
    const alerts = toExternalAlerts(parseAlertmanagerPayload(webhookBody()), 'service', RECEIVED);
    expect(alerts).toEqual([
      {
        fingerprint: 'c6eadffa33fcdf37',
        status: 'firing',
        labels: {
          alertname: 'HighErrorRate',
          service: 'payments',
          severity: 'critical',
          instance: 'pay-1:9100',
        },
        annotations: { summary: 'payments 5xx above 5%' },
        startsAt: '2025-03-01T09:00:00.123Z',
        generatorURL: 'http://prometheus:9090/graph?g0.expr=up',
        service: 'payments',
        receivedAt: '2025-03-01T10:00:05.000Z',
        source: {
          receiver: 'faultline',
          groupKey: '{}:{alertname="HighErrorRate"}',
          externalURL: 'http://alertmanager:9093',
        },
      },
      expect.objectContaining({
        fingerprint: 'bc97ff14869b13e3',
        status: 'resolved',
        startsAt: '2025-03-01T08:00:00.000Z',
        endsAt: '2025-03-01T09:00:00.000Z',
        service: 'checkout',
      }),
    ]);
    expect(alerts[1]).not.toHaveProperty('generatorURL');
  });

  it('reads the service from the configured label, and leaves it out when absent', () => {
    const alerts = toExternalAlerts(parseAlertmanagerPayload(webhookBody()), 'instance', RECEIVED);
    expect(alerts.map((a) => a.service)).toEqual(['pay-1:9100', undefined]);
  });

  it('tolerates fields newer Alertmanagers add, and older ones leave out', () => {
    const body = webhookBody({
      notification_reason: 'repeat',
      routeLabels: { team: 'x' },
      truncatedAlerts: undefined,
    });
    const payload = parseAlertmanagerPayload(body);
    expect(payload.truncatedAlerts).toBe(0);
    const alert = {
      ...(webhookBody().alerts as object[])[0],
      silenceURL: 'http://am/silence',
      values: { A: 1 },
    };
    expect(parseAlertmanagerPayload(webhookBody({}, [alert])).alerts).toHaveLength(1);
  });

  it.each([
    ['not an object', 'hello', '(body)'],
    ['no alerts', webhookBody({ alerts: undefined }), 'alerts'],
    ['a bad status', webhookBody({ status: 'broken' }), 'status'],
    [
      'an alert without labels',
      webhookBody({}, [
        { status: 'firing', startsAt: '2025-03-01T10:00:00Z', fingerprint: '0123456789abcdef' },
      ]),
      'alerts.0.labels',
    ],
    [
      'a bad time',
      webhookBody({}, [
        { status: 'firing', labels: {}, startsAt: 'yesterday', fingerprint: '0123456789abcdef' },
      ]),
      'alerts.0.startsAt',
    ],
    [
      'a bad fingerprint',
      webhookBody({}, [
        { status: 'firing', labels: {}, startsAt: '2025-03-01T10:00:00Z', fingerprint: 'xyz' },
      ]),
      'alerts.0.fingerprint',
    ],
  ])('refuses %s with FL_RECEIVER_INVALID_PAYLOAD naming the field', (_what, body, path) => {
    const err = errorOf(body);
    expect(hasCode(err, 'FL_RECEIVER_INVALID_PAYLOAD')).toBe(true);
    expect((err as { details: { path: string } }).details.path).toBe(path === '(body)' ? '' : path);
  });
});
