import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerErrorHandler } from '../../api/error-handler.js';
import { incidentRoutes } from '../../api/routes/incidents.js';
import { createApp } from '../../core/http/create-app.js';
import { silentLogger } from '../../observability/logger.js';
import { alert, harness, MIN, T0 } from '../alerting/incidents/support.js';

// GET /api/v1/incidents and /api/v1/incidents/:id answer the shape the dashboard builds on.
const app = createApp(silentLogger(), 'api', 1024);

beforeAll(async () => {
  const h = await harness();
  h.alerts.push(alert('carts', T0));
  await h.manager.tick();
  h.alerts[0] = alert('carts', T0, { resolvedMs: T0 + MIN });
  h.clock.set(T0 + 11 * MIN);
  await h.manager.tick(); // inc-1 resolves
  h.alerts.push(alert('orders', T0 + 12 * MIN));
  h.clock.set(T0 + 12 * MIN);
  await h.manager.tick(); // inc-2 opens
  registerErrorHandler(app);
  await app.register(incidentRoutes, { store: h.store });
  await app.ready();
});
afterAll(() => app.close());

describe('incident routes', () => {
  it('lists incidents newest first, filtered by status', async () => {
    const all = await app.inject('/api/v1/incidents');
    expect(all.statusCode).toBe(200);
    expect(all.json().incidents.map((i: { id: string; status: string }) => [i.id, i.status])).toEqual([
      ['inc-2', 'open'],
      ['inc-1', 'resolved'],
    ]);
    const open = (await app.inject('/api/v1/incidents?status=open')).json();
    expect(open.incidents.map((i: { id: string }) => i.id)).toEqual(['inc-2']);
    const one = (await app.inject('/api/v1/incidents?limit=1')).json();
    expect(one.incidents).toHaveLength(1);
  });

  it('answers one incident in the documented shape', async () => {
    const res = await app.inject('/api/v1/incidents/inc-1');
    expect(res.statusCode).toBe(200);
    const incident = res.json();
    expect(incident).toMatchObject({
      id: 'inc-1',
      status: 'resolved',
      openedAt: new Date(T0).toISOString(),
      resolvedAt: new Date(T0 + 11 * MIN).toISOString(),
      services: ['carts'],
      alerts: [
        {
          fingerprint: expect.any(String),
          alertname: 'SLOBurnRatePage',
          service: 'carts',
          severity: 'page',
          state: 'resolved',
          source: 'faultline',
          since: new Date(T0).toISOString(),
        },
      ],
      rootCause: {
        at: new Date(T0).toISOString(),
        candidates: [
          { rank: 1, node: 'db', score: 10, evidence: { signals: [], path: ['carts', 'db'] } },
          expect.anything(),
        ],
      },
    });
    expect(incident.timeline.map((t: { kind: string }) => t.kind)).toEqual([
      'opened',
      'rootcause',
      'alert',
      'resolved',
    ]);
    for (const t of incident.timeline) expect(Object.keys(t).sort()).toEqual(['at', 'kind', 'text']);
  });

  it('answers 404 for an unknown incident and 400 for a bad filter', async () => {
    const missing = await app.inject('/api/v1/incidents/nope');
    expect([missing.statusCode, missing.json().error.code]).toEqual([404, 'FL_API_NOT_FOUND']);
    expect((await app.inject('/api/v1/incidents?status=burning')).statusCode).toBe(400);
    expect((await app.inject('/api/v1/incidents?limit=0')).statusCode).toBe(400);
  });
});
