import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryExternalAlertStore } from '../../alerting/receiver/memory-external-alert-store.js';
import type { ReceiverConfig } from '../../api/routes/alertmanager-webhook.js';
import { buildApi } from '../../api/server.js';
import { ManualClock } from '../../core/clock.js';
import { createLogger, silentLogger } from '../../observability/logger.js';
import { EngineMetrics } from '../../observability/metrics.js';
import { MemorySeriesStore } from '../../pipeline/series/memory-series-store.js';
import { SloStatusReader } from '../../pipeline/status/slo-status-reader.js';
import { MemoryWindowStore } from '../../pipeline/window/memory-window-store.js';
import { webhookBody } from '../alerting/receiver/payloads.js';

const TOKEN = 'receiver-token-0123456789';
const WEBHOOK = '/api/v1/alertmanager/webhook';
const clock = new ManualClock(Date.parse('2025-03-01T10:00:05Z'));

let app: FastifyInstance | undefined;
afterEach(async () => app?.close());

function api(receiver: ReceiverConfig | undefined, logger = silentLogger()) {
  const store = new MemoryExternalAlertStore({ now: () => clock.now() });
  const metrics = new EngineMetrics({ processMetrics: false });
  app = buildApi({
    logger,
    metrics,
    clock,
    status: new SloStatusReader([], new MemoryWindowStore(), [5]),
    series: new MemorySeriesStore({ resolutionMs: 10_000, retentionMs: 3_600_000 }),
    readiness: async () => [],
    ...(receiver ? { externalAlerts: { store, receiver } } : {}),
  });
  return { app, store, metrics };
}

