import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NotifierError } from '../../../alerting/notifiers/errors.js';
import { SerialQueue } from '../../../alerting/notifiers/serial-queue.js';
import { buildIncidentMessage } from '../../../alerting/notifiers/slack-incident-message.js';
import { SlackIncidentNotifier } from '../../../alerting/notifiers/slack-incident-notifier.js';
import {
  buildSlackMessage,
  type SlackBlock,
  type SlackMessage,
} from '../../../alerting/notifiers/slack-message.js';
import type { Incident } from '../../../correlate/incidents/incident.js';
import { incidentEvent } from '../../../correlate/incidents/incident-events.js';
import { silentLogger } from '../../../observability/logger.js';
import { EngineMetrics } from '../../../observability/metrics.js';
import { sampleAlert, transitionTo } from '../notifiers/fixtures.js';
import { RecordingServer } from '../notifiers/recording-server.js';

const T = Date.UTC(2025, 0, 10, 12, 0, 0);
const iso = (ms: number) => new Date(ms).toISOString();

function incident(alerts = 3): Incident {
  return {
    id: '20250110-120000-abcd1234',
    status: 'open',
    openedAt: iso(T),
    services: ['front-end', 'carts', 'orders', 'shipping'],
    alerts: Array.from({ length: alerts }, (_, i) => ({
      key: `faultline:f${i}:${T}`,
      fingerprint: `f${i}`.padEnd(16, '0'),
      alertname: i % 2 === 0 ? 'SLOBurnRatePage' : 'SLOBurnRateTicket',
      service: ['front-end', 'carts', 'orders'][i % 3]!,
      severity: i % 2 === 0 ? 'page' : 'ticket',
      state: 'firing' as const,
      source: 'faultline' as const,
      since: iso(T + i * 1000),
    })),
    timeline: [{ at: iso(T), kind: 'opened', text: 'Opened' }],
    rootCause: {
      at: iso(T),
      service: 'front-end',
      signal: 'error_rate',
      top: 'carts',
      candidates: ['carts', 'orders', 'front-end', 'carts-db'].map((node, i) => ({
        rank: i + 1,
        node,
        score: 90 - i * 20,
        explainedBy: i === 1 ? 'carts' : null,
        evidence: {
          signals: [
            { signal: 'inbound_error_rate', anomalyScore: 99.5, correlation: 0.93, series: [{ t: T, v: 1 }] },
          ],
          path: ['front-end', node],
        },
      })),
    },
    updatedAt: iso(T),
  };
}

const texts = (m: SlackMessage): string =>
  m.blocks
    .map((b: SlackBlock) => (b.type === 'section' || b.type === 'header' ? (b.text?.text ?? '') : ''))
    .join('\n');

