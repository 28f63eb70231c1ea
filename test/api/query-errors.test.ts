import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load.js';
import { createEngine, type RunningParts } from '../../engine/create-engine.js';
import { silentLogger } from '../../observability/logger.js';

// Every feature on (the defaults), answered through inject(): no port is opened.
let parts: RunningParts;
beforeAll(async () => {
  parts = createEngine(loadConfig({}), { logger: silentLogger() });
  await parts.api.app.ready();
});
afterAll(async () => {
  await parts.engine.close();
});

describe('unknown query values get 400 with FL_API_BAD_REQUEST, naming the parameter', () => {
  const cases: Array<[string, string]> = [
    ['/api/v1/series?service=checkout&signal=bogus', 'signal'],
    ['/api/v1/rootcause?service=nowhere&signal=bogus', 'signal'],
    ['/api/v1/alerts?state=bogus', 'state'],
    ['/api/v1/incidents?status=bogus', 'status'],
    ['/api/v1/incidents?limit=many', 'limit'],
    ['/api/v1/topology?format=bogus', 'format'],
    ['/api/v1/topology?service=checkout&depth=deep', 'depth'],
    ['/api/v1/slos?at=yesterday-ish', 'at'],
    ['/api/v1/alertmanager/alerts?status=bogus', 'status'],
    ['/api/v1/rootcause?service=checkout&lookback=forever', 'lookback'],
  ];
  it.each(cases)('%s', async (url, param) => {
    const res = await parts.api.app.inject({ url });
    expect(res.statusCode).toBe(400);
    const body = res.json<{ error: { code: string; message: string } }>();
    expect(body.error.code).toBe('FL_API_BAD_REQUEST');
    expect(body.error.message.startsWith(`${param}:`)).toBe(true);
  });

  it('regression: signal=bogus on the root-cause API was taken as a signal name and answered 404 or empty', async () => {
    const res = await parts.api.app.inject({ url: '/api/v1/rootcause?service=nowhere&signal=bogus' });
    expect(res.statusCode).toBe(400);
  });

  it('regression: fastify schema validation answered with its own FST_ERR_VALIDATION code', async () => {
    const res = await parts.api.app.inject({ url: '/api/v1/alerts?state=bogus' });
    expect(res.json<{ error: { code: string } }>().error.code).toBe('FL_API_BAD_REQUEST');
  });

  it('still accepts every known signal and metric:<name>', async () => {
    for (const signal of ['error_rate', 'latency_p99', 'metric:http.server.duration']) {
      const res = await parts.api.app.inject({ url: `/api/v1/series?service=checkout&signal=${signal}` });
      expect(res.statusCode, signal).toBe(200);
    }
  });
});
