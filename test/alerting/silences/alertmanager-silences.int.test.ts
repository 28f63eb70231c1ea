import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertmanagerSilences } from '../../../alerting/silences/alertmanager-silences.js';
import { MemorySilenceStore } from '../../../alerting/silences/memory-silence-store.js';
import { Silences } from '../../../alerting/silences/silences.js';
import { systemClock } from '../../../core/clock.js';
import { silentLogger } from '../../../observability/logger.js';
import { parseSloDocuments } from '../../../pipeline/slo/load-slos.js';
import { fixture, MIN, rulesConfig, T0, traffic } from '../support/alerting-fixture.js';

// A real Alertmanager (scripts/alertmanager.sh, on FAULTLINE_ALERTMANAGER_PORT) holds a
// silence made in its own API; faultline reads it and keeps the matching page from its notifiers.
const script = fileURLToPath(new URL('../../../scripts/alertmanager.sh', import.meta.url));
const AM = `http://127.0.0.1:${process.env.FAULTLINE_ALERTMANAGER_PORT ?? '19093'}`;
const service = `svc-${randomUUID().slice(0, 8)}`;
let silenceId = '';

beforeAll(async () => {
  execFileSync('bash', [script, 'up'], { stdio: ['ignore', 'inherit', 'inherit'], timeout: 60_000 });
  const now = Date.now();
  const res = await fetch(`${AM}/api/v2/silences`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      matchers: [
        { name: 'service', value: service, isRegex: false, isEqual: true },
        { name: 'severity', value: 'page|ticket', isRegex: true, isEqual: true },
      ],
      startsAt: new Date(now).toISOString(),
      endsAt: new Date(now + 3_600_000).toISOString(),
      createdBy: 'faultline-test',
      comment: 'made in Alertmanager',
    }),
  });
  expect(res.status).toBe(200);
  silenceId = ((await res.json()) as { silenceID: string }).silenceID;
});

afterAll(async () => {
  if (silenceId !== '') await fetch(`${AM}/api/v2/silence/${silenceId}`, { method: 'DELETE' });
});

const amSilences = () =>
  new AlertmanagerSilences({
    urls: ['http://127.0.0.1:9', AM], // the first does not answer: the next one is read
    timeoutMs: 2000,
    refreshMs: 1000,
    logger: silentLogger(),
  });

describe("an Alertmanager's active silences", () => {
  it('are read from GET /api/v2/silences with their matchers', async () => {
    const active = await amSilences().active(Date.now());
    const mine = active.find((s) => s.id === silenceId);
    expect(mine).toMatchObject({
      source: 'alertmanager',
      createdBy: 'faultline-test',
      matchers: [
        { name: 'service', value: service, isRegex: false, isEqual: true },
        { name: 'severity', value: 'page|ticket', isRegex: true, isEqual: true },
      ],
    });
  });

  it('keep a matching page from every notifier, beside faultline’s own silences', async () => {
    const silences = new Silences({
      store: new MemorySilenceStore(),
      clock: systemClock,
      retentionMs: 3_600_000,
      alertmanager: amSilences(),
    });
    expect((await silences.list()).map((s) => s.id)).toContain(silenceId);
    const slos = parseSloDocuments(
      `slos:\n  - { service: ${service}, name: availability, objective: 99.9, period: 30d, sli: { availability: {} } }\n`,
      'inline.yaml',
    );
    const f = fixture(
      slos,
      rulesConfig({
        noData: { enabled: false, after: 60, severity: 'ticket' },
        budgetExhausted: { enabled: false, severity: 'ticket' },
      }),
      { silences: () => silences.active(), clock: systemClock, notifiers: ['memory'] },
    );
    const id = `${service}/availability`;
    await traffic(f.windows, id, T0 - 3 * 1440 * MIN, T0, { good: 100, total: 100 });
    await traffic(f.windows, id, T0 - 5 * MIN, T0, { good: 50, total: 100 });
    const r = await f.evaluator.evaluateAt(T0);
    expect(r.transitions.map((t) => [t.alert.labels.alertname, t.to, t.alert.silencedBy])).toEqual([
      ['SLOBurnRatePage', 'firing', [silenceId]],
    ]);
    // Nothing queued, even for a claim far past every due time.
    expect(await f.alerts.claim('memory', Date.now() + 3_600_000, 60_000)).toBeUndefined();
  });
});
