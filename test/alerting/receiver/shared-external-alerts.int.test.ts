import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../config/load.js';
import { createEngine, type RunningParts } from '../../../engine/create-engine.js';
import { silentLogger } from '../../../observability/logger.js';
import { testRedis } from '../../support/redis.js';
import { REDIS_URL } from '../../support/services.js';
import { webhookBody } from './payloads.js';

// Two engines on one Redis, as two instances behind a load balancer: Alertmanager's webhook
// reaches one of them, and both (whichever leads incident grouping) see its alerts.
const TOKEN = 'receiver-token-0123456789';
const { prefix, cleanup } = testRedis();
const engines: RunningParts[] = [];

afterAll(async () => {
  await Promise.all(engines.map((e) => e.engine.close()));
  await cleanup();
});

async function engine(): Promise<string> {
  const config = loadConfig({
    env: {
      FAULTLINE_HTTP_PORT: '0',
      FAULTLINE_OTLP_ENABLED: 'false',
      FAULTLINE_REDIS_URL: REDIS_URL,
      FAULTLINE_REDIS_KEY_PREFIX: prefix,
      FAULTLINE_RECEIVER_BEARER_TOKEN: TOKEN,
    },
  });
  const parts = createEngine(config, { logger: silentLogger() });
  engines.push(parts);
  await parts.engine.start();
  return `http://127.0.0.1:${parts.api.address().port}`;
}

describe('external alerts with several instances', () => {
  it('lists on one instance what the webhook delivered to another', async () => {
    const [a, b] = [await engine(), await engine()];
    const res = await fetch(`${a}/api/v1/alertmanager/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify(webhookBody()),
    });
    expect(res.status).toBe(200);
    const list = async (base: string) =>
      ((await (await fetch(`${base}/api/v1/alertmanager/alerts`)).json()) as { alerts: unknown[] }).alerts;
    // The fixture's resolved alert ended long ago and is already past retention; the firing
    // one was just heard of.
    const [onA, onB] = [await list(a), await list(b)];
    expect(onB).toEqual(onA);
    expect(onB.map((x) => (x as { fingerprint: string }).fingerprint)).toEqual(['c6eadffa33fcdf37']);
  });
});
