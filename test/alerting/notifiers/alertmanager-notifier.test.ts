import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { alertmanagerLabels } from '../../../alerting/alertmanager-labels.js';
import {
  AlertmanagerNotifier,
  type AlertmanagerNotifierOptions,
  type PostableAlert,
  toPostableAlert,
} from '../../../alerting/notifiers/alertmanager-notifier.js';
import type { NotifierError } from '../../../alerting/notifiers/errors.js';
import { ManualClock } from '../../../core/clock.js';
import { silentLogger } from '../../../observability/logger.js';
import { EngineMetrics } from '../../../observability/metrics.js';
import { sampleAlert, transitionTo } from './fixtures.js';
import { RecordingServer } from './recording-server.js';

const NOW = Date.parse('2025-03-01T10:05:00Z');
const MINUTE = 60_000;

let am1: RecordingServer;
let am2: RecordingServer;
let urls: string[];

beforeEach(async () => {
  am1 = new RecordingServer();
  am2 = new RecordingServer();
  urls = [await am1.start(), `${await am2.start()}/`];
});
afterEach(async () => {
  await am1.close();
  await am2.close();
});

const notifier = (overrides: Partial<AlertmanagerNotifierOptions> = {}) =>
  new AlertmanagerNotifier({
    urls,
    resendIntervalMs: MINUTE,
    timeoutMs: 5000,
    clock: new ManualClock(NOW),
    logger: silentLogger(),
    metrics: new EngineMetrics({ processMetrics: false }),
    sleep: async () => {},
    ...overrides,
  });

describe('toPostableAlert', () => {
  it('a firing alert ends 4 resend intervals from now; startsAt is when it fired', () => {
    const a = toPostableAlert(sampleAlert(), NOW, MINUTE);
    expect(a).toMatchObject({
      startsAt: '2025-03-01T10:00:00.000Z',
      endsAt: new Date(NOW + 4 * MINUTE).toISOString(),
      generatorURL: 'http://127.0.0.1:8080/api/v1/slos/checkout/availability',
    });
    expect(a?.labels).toEqual(sampleAlert().labels);
  });

  it('a resolved alert ends when it resolved, and is sent for 15 minutes after that only', () => {
    const resolved = sampleAlert({ state: 'resolved', resolvedAt: '2025-03-01T10:04:00.000Z' });
    expect(toPostableAlert(resolved, NOW, MINUTE)?.endsAt).toBe('2025-03-01T10:04:00.000Z');
    expect(toPostableAlert(resolved, Date.parse('2025-03-01T10:19:00Z'), MINUTE)).toBeDefined();
    expect(toPostableAlert(resolved, Date.parse('2025-03-01T10:19:01Z'), MINUTE)).toBeUndefined();
  });

  it('pending and inactive alerts are not Alertmanager alerts', () => {
    expect(toPostableAlert(sampleAlert({ state: 'pending' }), NOW, MINUTE)).toBeUndefined();
    expect(toPostableAlert(sampleAlert({ state: 'inactive' }), NOW, MINUTE)).toBeUndefined();
  });

  it('label names become Prometheus names and empty values are dropped', () => {
    expect(
      alertmanagerLabels({ 'app.kubernetes.io/name': 'x', '9lives': 'y', empty: '', ok_1: 'z' }),
    ).toEqual({
      app_kubernetes_io_name: 'x',
      _9lives: 'y',
      ok_1: 'z',
    });
  });
});

describe('AlertmanagerNotifier', () => {
  it('notify POSTs the alert as a JSON array to /api/v2/alerts of every Alertmanager', async () => {
    await notifier().notify(transitionTo(sampleAlert(), 'firing', '2025-03-01T10:00:00.000Z'));
    for (const am of [am1, am2]) {
      expect(am.requests.map((r) => [r.method, r.path])).toEqual([['POST', '/api/v2/alerts']]);
      const [batch] = am.json<PostableAlert[]>();
      expect(batch).toHaveLength(1);
      expect(batch?.[0]?.endsAt).toBe(new Date(NOW + 4 * MINUTE).toISOString());
    }
  });

  it('notify of a resolution sends endsAt = the resolve time; pending sends nothing', async () => {
    const n = notifier();
    await n.notify(transitionTo(sampleAlert(), 'pending', undefined, 'inactive'));
    expect(am1.requests).toHaveLength(0);
    await n.notify(transitionTo(sampleAlert(), 'resolved', '2025-03-01T10:03:00.000Z'));
    expect(am1.json<PostableAlert[]>()[0]?.[0]?.endsAt).toBe('2025-03-01T10:03:00.000Z');
  });

  it('resend sends firing and recently resolved alerts in one batch, skipping the rest', async () => {
    const firing = sampleAlert();
    const resolvedRecently = sampleAlert(
      { state: 'resolved', resolvedAt: '2025-03-01T10:01:00.000Z' },
      { slo: 'checkout/latency' },
    );
    const resolvedLongAgo = sampleAlert(
      { state: 'resolved', firedAt: '2025-03-01T08:00:00.000Z', resolvedAt: '2025-03-01T09:00:00.000Z' },
      { slo: 'checkout/old' },
    );
    const pending = sampleAlert({ state: 'pending' }, { slo: 'checkout/new' });
    const later = NOW + 30_000;
    await notifier().resend([firing, resolvedRecently, resolvedLongAgo, pending], later);
    const [batch] = am1.json<PostableAlert[]>();
    expect(batch?.map((a) => [a.labels.slo, a.endsAt])).toEqual([
      ['checkout/availability', new Date(later + 4 * MINUTE).toISOString()],
      ['checkout/latency', '2025-03-01T10:01:00.000Z'],
    ]);
    await notifier().resend([resolvedLongAgo], later);
    expect(am1.requests).toHaveLength(1);
  });

  it('succeeds when one Alertmanager of two accepts; rejects when none does', async () => {
    am2.responder = () => ({ status: 503 });
    await notifier().notify(transitionTo(sampleAlert(), 'firing'));
    expect(am2.requests).toHaveLength(3);
    am1.responder = () => ({ status: 503 });
    const err = (await notifier()
      .notify(transitionTo(sampleAlert(), 'firing'))
      .catch((e: unknown) => e)) as NotifierError;
    expect(err.code).toBe('FL_NOTIFIER_UNAVAILABLE');
  });

  it("Alertmanager's 400 (an invalid alert) rejects as permanent without retrying", async () => {
    am1.responder = () => ({ status: 400, body: '"start time must be before end time"' });
    am2.responder = am1.responder;
    const err = (await notifier()
      .notify(transitionTo(sampleAlert(), 'firing'))
      .catch((e: unknown) => e)) as NotifierError;
    expect(err.code).toBe('FL_NOTIFIER_REJECTED');
    expect(err.permanent).toBe(true);
    expect(am1.requests).toHaveLength(1);
  });

  it('an unreachable Alertmanager is a network failure, retried then rejected', async () => {
    const metrics = new EngineMetrics({ processMetrics: false });
    const err = (await notifier({ urls: ['http://127.0.0.1:1'], metrics })
      .notify(transitionTo(sampleAlert(), 'firing'))
      .catch((e: unknown) => e)) as NotifierError;
    expect(err.code).toBe('FL_NOTIFIER_UNAVAILABLE');
    expect(err.details.reason).toBe('network');
    const values = (await metrics.notifierRequests.get()).values;
    expect(values).toEqual([
      expect.objectContaining({ labels: { notifier: 'alertmanager', outcome: 'network' }, value: 3 }),
    ]);
  });
});
