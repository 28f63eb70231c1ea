import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load.js';
import { type AuthConfig, checkCredentials } from '../../core/http/auth.js';
import { createEngine, type RunningParts } from '../../engine/create-engine.js';
import { silentLogger } from '../../observability/logger.js';

// Access control on the API and the OTLP receiver: mutating and webhook endpoints need a
// configured bearer token or basic-auth user; reads too with `protectReads`; probes never;
// the receiver with `protectIngest`. Bodies over the limits are refused.
const TOKENS = ['token-one-0123456789abcdef', 'token-two-0123456789abcdef'];
const USER = { username: 'ops', password: 'correct horse battery' };
const RECEIVER_TOKEN = 'receiver-only-token-0123456789';
const WEBHOOK = '/api/v1/alertmanager/webhook';

const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
const basic = (u: string, p: string) => ({
  authorization: `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`,
});
const amPayload = JSON.stringify({
  version: '4',
  status: 'firing',
  receiver: 'faultline',
  groupKey: 'g',
  groupLabels: {},
  commonLabels: {},
  commonAnnotations: {},
  externalURL: 'http://am',
  truncatedAlerts: 0,
  alerts: [],
});

const engines: RunningParts[] = [];
afterAll(async () => {
  await Promise.all(engines.map((e) => e.engine.close()));
});

/** An engine (memory store, nothing listening) with `auth` and optionally a receiver token. */
function engine(
  flags: { protectReads?: boolean; protectIngest?: boolean },
  receiverToken?: string,
): { api: FastifyInstance; otlp: FastifyInstance } {
  const config = loadConfig();
  config.auth = {
    bearerTokens: [...TOKENS],
    basicAuth: [USER],
    protectReads: flags.protectReads ?? false,
    protectIngest: flags.protectIngest ?? false,
  };
  if (receiverToken) config.alerting.receiver.bearerToken = receiverToken;
  config.alerting.enabled = false;
  const parts = createEngine(config, { logger: silentLogger(), slos: [] });
  engines.push(parts);
  // The components' fastify apps, driven with inject() (nothing listens).
  const app = (c: unknown) => (c as { app: FastifyInstance }).app;
  return { api: app(parts.api), otlp: app(parts.otlp) };
}

describe('mutating and webhook endpoints', () => {
  let api: FastifyInstance;
  beforeAll(() => {
    ({ api } = engine({}));
  });
  const post = (headers: Record<string, string> = {}) =>
    api.inject({
      method: 'POST',
      url: WEBHOOK,
      headers: { 'content-type': 'application/json', ...headers },
      body: amPayload,
    });

  it('refuse requests without credentials, naming both schemes', async () => {
    const res = await post();
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({
      error: { code: 'FL_API_UNAUTHORIZED', message: 'missing or wrong credentials' },
    });
    expect(String(res.headers['www-authenticate'])).toContain('Bearer realm="faultline"');
    expect(String(res.headers['www-authenticate'])).toContain('Basic realm="faultline"');
  });

  it('take every configured token and user, and nothing close to them', async () => {
    for (const t of TOKENS) expect((await post(bearer(t))).statusCode).toBe(200);
    expect((await post(basic(USER.username, USER.password))).statusCode).toBe(200);
    for (const wrong of [
      bearer(`${TOKENS[0]}x`),
      bearer(TOKENS[0]!.slice(0, -1)),
      bearer(''),
      { authorization: TOKENS[0]! },
      basic(USER.username, `${USER.password} `),
      basic('root', USER.password),
      { authorization: 'Basic not-base64!' },
    ]) {
      expect((await post(wrong)).statusCode).toBe(401);
    }
  });

  it('refuse an unknown route with 401 before 404, so routes are not discovered', async () => {
    expect((await api.inject({ method: 'DELETE', url: '/api/v1/anything' })).statusCode).toBe(401);
  });

  it('leave reads and probes open by default', async () => {
    for (const url of ['/healthz', '/readyz', '/metrics', '/api/v1/slos', '/api/v1/alerts']) {
      expect((await api.inject({ method: 'GET', url })).statusCode, url).toBe(200);
    }
  });

  it('refuse bodies over the limit with 413', async () => {
    const res = await api.inject({
      method: 'POST',
      url: WEBHOOK,
      headers: { 'content-type': 'application/json', ...bearer(TOKENS[0]!) },
      body: JSON.stringify({ pad: 'x'.repeat(9 * 1024 * 1024) }),
    });
    expect(res.statusCode).toBe(413);
  });
});

describe('protectReads', () => {
  it('requires credentials for every read but the probes', async () => {
    const { api } = engine({ protectReads: true });
    for (const url of ['/metrics', '/api/v1/slos', '/api/v1/alerts', '/api/v1/alertmanager/alerts']) {
      expect((await api.inject({ method: 'GET', url })).statusCode, url).toBe(401);
      expect((await api.inject({ method: 'GET', url, headers: bearer(TOKENS[1]!) })).statusCode, url).toBe(
        200,
      );
    }
    for (const url of ['/healthz', '/readyz'])
      expect((await api.inject({ method: 'GET', url })).statusCode).toBe(200);
  });
});

describe('the Alertmanager webhook with credentials of its own', () => {
  it('takes only the receiver token there, and the API credentials elsewhere', async () => {
    const { api } = engine({}, RECEIVER_TOKEN);
    const post = (headers: Record<string, string>) =>
      api.inject({
        method: 'POST',
        url: WEBHOOK,
        headers: { 'content-type': 'application/json', ...headers },
        body: amPayload,
      });
    expect((await post(bearer(RECEIVER_TOKEN))).statusCode).toBe(200);
    expect((await post(bearer(TOKENS[0]!))).statusCode).toBe(401);
    expect((await post({})).statusCode).toBe(401);
  });
});

describe('protectIngest', () => {
  it('requires credentials on the OTLP/HTTP receiver', async () => {
    const { otlp } = engine({ protectIngest: true });
    const post = (headers: Record<string, string>) =>
      otlp.inject({
        method: 'POST',
        url: '/v1/traces',
        headers: { 'content-type': 'application/x-protobuf', ...headers },
        body: Buffer.alloc(0),
      });
    expect((await post({})).statusCode).toBe(401);
    expect((await post(bearer(TOKENS[0]!))).statusCode).toBe(200);
    expect((await post(basic(USER.username, USER.password))).statusCode).toBe(200);
  });

  it('is off by default: exporters without credentials are taken', async () => {
    const { otlp } = engine({});
    const res = await otlp.inject({
      method: 'POST',
      url: '/v1/traces',
      headers: { 'content-type': 'application/x-protobuf' },
      body: Buffer.alloc(0),
    });
    expect(res.statusCode).toBe(200);
  });
});

describe('checkCredentials', () => {
  it('accepts nothing when no credential is configured (registerAuth then lets everyone in)', () => {
    const none: AuthConfig = { bearerTokens: [], basicAuth: [], protectReads: false, protectIngest: false };
    expect(checkCredentials(none, 'Bearer anything')).toBe(false);
  });

  it('matches schemes case-insensitively and tolerates surrounding spaces', () => {
    const auth: AuthConfig = {
      bearerTokens: TOKENS,
      basicAuth: [],
      protectReads: false,
      protectIngest: false,
    };
    expect(checkCredentials(auth, `bearer ${TOKENS[0]}`)).toBe(true);
    expect(checkCredentials(auth, `Bearer   ${TOKENS[1]}  `)).toBe(true);
  });
});
