import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IncidentActions } from '../../alerting/incidents/incident-actions.js';
import { signSlackRequest } from '../../alerting/notifiers/slack-signature.js';
import { MemorySilenceStore } from '../../alerting/silences/memory-silence-store.js';
import { Silences } from '../../alerting/silences/silences.js';
import { buildApi } from '../../api/server.js';
import { alert, type Harness, harness, MIN, T0 } from '../alerting/incidents/support.js';
import { bareApiDeps } from './api-deps.js';

// Slack's button clicks: verified with the signing secret, or 401 and nothing changes.
const SECRET = 'slack-signing-secret-0123456789';
let h: Harness;
let silences: Silences;
let app: ReturnType<typeof buildApi>;

beforeAll(async () => {
  h = await harness();
  h.alerts.push(alert('carts', T0));
  await h.manager.tick(); // inc-1
  h.clock.set(T0 + MIN);
  silences = new Silences({ store: new MemorySilenceStore(), clock: h.clock, retentionMs: 3_600_000 });
  const actions = new IncidentActions({ store: h.store, notifiers: [], clock: h.clock });
  app = buildApi({
    ...bareApiDeps(h.clock),
    // The API takes credentials; Slack cannot send them, its signature stands in.
    auth: {
      bearerTokens: ['api-token-of-some-length'],
      basicAuth: [],
      protectReads: false,
      protectIngest: false,
    },
    incidents: h.store,
    incidentActions: actions,
    silences,
    slackInteractions: {
      signingSecrets: ['another-app-secret-000000', SECRET],
      actions,
      store: h.store,
      silences,
    },
  });
  await app.ready();
});
afterAll(() => app.close());

function click(actionId: string, incidentId = 'inc-1'): string {
  const payload = {
    type: 'block_actions',
    user: { id: 'U123', username: 'ana' },
    actions: [{ action_id: actionId, value: incidentId, type: 'button' }],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

function send(body: string, headers: Record<string, string>) {
  return app.inject({
    method: 'POST',
    url: '/api/v1/slack/interactions',
    payload: body,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  });
}

const signed = (body: string, atMs = h.clock.now(), secret = SECRET) => {
  const s = signSlackRequest(body, secret, atMs);
  return { 'x-slack-request-timestamp': s.timestamp, 'x-slack-signature': s.signature };
};

describe('Slack interactivity', () => {
  it('refuses unsigned, wrongly signed, tampered and stale clicks with 401, changing nothing', async () => {
    const body = click('faultline_incident_acknowledge');
    const tries = [
      await send(body, {}),
      await send(body, signed(body, h.clock.now(), 'not-the-secret-at-all-000')),
      await send(click('faultline_incident_resolve'), signed(body)),
      await send(body, signed(body, h.clock.now() - 5 * MIN - 1000)),
      await send(body, signed(body, h.clock.now() + 6 * MIN)),
      await send(body, { ...signed(body), 'x-slack-signature': 'v0=00' }),
    ];
    for (const res of tries)
      expect([res.statusCode, res.json().error.code]).toEqual([401, 'FL_API_UNAUTHORIZED']);
    const inc = await h.store.get('inc-1');
    expect([inc?.acknowledged, inc?.status]).toEqual([undefined, 'open']);
    expect(await silences.list()).toEqual([]);
  });

  it('acknowledges, silences for an hour and resolves from correctly signed clicks (within the window)', async () => {
    const ack = click('faultline_incident_acknowledge');
    expect((await send(ack, signed(ack, h.clock.now() - 4 * MIN))).statusCode).toBe(200);
    expect((await h.store.get('inc-1'))?.acknowledged).toMatchObject({ by: 'slack:ana' });

    const silence = click('faultline_incident_silence_1h');
    expect((await send(silence, signed(silence))).statusCode).toBe(200);
    const [s] = await silences.list();
    expect(s).toMatchObject({
      createdBy: 'slack:ana',
      matchers: [{ name: 'service', value: 'carts', isRegex: true }],
      endsAt: new Date(h.clock.now() + 60 * MIN).toISOString(),
    });
    expect((await h.store.get('inc-1'))?.timeline.at(-1)).toMatchObject({ kind: 'note', by: 'slack:ana' });

    const resolve = click('faultline_incident_resolve');
    expect((await send(resolve, signed(resolve))).statusCode).toBe(200);
    expect(await h.store.get('inc-1')).toMatchObject({ status: 'resolved', resolvedBy: 'slack:ana' });
    // Clicking again on a resolved incident: Slack gets its 200, nothing changes.
    expect((await send(ack, signed(ack))).statusCode).toBe(200);
  });

  it('answers 400 for a signed body that is not a button click', async () => {
    const body = new URLSearchParams({ payload: '{"type":"view_submission"}' }).toString();
    const res = await send(body, signed(body));
    expect([res.statusCode, res.json().error.code]).toEqual([400, 'FL_API_BAD_REQUEST']);
  });
});