describe('incident messages', () => {
  it('lead with the top candidate and its strongest evidence, then state, then paging alerts before tickets', () => {
    const i = incident();
    i.alerts[2] = {
      ...i.alerts[2]!,
      burnRate: 14.4,
      slo: 'orders/availability',
      runbookUrl: 'https://runbooks.example.com/orders',
    };
    const m = buildIncidentMessage(incidentEvent('opened', i, iso(T + 5 * 60_000)), {
      link: 'https://fl.example.com/#/incidents/x',
    });
    const header = m.blocks[0];
    expect(header?.type === 'header' && header.text.text).toBe(
      ':rotating_light: carts is the likely cause (front-end, carts, orders +1 more)',
    );
    const body = texts(m);
    expect(body).toContain(
      '*Top root-cause candidate: carts* (score 90.00)\ninbound_error_rate anomaly 99.5, r=0.93 with the failing SLI\npath front-end → carts\nthen orders (70.00), front-end (50.00)',
    );
    expect(body).not.toContain('carts-db');
    expect(body).toContain('*Open* for 5m, 3 of 3 alert(s) firing');
    const alerts = body
      .slice(body.indexOf('*Alerts*'))
      .split('\n')
      .slice(1)
      .filter((l) => l !== '');
    expect(alerts).toEqual([
      ':red_circle: SLOBurnRatePage (page) on front-end — firing since 12:00 UTC',
      ':red_circle: SLOBurnRatePage (page) on orders (orders/availability) · burn 14.4× — firing since 12:00 UTC · <https://runbooks.example.com/orders|runbook>',
      ':large_orange_circle: SLOBurnRateTicket (ticket) on carts — firing since 12:00 UTC',
    ]);
    expect(m.text).toBe('Incident: carts likely cause — 3 alert(s) on front-end, carts, orders, shipping');
    expect(JSON.stringify(m)).toContain('<https://fl.example.com/#/incidents/x|Open in faultline>');
    expect(m.blocks.some((b) => b.type === 'actions')).toBe(false);
  });

  it('say which transition a webhook message is about, and show a resolution', () => {
    const i = incident();
    i.rootCause.top = 'orders';
    i.timeline.push({
      at: iso(T),
      kind: 'rootcause',
      text: 'Top candidate: orders (70.00); then carts (90.00)',
    });
    const top = buildIncidentMessage(incidentEvent('top', i, iso(T), 'carts'));
    expect(texts(top)).toContain('_Top candidate: orders (70.00); then carts (90.00)_');
    i.status = 'resolved';
    i.resolvedAt = iso(T + 3_600_000);
    const resolved = buildIncidentMessage(incidentEvent('resolved', i, iso(T)));
    expect(resolved.blocks[0]?.type === 'header' && resolved.blocks[0].text.text).toMatch(
      /^:white_check_mark: Resolved: orders is the likely cause/,
    );
    expect(texts(resolved)).toContain('*Resolved* after 1h 00m, its alerts quiet');
  });

  it('carry Acknowledge, Resolve and Silence 1h buttons in app mode while the incident is open', () => {
    const actions = (i: Incident) =>
      buildIncidentMessage(incidentEvent('opened', i, iso(T)), { buttons: true }).blocks.flatMap((b) =>
        b.type === 'actions' ? b.elements.map((e) => [e.action_id, e.value]) : [],
      );
    const i = incident();
    expect(actions(i)).toEqual([
      ['faultline_incident_acknowledge', i.id],
      ['faultline_incident_resolve', i.id],
      ['faultline_incident_silence_1h', i.id],
    ]);
    i.acknowledged = { by: 'ana', at: iso(T) };
    expect(actions(i).map(([a]) => a)).toEqual([
      'faultline_incident_resolve',
      'faultline_incident_silence_1h',
    ]);
    i.status = 'resolved';
    expect(actions(i)).toEqual([]);
  });

  it('stay within Slack limits and escape what alerts say', () => {
    const i = incident(40);
    i.services = Array.from({ length: 200 }, (_, n) => `svc-${n}-${'x'.repeat(30)}`);
    i.alerts[0]!.service = '<!channel> & friends';
    const m = buildIncidentMessage(incidentEvent('opened', i, iso(T)));
    expect(JSON.stringify(m)).not.toContain('<!channel>');
    expect(JSON.stringify(m)).toContain('&lt;!channel&gt; &amp; friends');
    expect(texts(m)).toContain('… and 30 more');
    for (const b of m.blocks) {
      if (b.type === 'header') expect(b.text.text.length).toBeLessThanOrEqual(150);
      if (b.type === 'section') expect(b.text?.text.length ?? 0).toBeLessThanOrEqual(3000);
    }
  });

  it('per-alert messages carry a root-cause section when the alert is annotated', () => {
    const alert = sampleAlert({
      annotations: {
        ...sampleAlert().annotations,
        root_cause_candidates: 'carts (12.41), carts-db (3.10), orders (0.52)',
      },
    });
    const m = buildSlackMessage(transitionTo(alert, 'firing'));
    expect(texts(m)).toContain('*Root-cause candidates*\ncarts (12.41), carts-db (3.10), orders (0.52)');
    expect(texts(buildSlackMessage(transitionTo(sampleAlert(), 'firing')))).not.toContain('Root-cause');
  });
});

describe('SlackIncidentNotifier', () => {
  let slack: RecordingServer;
  let url: string;
  beforeEach(async () => {
    slack = new RecordingServer();
    url = `${await slack.start()}/services/T000/B000/SECRET`;
  });
  afterEach(() => slack.close());

  const notifier = () =>
    new SlackIncidentNotifier({
      name: 'oncall',
      webhookUrl: url,
      timeoutMs: 5000,
      queue: new SerialQueue(),
      apiBaseUrl: () => 'http://127.0.0.1:8080/',
      logger: silentLogger(),
      metrics: new EngineMetrics({ processMetrics: false }),
      sleep: async () => {},
    });

  it('posts one message per event with a link to the incident', async () => {
    const n = notifier();
    await n.notify(incidentEvent('opened', incident(), iso(T)));
    expect(n.name).toBe('slack:oncall');
    expect(slack.requests).toHaveLength(1);
    expect(slack.requests[0]?.body).toContain(
      'http://127.0.0.1:8080/#/incidents/20250110-120000-abcd1234|Open in faultline',
    );
    expect(JSON.stringify(n)).not.toContain('SECRET');
  });

  it('rejects a message Slack refuses as permanent', async () => {
    slack.responder = () => ({ status: 400, body: 'invalid_blocks' });
    const err = await notifier()
      .notify(incidentEvent('opened', incident(), iso(T)))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotifierError);
    expect((err as NotifierError).permanent).toBe(true);
    expect((err as NotifierError).message).not.toContain('SECRET');
  });
});
