import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IncidentActions } from '../../alerting/incidents/incident-actions.js';
import { registerErrorHandler } from '../../api/error-handler.js';
import { incidentRoutes } from '../../api/routes/incidents.js';
import { registerAuth } from '../../core/http/auth.js';
import { createApp } from '../../core/http/create-app.js';
import { silentLogger } from '../../observability/logger.js';
import { alert, graphOf, harness, MIN, T0 } from '../alerting/incidents/support.js';

// The incident write routes: credentials when auth is configured, schemas, FL_ codes.
const app = createApp(silentLogger(), 'api', 1024 * 1024);
const auth = { authorization: 'Bearer s3cret' };

beforeAll(async () => {
  const h = await harness({}, graphOf('carts>orders'));
  h.alerts.push(alert('carts', T0), alert('orders', T0 + MIN), alert('billing', T0 + MIN));
  h.clock.set(T0 + MIN);
  await h.manager.tick(); // inc-1: carts + orders; inc-2: billing
  registerErrorHandler(app);
  registerAuth(app, {
    auth: { bearerTokens: ['s3cret'], basicAuth: [], protectReads: false, protectIngest: false },
    scope: 'api',
  });
  const actions = new IncidentActions({
    store: h.store,
    notifiers: [],
    clock: h.clock,
    newId: () => 'inc-3',
  });
  await app.register(incidentRoutes, { store: h.store, actions });
  await app.ready();
});
afterAll(() => app.close());

const post = (url: string, payload: object, headers: Record<string, string> = auth) =>
  app.inject({ method: 'POST', url, payload, headers });

describe('incident write routes', () => {
  it('refuses a write without credentials and changes nothing', async () => {
    const res = await post('/api/v1/incidents/inc-1/acknowledge', { by: 'ana' }, {});
    expect([res.statusCode, res.json().error.code]).toEqual([401, 'FL_API_UNAUTHORIZED']);
    expect((await app.inject('/api/v1/incidents/inc-1')).json().acknowledged).toBeUndefined();
  });

  it('acknowledges, assigns, notes, and filters the list by state', async () => {
    expect((await post('/api/v1/incidents/inc-1/acknowledge', { by: 'ana' })).json()).toMatchObject({
      acknowledged: { by: 'ana' },
    });
    const assigned = await post('/api/v1/incidents/inc-1/assign', { by: 'ana', owner: 'bob' });
    expect(assigned.json().owner).toMatchObject({ name: 'bob', by: 'ana' });
    const noted = await post('/api/v1/incidents/inc-1/notes', { by: 'bob', text: 'looking' });
    expect(noted.json().timeline.at(-1)).toMatchObject({ kind: 'note', text: 'looking', by: 'bob' });
    const ids = async (q: string) =>
      (await app.inject(`/api/v1/incidents?${q}`)).json().incidents.map((i: { id: string }) => i.id);
    expect(await ids('state=acknowledged')).toEqual(['inc-1']);
    expect(await ids('state=open')).toEqual(['inc-2']);
    expect(await ids('state=resolved')).toEqual([]);
    expect((await app.inject('/api/v1/incidents?state=snoozed')).statusCode).toBe(400);
  });

  it('splits (201, the new incident), merges and resolves', async () => {
    const inc = (await app.inject('/api/v1/incidents/inc-1')).json();
    const orders = inc.alerts.find((a: { service: string }) => a.service === 'orders').key;
    const split = await post('/api/v1/incidents/inc-1/split', { by: 'ana', alert: orders });
    expect([split.statusCode, split.json().id, split.json().splitFrom]).toEqual([201, 'inc-3', 'inc-1']);
    const merged = await post('/api/v1/incidents/inc-3/merge', { by: 'ana', into: 'inc-2' });
    expect(merged.json()).toMatchObject({ id: 'inc-2', services: ['billing', 'orders'] });
    const resolved = await post('/api/v1/incidents/inc-2/resolve', { by: 'ana', comment: 'fixed' });
    expect(resolved.json()).toMatchObject({ status: 'resolved', resolvedBy: 'ana' });
  });

  it('answers stable codes for bad bodies, unknown incidents and changes an incident cannot take', async () => {
    const code = async (url: string, body: object) => {
      const res = await post(url, body);
      return [res.statusCode, res.json().error.code];
    };
    expect(await code('/api/v1/incidents/inc-1/acknowledge', {})).toEqual([400, 'FL_API_BAD_REQUEST']);
    expect(await code('/api/v1/incidents/inc-1/assign', { by: 'a', owner: '' })).toEqual([
      400,
      'FL_API_BAD_REQUEST',
    ]);
    expect(await code('/api/v1/incidents/inc-1/notes', { by: 'a', text: 'x'.repeat(5000) })).toEqual([
      400,
      'FL_API_BAD_REQUEST',
    ]);
    expect(await code('/api/v1/incidents/nope/acknowledge', { by: 'a' })).toEqual([
      404,
      'FL_ALERTING_INCIDENT_NOT_FOUND',
    ]);
    expect(await code('/api/v1/incidents/inc-2/acknowledge', { by: 'a' })).toEqual([
      409,
      'FL_ALERTING_INCIDENT_CONFLICT',
    ]);
    expect(await code('/api/v1/incidents/inc-1/merge', { by: 'a', into: 'inc-1' })).toEqual([
      409,
      'FL_ALERTING_INCIDENT_CONFLICT',
    ]);
  });
});
