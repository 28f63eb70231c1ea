import { afterAll, describe, expect, it } from 'vitest';
import { MemorySilenceStore } from '../../alerting/silences/memory-silence-store.js';
import { Silences } from '../../alerting/silences/silences.js';
import { buildApi } from '../../api/server.js';
import { ManualClock } from '../../core/clock.js';
import { bareApiDeps } from './api-deps.js';

const NOW = Date.parse('2025-03-01T12:00:00Z');
const TOKEN = 'a-write-token-of-some-length';
const clock = new ManualClock(NOW);

function api(auth?: { bearerTokens: string[] }) {
  const silences = new Silences({ store: new MemorySilenceStore(), clock, retentionMs: 3_600_000 });
  return buildApi({
    ...bareApiDeps(clock),
    silences,
    ...(auth ? { auth: { ...auth, basicAuth: [], protectReads: false, protectIngest: false } } : {}),
  });
}

const open = api();
const guarded = api({ bearerTokens: [TOKEN] });
afterAll(async () => {
  await Promise.all([open.close(), guarded.close()]);
});

const body = {
  matchers: ['service="checkout"', { name: 'severity', value: 'page|ticket', isRegex: true }],
  endsAt: '2025-03-01T14:00:00Z',
  createdBy: 'oncall@example.com',
  comment: 'database failover',
  excludeFromBudget: true,
};

describe('POST/GET/DELETE /api/v1/silences', () => {
  it('creates a silence starting now, lists it active, shows it, and expires it on DELETE', async () => {
    const created = await open.inject({ method: 'POST', url: '/api/v1/silences', payload: body });
    expect(created.statusCode).toBe(201);
    const s = created.json();
    expect(s).toMatchObject({
      startsAt: new Date(NOW).toISOString(),
      endsAt: '2025-03-01T14:00:00.000Z',
      createdBy: 'oncall@example.com',
      comment: 'database failover',
      excludeFromBudget: true,
      status: { state: 'active' },
      matchers: [
        { name: 'service', value: 'checkout', isRegex: false, isEqual: true },
        { name: 'severity', value: 'page|ticket', isRegex: true, isEqual: true },
      ],
    });
    const list = (await open.inject({ url: '/api/v1/silences' })).json();
    expect(list.silences.map((x: { id: string }) => x.id)).toContain(s.id);
    expect((await open.inject({ url: `/api/v1/silences/${s.id}` })).json().id).toBe(s.id);

    clock.set(NOW + 60_000);
    const deleted = await open.inject({ method: 'DELETE', url: `/api/v1/silences/${s.id}` });
    expect(deleted.json()).toMatchObject({
      endsAt: new Date(NOW + 60_000).toISOString(),
      status: { state: 'expired' },
    });
    clock.set(NOW);
  });

  it('answers 400 with the code for a matcher that does not parse or an end before the start', async () => {
    const bad = await open.inject({
      method: 'POST',
      url: '/api/v1/silences',
      payload: { ...body, matchers: ['service=~"("'] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('FL_ALERTING_MATCHER_INVALID');
    const backwards = await open.inject({
      method: 'POST',
      url: '/api/v1/silences',
      payload: { ...body, endsAt: '2025-03-01T11:00:00Z' },
    });
    expect(backwards.json().error.code).toBe('FL_ALERTING_SILENCE_INVALID');
  });

  it('answers 404 for a silence that does not exist', async () => {
    const res = await open.inject({ method: 'DELETE', url: '/api/v1/silences/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('FL_ALERTING_SILENCE_NOT_FOUND');
  });

  it('needs write credentials to create or expire a silence when auth is configured', async () => {
    const anonymous = await guarded.inject({ method: 'POST', url: '/api/v1/silences', payload: body });
    expect(anonymous.statusCode).toBe(401);
    const authorized = await guarded.inject({
      method: 'POST',
      url: '/api/v1/silences',
      payload: body,
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(authorized.statusCode).toBe(201);
    const id = authorized.json().id;
    expect((await guarded.inject({ method: 'DELETE', url: `/api/v1/silences/${id}` })).statusCode).toBe(401);
    expect((await guarded.inject({ url: '/api/v1/silences' })).statusCode).toBe(200);
  });
});
