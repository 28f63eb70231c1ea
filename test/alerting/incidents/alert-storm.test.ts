import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Incident } from '../../../correlate/incidents/incident.js';
import {
  FAST_RULES,
  feedSimulation,
  MIN,
  SIM_T0,
  type SimEngine,
  startSimEngine,
} from '../../correlate/live/sim-engine.js';
import { RecordingServer } from '../notifiers/recording-server.js';

// An alert storm: a fault in one Sock Shop service (carts fails 80 % of its calls) makes
// the SLOs of its callers fail too. The engine, fed by the simulator in event time, must
// open exactly one incident, rank carts first, and tell Slack once, not once per alert.
const FAULT_START = SIM_T0 + 40 * MIN;
const slack = new RecordingServer();
const alertmanager = new RecordingServer();
let engine: SimEngine;

beforeAll(async () => {
  const [slackUrl, amUrl] = await Promise.all([slack.start(), alertmanager.start()]);
  engine = await startSimEngine({
    // Evaluation and incident updates only when the test says (once a simulated minute).
    incidents: { intervalMs: 3_600_000 },
    alerting: {
      evaluation: { schedule: '0 0 0 1 1 *' },
      rules: FAST_RULES,
      notifiers: {
        slack: [{ name: 'oncall', webhookUrl: `${slackUrl}/services/T0/B0/X` }],
        alertmanager: { urls: [amUrl] },
      },
    },
  });
  const { running } = engine;
  await feedSimulation(engine, {
    seed: 7,
    faults: ['error:carts:80%@+40m/20m'],
    minutes: 55,
    quietMinutes: 30,
    everyMinute: async () => {
      await running.alerting!.loop.runOnce();
      await running.incidents!.loop.runOnce();
      await Promise.all([
        running.alerting!.dispatcher.deliverDue(),
        running.incidents!.dispatcher.deliverDue(),
      ]);
    },
  });
  // Alertmanager hears every firing alert again on the lease holder's re-send schedule.
  await running.alerting!.dispatcher.resendNow();
  cartsPage =
    (await running.alerting!.list()).find((a) => a.service === 'carts' && a.severity === 'page')?.firedAt ??
    '';
}, 240_000);

afterAll(async () => {
  await engine?.close();
  await Promise.all([slack.close(), alertmanager.close()]);
});

let cartsPage = '';
const cartsPageFiredAt = () => cartsPage;

const getJson = async <T>(path: string): Promise<T> =>
  (await (await fetch(`${engine.api}${path}`)).json()) as T;

