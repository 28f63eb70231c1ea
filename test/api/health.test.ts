import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load.js';
import { createEngine, type RunningParts } from '../../engine/create-engine.js';
import { silentLogger } from '../../observability/logger.js';
import { REDIS_URL } from '../support/services.js';

interface Readiness {
  status: string;
  checks: Array<{ name: string; ok: boolean; detail: string }>;
}

let running: RunningParts | undefined;
afterEach(async () => {
  await running?.engine.close();
  running = undefined;
});

async function start(env: Record<string, string>): Promise<string> {
  const config = loadConfig({ env: { FAULTLINE_HTTP_PORT: '0', FAULTLINE_OTLP_PORT: '0', ...env } });
  running = createEngine(config, { logger: silentLogger() });
  await running.engine.start();
  const { port } = running.api.address();
  return `http://127.0.0.1:${port}`;
}

describe('health endpoints', () => {
  it('healthz answers while the process lives; readyz names each dependency', async () => {
    const base = await start({});
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      status: 'ready',
      checks: expect.arrayContaining([{ name: 'store', ok: true, detail: 'memory' }]),
    });
  });

  it('readyz is 200 with a reachable Redis and 503 naming it when Redis is unreachable', async () => {
    const base = await start({ FAULTLINE_REDIS_URL: REDIS_URL });
    const ok = await fetch(`${base}/readyz`);
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as Readiness).checks).toContainEqual({
      name: 'redis',
      ok: true,
      detail: 'single',
    });
    await running?.engine.close();

    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    const down = await start({ FAULTLINE_REDIS_URL: 'redis://127.0.0.1:1' });
    const res = await fetch(`${down}/readyz`);
    expect(res.status).toBe(503);
    const body = (await res.json()) as Readiness;
    expect(body.status).toBe('not ready');
    expect(body.checks).toContainEqual(expect.objectContaining({ name: 'redis', ok: false }));
  });

  it('serves Prometheus metrics and JSON errors for unknown routes', async () => {
    const base = await start({});
    const metrics = await fetch(`${base}/metrics`);
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    expect(await metrics.text()).toContain('faultline_ingest_messages_total');
    const missing = await fetch(`${base}/nope`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('FL_API_NOT_FOUND');
  });
});
