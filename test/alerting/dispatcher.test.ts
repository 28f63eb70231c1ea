import { describe, expect, it } from 'vitest';
import type { Alert, AlertTransition } from '../../alerting/alert.js';
import { Dispatcher, type DispatcherOptions } from '../../alerting/dispatcher.js';
import { MemoryAlertStore } from '../../alerting/memory-alert-store.js';
import { MemoryNotifier } from '../../alerting/memory-notifier.js';
import type { Notifier } from '../../alerting/notifier.js';
import { backoffMs } from '../../alerting/outbox.js';
import { ManualClock } from '../../core/clock.js';
import { EngineMetrics } from '../../observability/metrics.js';

const alert = (fingerprint: string, state: Alert['state']): Alert => ({
  fingerprint,
  labels: { alertname: 'SLOBurnRatePage', slo: 'a/b', severity: 'page' },
  annotations: { summary: 'x' },
  state,
  severity: 'page',
  sloId: 'a/b',
  service: 'a',
  since: '2025-01-10T12:00:00.000Z',
  burnRates: { '5m': 20 },
  generatorURL: 'http://x/api/v1/slos/a%2Fb',
});
const transition = (fp: string): AlertTransition => ({
  id: `${fp}:firing:2025-01-10T12:00:00.000Z`,
  from: 'inactive',
  to: 'firing',
  at: '2025-01-10T12:00:00.000Z',
  alert: alert(fp, 'firing'),
});

async function queue(store: MemoryAlertStore, notifiers: string[], ...ts: AlertTransition[]): Promise<void> {
  const enqueue = ts.flatMap((transition) =>
    notifiers.map((notifier) => ({ notifier, transition, dueAtMs: 0 })),
  );
  await store.commit({ upserts: [], deletes: [], enqueue }, null);
}

function dispatcher(over: Partial<DispatcherOptions> & Pick<DispatcherOptions, 'outbox' | 'notifiers'>) {
  const metrics = new EngineMetrics({ processMetrics: false });
  const clock = new ManualClock(1_000_000);
  const d = new Dispatcher({
    currentAlerts: async () => [],
    isLeader: () => true,
    intervalMs: 60_000,
    resendIntervalMs: 60_000,
    initialBackoffMs: 1000,
    maxBackoffMs: 60_000,
    maxAttempts: 5,
    claimTimeoutMs: 60_000,
    clock,
    metrics,
    ...over,
  });
  const count = async (m: 'notificationsSent' | 'notifierFailures' | 'notificationsDropped') =>
    (await metrics[m].get()).values.reduce((a, v) => a + v.value, 0);
  return { d, clock, count };
}

describe('dispatcher', () => {
  it('delivers each queued transition to each notifier once', async () => {
    const store = new MemoryAlertStore();
    const [a, b] = [new MemoryNotifier('a'), new MemoryNotifier('b')];
    await queue(store, ['a', 'b'], transition('f1'), transition('f2'));
    const { d, count } = dispatcher({ outbox: store, notifiers: [a, b] });
    await d.deliverDue();
    await d.deliverDue();
    expect(a.transitions.map((t) => t.id).sort()).toEqual([transition('f1').id, transition('f2').id]);
    expect([...b.counts().values()]).toEqual([1, 1]);
    expect(await count('notificationsSent')).toBe(4);
    expect(await store.pending('a')).toBe(0);
  });

  it('retries a failed notification with exponential backoff and counts each failure', async () => {
    const store = new MemoryAlertStore();
    const n = new MemoryNotifier('n');
    n.failNext = 2;
    await queue(store, ['n'], transition('f1'));
    const { d, clock, count } = dispatcher({ outbox: store, notifiers: [n] });
    await d.deliverDue(); // attempt 1 fails: due again in 1 s
    await d.deliverDue();
    expect(n.transitions).toEqual([]);
    clock.advance(1000);
    await d.deliverDue(); // attempt 2 fails: due again in 2 s
    clock.advance(1999);
    await d.deliverDue();
    expect(n.transitions).toEqual([]);
    clock.advance(1);
    await d.deliverDue(); // attempt 3 succeeds
    expect(n.counts()).toEqual(new Map([[transition('f1').id, 1]]));
    expect(await count('notifierFailures')).toBe(2);
  });

  it('gives up after the last attempt and counts the notification as dropped', async () => {
    const store = new MemoryAlertStore();
    const n = new MemoryNotifier('n');
    n.failNext = 100;
    await queue(store, ['n'], transition('f1'));
    const { d, clock, count } = dispatcher({ outbox: store, notifiers: [n], maxAttempts: 3 });
    for (let i = 0; i < 6; i++) {
      await d.deliverDue();
      clock.advance(60_000);
    }
    expect(await count('notifierFailures')).toBe(3);
    expect(await count('notificationsDropped')).toBe(1);
    expect(await store.pending('n')).toBe(0);
  });

  it('does not let a notifier that hangs hold up the others; the hung call times out and is retried', async () => {
    const store = new MemoryAlertStore();
    const fast = new MemoryNotifier('fast');
    const hanging: Notifier = { name: 'hang', notify: () => new Promise(() => {}), close: async () => {} };
    await queue(store, ['fast', 'hang'], transition('f1'));
    const { d, count } = dispatcher({ outbox: store, notifiers: [fast, hanging], claimTimeoutMs: 100 });
    d.wake();
    await expect.poll(() => fast.transitions.length).toBe(1);
    await d.deliverDue();
    expect(await count('notifierFailures')).toBe(1);
    expect(await store.pending('hang')).toBe(1);
  });

  it('sends each transition once when several dispatchers share the outbox', async () => {
    const store = new MemoryAlertStore();
    const ts = Array.from({ length: 20 }, (_, i) => transition(`f${i}`));
    await queue(store, ['n'], ...ts);
    const notifiers = [new MemoryNotifier('n'), new MemoryNotifier('n'), new MemoryNotifier('n')];
    await Promise.all(notifiers.map((n) => dispatcher({ outbox: store, notifiers: [n] }).d.deliverDue()));
    const all = notifiers.flatMap((n) => n.transitions.map((t) => t.id));
    expect(all.sort()).toEqual(ts.map((t) => t.id).sort());
  });

  it('re-sends firing and resolved alerts, only while leading, only to notifiers that take re-sends', async () => {
    const store = new MemoryAlertStore();
    const am = new MemoryNotifier('alertmanager');
    const slack = new MemoryNotifier('slack', { resend: false });
    let leading = false;
    const alerts = [alert('f1', 'firing'), alert('f2', 'pending'), alert('f3', 'resolved')];
    const { d } = dispatcher({
      outbox: store,
      notifiers: [am, slack],
      currentAlerts: async () => alerts,
      isLeader: () => leading,
    });
    await d.resendNow();
    expect(am.resends).toEqual([]);
    leading = true;
    await d.resendNow();
    expect(am.resends.map((r) => r.alerts.map((a) => a.fingerprint))).toEqual([['f1', 'f3']]);
    expect(slack.resend).toBeUndefined();
  });

  it('closes its notifiers on close', async () => {
    const n = new MemoryNotifier('n');
    const { d } = dispatcher({ outbox: new MemoryAlertStore(), notifiers: [n] });
    await d.start();
    await d.close();
    expect(n.closed).toBe(true);
  });
});

describe('backoff', () => {
  it('doubles from the initial delay up to the cap', () => {
    expect([1, 2, 3, 4, 10].map((a) => backoffMs(a, 1000, 5000))).toEqual([1000, 2000, 4000, 5000, 5000]);
  });
});