describe('an alert storm from one faulty service', () => {
  it('fires many SLOs of several services', async () => {
    const alerts = await engine.running.alerting!.list();
    const firing = alerts.filter((a) => a.state === 'firing' && Date.parse(a.firedAt ?? '') >= FAULT_START);
    expect(new Set(firing.map((a) => a.service))).toEqual(new Set(['carts', 'front-end', 'orders']));
    expect(firing.length).toBeGreaterThanOrEqual(6);
    // None fired before the fault.
    expect(alerts.filter((a) => Date.parse(a.firedAt ?? '') < FAULT_START)).toEqual([]);
  });

  it('groups them into exactly one incident whose top candidate is the faulty service', async () => {
    const { incidents } = await getJson<{ incidents: Incident[] }>('/api/v1/incidents');
    expect(incidents).toHaveLength(1);
    const [incident] = incidents;
    const firing = (await engine.running.alerting!.list()).filter((a) => a.state === 'firing');
    expect(incident?.status).toBe('open');
    expect(incident?.alerts).toHaveLength(firing.length);
    expect(new Set(incident?.services)).toEqual(new Set(['carts', 'front-end', 'orders']));
    expect(incident?.rootCause.candidates[0]?.node).toBe('carts');
    expect(incident?.rootCause.candidates[0]?.evidence.signals[0]?.series.length).toBeGreaterThan(100);
    expect(incident?.timeline[0]?.kind).toBe('opened');
    const one = await getJson<Incident>(`/api/v1/incidents/${incident?.id}`);
    expect(one.id).toBe(incident?.id);
  });

  it('told Slack once for the incident (plus at most a top-candidate change), never per alert', () => {
    const headers = slack
      .json<{ blocks: Array<{ type: string; text?: { text: string } }> }>()
      .map((m) => m.blocks[0]?.text?.text ?? '');
    // The first message opens the incident (naming its likely cause); a second may only announce a new top candidate.
    expect(headers[0]).toMatch(/^:rotating_light: .* is the likely cause \(/);
    expect(slack.requests.slice(1).every((r) => r.body.includes('_Top candidate:'))).toBe(true);
    expect(headers.filter((h) => h.includes('FIRING'))).toEqual([]);
    expect(headers.length).toBeLessThanOrEqual(2);
    expect(slack.requests[0]?.body).toContain('carts');
  });

  it("sent carts' page and every ticket to Alertmanager, with the top three root-cause candidates", async () => {
    type Posted = { labels: Record<string, string>; annotations: Record<string, string> };
    // Alerts are POSTed; the GETs read Alertmanager's silences (this recorder has none).
    const posts = alertmanager.requests
      .filter((r) => r.method === 'POST')
      .map((r) => JSON.parse(r.body) as Posted[]);
    const sent = posts.flat();
    expect(new Set(sent.map((a) => a.labels.service))).toEqual(new Set(['carts', 'front-end', 'orders']));
    // Topology-aware inhibition: front-end and orders call carts, whose page fires, so
    // their pages are held; only the page at the bottom went out.
    const pages = sent.filter((a) => a.labels.severity === 'page');
    const sentEarly = new Set(
      (await engine.running.alerting!.list())
        .filter((a) => a.severity === 'page' && a.service !== 'carts' && a.firedAt! < cartsPageFiredAt())
        .map((a) => a.service),
    );
    expect(new Set(pages.map((a) => a.labels.service))).toEqual(new Set(['carts', ...sentEarly]));
    const three = /^[^,]+ \(\d+\.\d\d\), [^,]+ \(\d+\.\d\d\), [^,]+ \(\d+\.\d\d\)$/;
    for (const a of sent) {
      expect(a.annotations.root_cause_candidates).toMatch(three);
      expect(a.annotations.root_cause_candidates).toContain('carts (');
    }
    // The re-send: every firing alert that is not held has joined the incident and carries its candidates.
    const firing = (await engine.running.alerting!.list()).filter((a) => a.state === 'firing');
    const resend = posts.at(-1) ?? [];
    expect(resend.length).toBe(firing.filter((a) => a.heldBy === undefined).length);
    for (const a of resend) expect(a.annotations.root_cause_candidates).toMatch(/^carts \(/);
  });

  it("holds the callers' pages behind carts' page, visible with the reason in the incident", async () => {
    const firing = (await engine.running.alerting!.list()).filter((a) => a.state === 'firing');
    const held = firing.filter((a) => a.heldBy !== undefined);
    expect(new Set(held.map((a) => a.service))).toEqual(new Set(['front-end', 'orders']));
    for (const a of held) expect(a.heldBy?.sloId.startsWith('carts/')).toBe(true);
    const { incidents } = await getJson<{ incidents: Incident[] }>('/api/v1/incidents');
    const members = incidents[0]?.alerts.filter((a) => a.severity === 'page') ?? [];
    // A caller's page that fired before carts' page did was sent then; every one that fired
    // after it joined the incident held, with the reason.
    const cartsFired = Date.parse(members.find((m) => m.service === 'carts')?.since ?? '');
    const after = members.filter((m) => m.service !== 'carts' && Date.parse(m.since) >= cartsFired);
    expect(after.length).toBeGreaterThanOrEqual(1);
    for (const m of after)
      expect(m.notSent, m.service).toMatch(new RegExp(`^held: ${m.service} calls carts`));
    expect(members.find((m) => m.service === 'carts')?.notSent).toBeUndefined();
  });

  it('ranks the faulty service first through the root-cause API', async () => {
    const at = new Date(FAULT_START + 2 * MIN).toISOString();
    const res = await fetch(
      `${engine.api}/api/v1/rootcause?service=front-end&slo=availability&at=${at}&lookback=30m`,
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      slo: string;
      signal: string;
      usedTopology: boolean;
      candidates: Array<{
        node: string;
        rank: number;
        path: string[];
        signals: Array<{ signal: string; series: unknown[] }>;
      }>;
    };
    expect(body).toMatchObject({ slo: 'front-end/availability', signal: 'error_rate', usedTopology: true });
    expect(body.candidates[0]).toMatchObject({ node: 'carts', rank: 1, path: ['front-end', 'carts'] });
    expect(body.candidates[0]?.signals[0]?.series.length).toBeGreaterThan(100);
  });
});
