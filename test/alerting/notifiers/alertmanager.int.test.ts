import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertLabels, renderAlert } from '../../../alerting/alert-content.js';
import { fingerprint } from '../../../alerting/fingerprint.js';
import { AlertmanagerNotifier } from '../../../alerting/notifiers/alertmanager-notifier.js';
import type { AlertmanagerPayload } from '../../../alerting/receiver/alertmanager-payload.js';
import { MemoryExternalAlertStore } from '../../../alerting/receiver/memory-external-alert-store.js';
import { buildApi } from '../../../api/server.js';
import { systemClock } from '../../../core/clock.js';
import { silentLogger } from '../../../observability/logger.js';
import { EngineMetrics } from '../../../observability/metrics.js';
import { MemorySeriesStore } from '../../../pipeline/series/memory-series-store.js';
import type { SloStatus } from '../../../pipeline/status/slo-status.js';
import { SloStatusReader } from '../../../pipeline/status/slo-status-reader.js';
import { MemoryWindowStore } from '../../../pipeline/window/memory-window-store.js';
import { sampleAlert, transitionTo } from './fixtures.js';

// A real Alertmanager (Debian's prometheus-alertmanager, run by scripts/alertmanager.sh) takes
// faultline's alerts over API v2, groups them by alertname and slo, and posts each group back
// to faultline's webhook receiver, which this test serves on the port the script's config names.

const script = fileURLToPath(new URL('../../../scripts/alertmanager.sh', import.meta.url));
const AM = `http://127.0.0.1:${process.env.FAULTLINE_ALERTMANAGER_PORT ?? '19093'}`;
const RECEIVER_PORT = Number(process.env.FAULTLINE_ALERTMANAGER_RECEIVER_PORT ?? '19094');
const TOKEN = process.env.FAULTLINE_ALERTMANAGER_RECEIVER_TOKEN ?? 'faultline-test-token';

const metrics = new EngineMetrics({ processMetrics: false });
const store = new MemoryExternalAlertStore({ now: () => Date.now() });
const payloads: AlertmanagerPayload[] = [];
let receiver: FastifyInstance;

