import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryNotifier } from '../../alerting/memory-notifier.js';
import { loadConfig } from '../../config/load.js';
import { ManualClock } from '../../core/clock.js';
import { createEngine, type RunningParts } from '../../engine/create-engine.js';
import { silentLogger } from '../../observability/logger.js';
import { parseSloDocuments } from '../../pipeline/slo/load-slos.js';
import { MIN, traffic } from './support/alerting-fixture.js';

// The engine on embedded defaults evaluates SLO alerts, queues them to its notifiers and
// lists them on GET /api/v1/alerts.
const slos = parseSloDocuments(
  `slos:
  - { service: checkout, name: availability, objective: 99.9, period: 30d, sli: { availability: {} } }
  - { service: cart, name: availability, objective: 99.9, period: 30d, sli: { availability: {} } }
`,
  'inline.yaml',
);
const clock = new ManualClock(Date.UTC(2025, 0, 10, 12, 0, 0));
const notifier = new MemoryNotifier('memory');
let running: RunningParts;
let api: string;

beforeAll(async () => {
  const config = loadConfig({
    env: {
      FAULTLINE_HTTP_PORT: '0',
      FAULTLINE_OTLP_PORT: '0',
      FAULTLINE_ALERTING_EXTERNAL_URL: 'https://fl.example.com/',
    },
  });
  running = createEngine(config, { logger: silentLogger(), slos, clock, notifiers: [notifier] });
  await running.engine.start();
  api = `http://127.0.0.1:${running.api.address().port}`;
  const now = clock.now();
  await traffic(running.store, 'checkout/availability', now - 3 * 1440 * MIN, now, { good: 100, total: 100 });
  await traffic(running.store, 'checkout/availability', now - 5 * MIN, now, { good: 0, total: 50 });
  await traffic(running.store, 'cart/availability', now - 3 * 1440 * MIN, now, { good: 100, total: 100 });
});
afterAll(async () => running.engine.close());

describe('alerting in the engine', () => {
  it('evaluates on its loop, notifies once per transition and lists alerts by state', async () => {
    const alerting = running.alerting!;
    const first = await alerting.loop.runOnce();
    expect(first?.transitions.map((t) => t.alert.labels.alertname)).toEqual(['SLOBurnRatePage']);
    await alerting.dispatcher.deliverDue();
    await alerting.loop.runOnce();
    await alerting.dispatcher.deliverDue();
    expect([...notifier.counts().values()]).toEqual([1]);
    expect(notifier.transitions[0]?.alert.generatorURL).toBe(
      'https://fl.example.com/api/v1/slos/checkout%2Favailability',
    );

    const res = await fetch(`${api}/api/v1/alerts?state=firing`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { alerts: Array<{ labels: Record<string, string>; state: string }> };
    expect(body.alerts.map((a) => [a.labels.alertname, a.labels.slo, a.state])).toEqual([
      ['SLOBurnRatePage', 'checkout/availability', 'firing'],
    ]);
    const resolved = (await (await fetch(`${api}/api/v1/alerts?state=resolved`)).json()) as {
      alerts: unknown[];
    };
    expect(resolved.alerts).toEqual([]);
  });

  it('answers 400 to an unknown state', async () => {
    const res = await fetch(`${api}/api/v1/alerts?state=burning`);
    expect(res.status).toBe(400);
  });
});
