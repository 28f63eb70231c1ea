// The upgrade an operator runs: a Redis written by the v1 store, then the engine on the new
// code starts on it and answers from exact counts, through its own status reader.
import { afterAll, expect, it } from 'vitest';
import { loadConfig } from '../../../config/load.js';
import { endMinuteAt, ManualClock } from '../../../core/clock.js';
import { createEngine } from '../../../engine/create-engine.js';
import { silentLogger } from '../../../observability/logger.js';
import { parseSloDocuments } from '../../../pipeline/slo/load-slos.js';
import type { MinuteCount } from '../../../pipeline/window/window-store.js';
import { testRedis } from '../../support/redis.js';
import { REDIS_URL } from '../../support/services.js';
import { V1RedisWindowStore } from '../../support/v1-window-store/v1-redis-window-store.js';

const redis = testRedis();
afterAll(redis.cleanup);

const slos = parseSloDocuments(
  `slos:
  - { service: checkout, name: availability, objective: 99, period: 28d, sli: { availability: {} } }
`,
  'inline.yaml',
);

it('an engine started on a store the v1 code wrote reads every window exactly', async () => {
  const now = Date.now();
  const end = endMinuteAt(now);
  const counts: MinuteCount[] = [];
  for (let m = end - 29 * 1440; m < end; m += 11) counts.push({ minute: m, good: 90 + (m % 10), total: 100 });
  await new V1RedisWindowStore(redis.redis, redis.prefix).apply([
    { sloId: 'checkout/availability', retentionMinutes: 28 * 1440 + 5, counts },
  ]);

  const config = loadConfig({
    env: {
      FAULTLINE_HTTP_PORT: '0',
      FAULTLINE_OTLP_PORT: '0',
      FAULTLINE_REDIS_URL: REDIS_URL,
      FAULTLINE_REDIS_KEY_PREFIX: redis.prefix,
    },
  });
  const running = createEngine(config, { logger: silentLogger(), slos, clock: new ManualClock(now) });
  await running.engine.start();
  try {
    const [status] = await running.status.read(end);
    const sum = (from: number) => {
      const inside = counts.filter((c) => c.minute >= from && c.minute < end);
      return { good: inside.reduce((n, c) => n + c.good, 0), total: inside.reduce((n, c) => n + c.total, 0) };
    };
    // The period from its first whole hour; every window exactly.
    const periodStart = Math.ceil((end - 28 * 1440) / 60) * 60;
    expect({ good: status?.good, total: status?.total }).toEqual(sum(periodStart));
    for (const w of status?.windows ?? []) {
      expect({ window: w.window, good: w.good, total: w.total }).toEqual({
        window: w.window,
        ...sum(end - w.minutes),
      });
    }
    expect(status?.windows.map((w) => w.window)).toEqual(['5m', '30m', '1h', '2h', '6h', '1d', '3d']);
  } finally {
    await running.engine.close();
  }
});
