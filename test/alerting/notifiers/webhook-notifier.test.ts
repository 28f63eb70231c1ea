import { createHmac, timingSafeEqual } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NotifierError } from '../../../alerting/notifiers/errors.js';
import {
  signBody,
  WebhookNotifier,
  type WebhookNotifierOptions,
  type WebhookPayload,
} from '../../../alerting/notifiers/webhook-notifier.js';
import { EngineMetrics } from '../../../observability/metrics.js';
import { sampleAlert, transitionTo } from './fixtures.js';
import { type RecordedRequest, RecordingServer } from './recording-server.js';

const SECRET = 'a-shared-secret-of-some-length';

/** What a receiver does: recompute the HMAC of the raw body and compare in constant time. */
function verified(request: RecordedRequest, secret: string): boolean {
  const header = request.headers['x-faultline-signature'];
  if (typeof header !== 'string' || !header.startsWith('sha256=')) return false;
  const expected = createHmac('sha256', secret).update(request.body).digest();
  const given = Buffer.from(header.slice('sha256='.length), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

let server: RecordingServer;
let url: string;

beforeEach(async () => {
  // The receiver refuses (401) anything whose signature does not verify.
  server = new RecordingServer((req) =>
    verified(req, SECRET) ? { status: 204 } : { status: 401, body: 'bad signature' },
  );
  url = `${await server.start()}/hooks/faultline`;
});
afterEach(async () => server.close());

const notifier = (overrides: Partial<WebhookNotifierOptions> = {}) =>
  new WebhookNotifier({
    name: 'ops',
    url,
    secret: SECRET,
    timeoutMs: 5000,
    metrics: new EngineMetrics({ processMetrics: false }),
    sleep: async () => {},
    ...overrides,
  });

describe('WebhookNotifier', () => {
  it('POSTs {version, transition, alert} signed with HMAC-SHA256 and the transition id as delivery id', async () => {
    const t = transitionTo(sampleAlert(), 'firing');
    await notifier().notify(t);
    const [request] = server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers['x-faultline-delivery']).toBe(t.id);
    expect(verified(request!, SECRET)).toBe(true);
    const payload = JSON.parse(request!.body) as WebhookPayload;
    expect(payload).toEqual({ version: '1', transition: t, alert: t.alert });
  });

  it('signs the exact bytes sent, non-ASCII text included', async () => {
    const alert = sampleAlert({ annotations: { summary: 'Zahlungsdienst überlastet — 支付 🔥' } });
    await notifier().notify(transitionTo(alert, 'resolved', '2025-03-01T11:00:00.000Z'));
    expect(verified(server.requests[0]!, SECRET)).toBe(true);
    expect(server.requests[0]?.headers['x-faultline-signature']).toBe(
      signBody(server.requests[0]!.body, SECRET),
    );
  });

  it('a receiver with another secret refuses it: rejected as permanent, not retried', async () => {
    const err = (await notifier({ secret: 'some-other-secret-entirely' })
      .notify(transitionTo(sampleAlert(), 'firing'))
      .catch((e: unknown) => e)) as NotifierError;
    expect(err.code).toBe('FL_NOTIFIER_REJECTED');
    expect(err.details).toMatchObject({ notifier: 'webhook:ops', permanent: true, status: 401 });
    expect(server.requests).toHaveLength(1);
    expect(`${String(err)} ${JSON.stringify(err.details)}`).not.toContain('some-other-secret');
  });

  it('sends the same delivery id on every retry, so receivers can drop repeats', async () => {
    server.responder = (req, i) =>
      i < 2 ? { status: 502 } : verified(req, SECRET) ? { status: 200 } : { status: 401 };
    const t = transitionTo(sampleAlert(), 'firing');
    await notifier().notify(t);
    expect(server.requests.map((r) => r.headers['x-faultline-delivery'])).toEqual([t.id, t.id, t.id]);
  });
});