/** Listens on the fixed receiver port, waiting while another test run holds it. */
async function listenOnReceiverPort(app: FastifyInstance): Promise<void> {
  for (let waited = 0; ; waited += 500) {
    try {
      await app.listen({ host: '127.0.0.1', port: RECEIVER_PORT });
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || waited > 60_000) throw err;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A notifier that posts to the test's Alertmanager. */
function newNotifier(): AlertmanagerNotifier {
  return new AlertmanagerNotifier({
    urls: [AM],
    resendIntervalMs: 60_000,
    timeoutMs: 5000,
    clock: systemClock,
    logger: silentLogger(),
    metrics,
  });
}

beforeAll(async () => {
  try {
    execFileSync('bash', [script, 'up'], { stdio: ['ignore', 'inherit', 'inherit'], timeout: 60_000 });
  } catch (err) {
    throw new Error(
      `Alertmanager did not start: 'bash scripts/alertmanager.sh up' failed (${(err as Error).message.split('\n')[0]}). ` +
        "It needs Debian's prometheus-alertmanager package.",
    );
  }
  receiver = buildApi({
    logger: silentLogger(),
    metrics,
    clock: systemClock,
    status: new SloStatusReader([], new MemoryWindowStore(), [5]),
    series: new MemorySeriesStore(),
    readiness: async () => [],
    externalAlerts: { store, receiver: { bearerToken: TOKEN, serviceLabel: 'service' } },
  });
  // Keeps each webhook body as it arrived, to check what Alertmanager itself sent.
  receiver.addHook('preHandler', async (request) => {
    if (request.url === '/api/v1/alertmanager/webhook') payloads.push(request.body as AlertmanagerPayload);
  });
  await listenOnReceiverPort(receiver);
});
afterAll(async () => receiver?.close());

describe('Alertmanager notifier against a real Alertmanager', () => {
  it('a firing alert arrives at the receiver grouped; its resolution arrives as resolved', async () => {
    // A unique slo label: a group of its own, apart from other runs' alerts.
    const slo = `checkout/availability-${randomUUID().slice(0, 8)}`;
    const firedAt = new Date(Date.now() - 60_000).toISOString();
    const alert = sampleAlert({ since: firedAt, firedAt }, { slo });
    expect(alert.fingerprint).toBe(fingerprint(alert.labels));
    const notifier = newNotifier();
    const ofGroup = (status: 'firing' | 'resolved') =>
      payloads.find((p) => p.groupLabels.slo === slo && p.status === status);

    await notifier.notify(transitionTo(alert, 'firing', firedAt));
    const fired = await until('the firing notification', () => ofGroup('firing'));
    expect(fired.version).toBe('4');
    expect(fired.receiver).toBe('faultline');
    expect(fired.groupLabels).toEqual({ alertname: 'SLOBurnRatePage', slo });
    expect(fired.alerts).toHaveLength(1);
    expect(fired.alerts[0]).toMatchObject({
      status: 'firing',
      labels: alert.labels,
      fingerprint: alert.fingerprint,
      generatorURL: alert.generatorURL,
    });
    // Go prints times with trailing zeros of the fraction cut: compare instants, not text.
    expect(Date.parse(fired.alerts[0]!.startsAt)).toBe(Date.parse(firedAt));
    expect(fired.alerts[0]?.annotations.summary).toBe(alert.annotations.summary);

    // Alertmanager's own view of the alert carries the fingerprint faultline computed.
    const listed = (await (
      await fetch(`${AM}/api/v2/alerts?filter=${encodeURIComponent(`slo="${slo}"`)}`)
    ).json()) as Array<{ fingerprint: string; status: { state: string }; labels: Record<string, string> }>;
    expect(listed).toHaveLength(1);
    expect(listed[0]?.fingerprint).toBe(alert.fingerprint);
    expect(listed[0]?.status.state).toBe('active');
    expect((await store.get(alert.fingerprint))?.status).toBe('firing');

    const resolvedAt = new Date().toISOString();
    await notifier.notify(transitionTo(alert, 'resolved', resolvedAt));
    const resolved = await until('the resolved notification', () => ofGroup('resolved'));
    expect(resolved.alerts).toEqual([
      expect.objectContaining({ status: 'resolved', fingerprint: alert.fingerprint }),
    ]);
    expect(Date.parse(resolved.alerts[0]!.endsAt ?? '')).toBe(Date.parse(resolvedAt));
    const stored = await store.get(alert.fingerprint);
    expect(stored).toMatchObject({ status: 'resolved', service: 'checkout', endsAt: resolvedAt });
    await notifier.close();
  });

  it('fingerprint disagreed with Alertmanager for SLO labels with dots and empty values', async () => {
    // Alertmanager receives `app.kubernetes.io/name` as `app_kubernetes_io_name` and no label
    // for an empty value; faultline used to hash the labels as written, so the two differed.
    const slo = `checkout/availability-${randomUUID().slice(0, 8)}`;
    const firedAtMs = Date.now() - 60_000;
    const status: SloStatus = {
      id: slo,
      service: 'checkout',
      sampled: false,
      name: 'availability',
      objective: 0.999,
      period: '30d',
      periodMinutes: 43_200,
      sliKind: 'availability',
      labels: { 'app.kubernetes.io/name': 'checkout', 'team.owner': '', tier: '', 'cost-centre': 'eu-1' },
      at: new Date().toISOString(),
      good: 900,
      total: 1000,
      sli: 0.9,
      errorBudget: 0.001,
      errorBudgetRemaining: 0.5,
      windows: [{ window: '5m', minutes: 5, good: 90, total: 100, errorRatio: 0.1, burnRate: 100 }],
    };
    const episode = { longWindowMinutes: 60, shortWindowMinutes: 5, factor: 14.4 };
    const alert = renderAlert({
      status,
      labels: alertLabels(status, 'SLOBurnRatePage', 'page', episode),
      alertname: 'SLOBurnRatePage',
      severity: 'page',
      episode,
      machine: { state: 'firing', sinceMs: firedAtMs, firedAtMs },
      generatorURL: 'http://127.0.0.1:8080/',
    });
    expect(alert.labels['app.kubernetes.io/name']).toBe('checkout');
    const notifier = newNotifier();
    const firedAt = new Date(firedAtMs).toISOString();
    await notifier.notify(transitionTo(alert, 'firing', firedAt));
    const listed = (await until('the alert in Alertmanager', async () => {
      const res = await fetch(`${AM}/api/v2/alerts?filter=${encodeURIComponent(`slo="${slo}"`)}`);
      const body = (await res.json()) as Array<{ fingerprint: string; labels: Record<string, string> }>;
      return body.length > 0 ? body : undefined;
    })) as Array<{ fingerprint: string; labels: Record<string, string> }>;
    expect(listed).toHaveLength(1);
    expect(listed[0]?.labels.app_kubernetes_io_name).toBe('checkout');
    expect(listed[0]?.labels).not.toHaveProperty('tier');
    expect(listed[0]?.fingerprint).toBe(alert.fingerprint);
    const webhook = await until('the webhook', () =>
      payloads.find((p) => p.groupLabels.slo === slo && p.status === 'firing'),
    );
    expect(webhook.alerts[0]?.fingerprint).toBe(alert.fingerprint);
    await notifier.notify(transitionTo(alert, 'resolved', new Date().toISOString()));
    await notifier.close();
  });
});
