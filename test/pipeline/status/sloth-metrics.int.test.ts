// The Sloth gauges at 10 000 SLOs on the real Redis store: complete, and served from the last
// status evaluation without a store read per scrape.
import { Registry } from 'prom-client';
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../core/clock.js';
import type { Slo } from '../../../pipeline/slo/slo.js';
import { DEFAULT_WINDOWS_MINUTES } from '../../../pipeline/status/slo-status.js';
import { SloStatusReader } from '../../../pipeline/status/slo-status-reader.js';
import { registerSlothMetrics } from '../../../pipeline/status/sloth-metrics.js';
import { StatusRefresher } from '../../../pipeline/status/status-refresher.js';
import { SloStatusSnapshot } from '../../../pipeline/status/status-snapshot.js';
import { RedisWindowStore } from '../../../pipeline/window/redis-window-store.js';
import type { WindowStore } from '../../../pipeline/window/window-store.js';
import { testRedis } from '../../support/redis.js';

const { redis, prefix, cleanup } = testRedis();
afterAll(cleanup);

const COUNT = 10_000;
const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const END = Math.floor(NOW / 60_000) + 1;

const slos: Slo[] = Array.from({ length: COUNT }, (_, i) => ({
  id: `svc-${i % 100}/slo-${i}`,
  service: `svc-${i % 100}`,
  name: `slo-${i}`,
  objective: 0.99,
  periodMinutes: 28 * 1440,
  sli: { kind: 'availability', spans: { operations: [], attributes: {} } },
  labels: {},
  origin: { file: 'test', format: 'native' },
}));

/** The store, counting the reads that reach it and failing them on demand. */
class CountingStore implements WindowStore {
  reads = 0;
  failing = false;
  constructor(private readonly inner: WindowStore) {}
  apply = (d: Parameters<WindowStore['apply']>[0]) => this.inner.apply(d);
  appliedOffsets = (s: string, ids: readonly string[]) => this.inner.appliedOffsets(s, ids);
  windowCounts: WindowStore['windowCounts'] = async (q) => {
    this.reads += q.length;
    if (this.failing) throw new Error('store down');
    return this.inner.windowCounts(q);
  };
  ping = () => this.inner.ping();
  close = () => this.inner.close();
}

const lines = (text: string, name: string) => text.split('\n').filter((l) => l.startsWith(`${name}{`));

describe('Sloth gauges', () => {
  it('are complete at 10 000 SLOs and a scrape reads nothing from the store', async () => {
    const store = new CountingStore(new RedisWindowStore(redis, prefix));
    // Each SLO: 2 bad of 200 in the last five minutes (error ratio 0.01), one more bad hours ago.
    for (let i = 0; i < COUNT; i += 1000) {
      await store.apply(
        slos.slice(i, i + 1000).map((s) => ({
          sloId: s.id,
          retentionMinutes: 28 * 1440 + 5,
          counts: [
            { minute: END - 3, good: 198, total: 200 },
            { minute: END - 600, good: 9, total: 10 },
          ],
        })),
      );
    }
    const reader = new SloStatusReader(slos, store, DEFAULT_WINDOWS_MINUTES);
    const snapshot = new SloStatusSnapshot();
    const registry = new Registry();
    registerSlothMetrics(registry, snapshot, DEFAULT_WINDOWS_MINUTES, slos);
    const refresher = new StatusRefresher({
      reader,
      snapshot,
      schedule: { everyMs: 3_600_000 },
      clock: new ManualClock(NOW),
    });
    await refresher.runOnce();
    const readsAfterEvaluation = store.reads;
    expect(readsAfterEvaluation).toBe(COUNT);

    const text = await registry.metrics();
    const again = await registry.metrics();
    expect(store.reads).toBe(readsAfterEvaluation);
    expect(again).toBe(text);

    for (const name of [
      'slo:sli_error:ratio_rate5m',
      'slo:sli_error:ratio_rate3d',
      'slo:sli_error:ratio_rate28d',
      'slo:period_error_budget_remaining:ratio',
      'slo:current_burn_rate:ratio',
      'slo:objective:ratio',
    ]) {
      expect(lines(text, name), name).toHaveLength(COUNT);
    }
    const labels = 'sloth_service="svc-7",sloth_slo="slo-4507",sloth_id="svc-7-slo-4507"';
    expect(text).toContain(`slo:sli_error:ratio_rate5m{${labels},sloth_window="5m"} 0.01`);
    expect(text).toContain(`slo:sli_error:ratio_rate1d{${labels},sloth_window="1d"} ${3 / 210}`);
    expect(text).toContain(`slo:current_burn_rate:ratio{${labels}} ${0.01 / (1 - 0.99)}\n`);
  });

  it('are left out, not stale, when the last evaluation could not read the store', async () => {
    const store = new CountingStore(new RedisWindowStore(redis, prefix));
    const few = slos.slice(0, 3);
    const snapshot = new SloStatusSnapshot();
    const registry = new Registry();
    registerSlothMetrics(registry, snapshot, DEFAULT_WINDOWS_MINUTES, few);
    const refresher = new StatusRefresher({
      reader: new SloStatusReader(few, store, DEFAULT_WINDOWS_MINUTES),
      snapshot,
      schedule: { everyMs: 3_600_000 },
      clock: new ManualClock(NOW),
    });
    await refresher.runOnce();
    expect(lines(await registry.metrics(), 'slo:objective:ratio')).toHaveLength(3);
    store.failing = true;
    await refresher.runOnce();
    const text = await registry.metrics();
    expect(lines(text, 'slo:objective:ratio')).toHaveLength(0);
    expect(lines(text, 'sloth_slo_info')).toHaveLength(3);
  });
});