const post = (a: FastifyInstance, body: unknown, headers: Record<string, string> = {}) =>
  a.inject({
    method: 'POST',
    url: WEBHOOK,
    headers: { 'content-type': 'application/json', ...headers },
    payload: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('POST /api/v1/alertmanager/webhook', () => {
  it('stores the alerts of an authenticated webhook and lists them', async () => {
    const { app, store } = api({ bearerToken: TOKEN, serviceLabel: 'service' });
    const res = await post(app, webhookBody(), { authorization: `Bearer ${TOKEN}` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', alerts: 2, changed: 2, refused: [], truncatedAlerts: 0 });
    expect((await store.get('c6eadffa33fcdf37'))?.service).toBe('payments');

    const firing = await app.inject({ url: '/api/v1/alertmanager/alerts?status=firing' });
    expect(firing.json().alerts.map((a: { fingerprint: string }) => a.fingerprint)).toEqual([
      'c6eadffa33fcdf37',
    ]);
    const checkout = await app.inject({ url: '/api/v1/alertmanager/alerts?service=checkout' });
    expect(checkout.json().alerts).toHaveLength(1);
    const bad = await app.inject({ url: '/api/v1/alertmanager/alerts?status=maybe' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('FL_API_BAD_REQUEST');
  });

  it('an identical webhook replay reported changed: 1', async () => {
    const { app } = api({ bearerToken: TOKEN, serviceLabel: 'service' });
    const auth = { authorization: `Bearer ${TOKEN}` };
    expect((await post(app, webhookBody(), auth)).json().changed).toBe(2);
    clock.advance(1000);
    expect((await post(app, webhookBody(), auth)).json().changed).toBe(0);
  });

  it('external alerts grew without a byte bound (672 MiB, then GET answered 500); now the store keeps 32 MiB and GET answers', async () => {
    const { app } = api({ bearerToken: TOKEN, serviceLabel: 'service' });
    const auth = { authorization: `Bearer ${TOKEN}` };
    // 600 alerts of 60 000 bytes each (under the 64 KiB per alert), 36 MB, in webhooks of 120
    const description = 'd'.repeat(60_000);
    for (let batch = 0; batch < 5; batch++) {
      const alerts = Array.from({ length: 120 }, (_, i) => ({
        status: 'firing',
        labels: { alertname: 'Big', service: 'payments', n: String(batch * 120 + i) },
        annotations: { description },
        startsAt: '2025-03-01T10:00:00Z',
        fingerprint: (batch * 120 + i).toString(16).padStart(16, '0'),
      }));
      expect((await post(app, webhookBody({}, alerts), auth)).statusCode).toBe(200);
    }
    const res = await app.inject({ url: '/api/v1/alertmanager/alerts' });
    expect(res.statusCode).toBe(200);
    const kept = res.json().alerts as Array<{ fingerprint: string }>;
    expect(kept.length).toBeLessThan(600);
    expect(res.rawPayload.length).toBeLessThanOrEqual(32 * 1024 * 1024 + 64 * 1024);
    // the least recently recorded went first: the last one posted is still there
    expect(kept.map((a) => a.fingerprint)).toContain((599).toString(16).padStart(16, '0'));
  });

  it('an alert starting in the year 275760 was accepted and pinned; now refused, the rest kept', async () => {
    const { app, store, metrics } = api({ bearerToken: TOKEN, serviceLabel: 'service' });
    const [good] = webhookBody().alerts as Array<Record<string, unknown>>;
    const far = { ...good, fingerprint: 'aaaaaaaaaaaaaaaa', startsAt: '+275760-09-13T00:00:00Z' };
    const ancient = { ...good, fingerprint: 'bbbbbbbbbbbbbbbb', startsAt: '1900-01-01T00:00:00Z' };
    const endless = { ...good, fingerprint: 'cccccccccccccccc', endsAt: '9999-01-01T00:00:00Z' };
    const res = await post(app, webhookBody({}, [good, far, ancient, endless]), {
      authorization: `Bearer ${TOKEN}`,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      alerts: 1,
      refused: ['aaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbb', 'cccccccccccccccc'].map((fingerprint) => ({
        fingerprint,
        reason: 'time_out_of_range',
      })),
    });
    expect(await store.get('aaaaaaaaaaaaaaaa')).toBeUndefined();
    expect((await store.list()).map((a) => a.fingerprint)).toEqual(['c6eadffa33fcdf37']);
    const refused = await metrics.registry
      .getSingleMetric('faultline_alertmanager_webhook_refused_alerts_total')
      ?.get();
    expect(refused?.values[0]).toMatchObject({ value: 3, labels: { reason: 'time_out_of_range' } });
  });

  it('401 with WWW-Authenticate without or with wrong credentials, whatever the body', async () => {
    const { app, store, metrics } = api({
      bearerToken: TOKEN,
      basicAuth: { username: 'am', password: 'pw' },
      serviceLabel: 'service',
    });
    const attempts: Array<Record<string, string>> = [
      {},
      { authorization: 'Bearer nope' },
      { authorization: 'Basic YW06bm9wZQ==' },
    ];
    for (const headers of attempts) {
      const res = await post(app, 'not even json', headers);
      expect(res.statusCode).toBe(401);
      expect(res.headers['www-authenticate']).toEqual([
        'Bearer realm="faultline"',
        'Basic realm="faultline", charset="UTF-8"',
      ]);
      expect(res.json().error.code).toBe('FL_API_UNAUTHORIZED');
    }
    const basic = await post(app, webhookBody(), {
      authorization: `Basic ${Buffer.from('am:pw').toString('base64')}`,
    });
    expect(basic.statusCode).toBe(200);
    expect(await store.list()).toHaveLength(2);
    const counted = (await metrics.receiverRequests.get()).values.map((v) => [v.labels.outcome, v.value]);
    expect(counted).toEqual(
      expect.arrayContaining([
        ['unauthorized', 3],
        ['accepted', 1],
      ]),
    );
  });

  it('400 FL_RECEIVER_INVALID_PAYLOAD for a body that is not JSON or not a webhook payload', async () => {
    const { app, store } = api({ serviceLabel: 'service' });
    for (const body of ['{"version": "4", ', '', JSON.stringify({ version: '4', alerts: 'none' })]) {
      const res = await post(app, body);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('FL_RECEIVER_INVALID_PAYLOAD');
    }
    expect(await store.list()).toEqual([]);
  });

  it('takes newer fields it does not know, and warns when Alertmanager truncated the group (only that)', async () => {
    const lines: string[] = [];
    const logger = createLogger(
      'info',
      new Writable({
        write(chunk: Buffer, _e, done) {
          lines.push(chunk.toString('utf8'));
          done();
        },
      }),
    );
    const { app } = api({ serviceLabel: 'service' }, logger);
    const res = await post(
      app,
      webhookBody({ notification_reason: 'new', routeLabels: {}, truncatedAlerts: 3 }),
    );
    expect(res.statusCode).toBe(200);
    expect(res.json().truncatedAlerts).toBe(3);
    const log = lines.join('');
    expect(log).not.toContain('without authentication');
    expect(log).toContain('max_alerts');
  });

  it('is not served when the engine gives the API no external alert store', async () => {
    const { app } = api(undefined);
    expect((await post(app, webhookBody())).statusCode).toBe(404);
  });
});
