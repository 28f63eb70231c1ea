import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertTransition } from '../../alerting/alert.js';
import { AlertingKeys } from '../../alerting/redis-alert-layout.js';
import { RedisWindowStore } from '../../pipeline/window/redis-window-store.js';
import { type EngineProcess, spawnEngine } from '../support/engine-process.js';
import { testRedis } from '../support/redis.js';
import { REDIS_URL } from '../support/services.js';
import { MIN, traffic } from './support/alerting-fixture.js';

// Two engine processes share one Redis and one SLO file. One holds the evaluation lease and
// notifies a webhook this test serves; it is killed with SIGKILL, the other takes over
// within two lease periods, and every transition reaches the webhook exactly once.
const LEASE_MS = 2000;
const SLO = 'checkout/availability';
const redis = testRedis();
const engines: EngineProcess[] = [];
const deliveries: Array<{ id: string; transition: AlertTransition }> = [];
let hook: Server;
let configFile: string;

beforeAll(async () => {
  hook = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString('utf8');
    });
    req.on('end', () => {
      const { transition } = JSON.parse(body) as { transition: AlertTransition };
      deliveries.push({ id: String(req.headers['x-faultline-delivery']), transition });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
  const dir = mkdtempSync(join(tmpdir(), 'faultline-ha-'));
  writeFileSync(
    join(dir, 'slos.yaml'),
    'slos:\n  - { service: checkout, name: availability, objective: 99.9, period: 30d, sli: { availability: {} } }\n',
  );
  configFile = join(dir, 'faultline.yaml');
  writeFileSync(
    configFile,
    `http: { port: 0 }
otlp: { enabled: false }
redis: { url: "${REDIS_URL}", keyPrefix: "${redis.prefix}" }
slos: { files: [slos.yaml] }
alerting:
  rules: { keepFiringForMs: 0, noData: { enabled: false } }
  evaluation: { schedule: "* * * * * *" }
  lease: { periodMs: ${LEASE_MS} }
  dispatch: { intervalMs: 200 }
  notifiers:
    webhook:
      - { name: ha, url: "http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook", secret: "0123456789abcdef" }
log: { level: info }
`,
  );
});

afterAll(async () => {
  for (const e of engines) e.child.kill('SIGKILL');
  await new Promise((resolve) => hook.close(resolve));
  await redis.cleanup();
});

async function startEngine(): Promise<EngineProcess & { api: string }> {
  const engine = spawnEngine(['serve', '--config', configFile]);
  engines.push(engine);
  const running = await engine.waitForLog((e) => e.msg === 'faultline is running', 60_000);
  return { ...engine, api: String(running.api) };
}

const acquired = (e: Record<string, unknown>) => e.msg === 'evaluation lease acquired';
const pageDeliveries = (to: string) =>
  deliveries.filter(
    (d) => d.transition.to === to && d.transition.alert.labels.alertname === 'SLOBurnRatePage',
  );

describe('alerting with two instances', () => {
  it('fails over within two lease periods and notifies every transition exactly once', async () => {
    const first = await startEngine();
    await first.waitForLog(acquired);
    const second = await startEngine();

    // Burn the budget: 50 failing requests a minute on top of 100 good ones, for 5 minutes.
    const store = new RedisWindowStore(redis.redis, redis.prefix);
    const now = Date.now();
    await traffic(store, SLO, now - 3 * 1440 * MIN, now, { good: 100, total: 100 });
    await traffic(store, SLO, now - 5 * MIN, now, { good: 0, total: 50 });
    await expect.poll(() => pageDeliveries('firing').length, { timeout: 20_000 }).toBe(1);
    // The outbox is drained (the delivery was recorded as done) before the leader dies.
    const due = new AlertingKeys(redis.prefix).due('webhook:ha');
    await expect.poll(() => redis.redis.zcard(due), { timeout: 10_000 }).toBe(0);
    expect(second.lines.some((l) => l.includes('"evaluation lease acquired"'))).toBe(false);

    first.child.kill('SIGKILL');
    const killedAt = Date.now();
    expect(await first.exited).toBe('SIGKILL');
    const takeover = await second.waitForLog(acquired, 4 * LEASE_MS);
    expect(Number(takeover.time) - killedAt).toBeLessThanOrEqual(2 * LEASE_MS);

    // A million good requests in the current minute end the burn; the new leader resolves.
    await traffic(store, SLO, Date.now(), Date.now() + MIN, { good: 1_000_000, total: 1_000_000 });
    await expect.poll(() => pageDeliveries('resolved').length, { timeout: 20_000 }).toBe(1);
    // A few more evaluations and dispatch rounds: nothing is sent again.
    await new Promise((r) => setTimeout(r, 3000));

    const byId = new Map<string, number>();
    for (const d of deliveries) byId.set(d.id, (byId.get(d.id) ?? 0) + 1);
    expect([...byId.values()].every((n) => n === 1)).toBe(true);
    expect(deliveries.every((d) => d.id === d.transition.id)).toBe(true);
    const [fired] = pageDeliveries('firing');
    const [resolved] = pageDeliveries('resolved');
    expect(resolved?.transition.alert.fingerprint).toBe(fired?.transition.alert.fingerprint);
    expect(deliveries.map((d) => d.transition.to).sort()).toEqual(['firing', 'resolved']);

    // The survivor lists what the dead leader left in the shared store, now resolved.
    const listed = (await (await fetch(`${second.api}/api/v1/alerts?state=resolved`)).json()) as {
      alerts: Array<{ fingerprint: string }>;
    };
    expect(listed.alerts.map((a) => a.fingerprint)).toEqual([fired?.transition.alert.fingerprint]);

    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 120_000);
});
