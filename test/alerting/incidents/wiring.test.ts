import { afterEach, describe, expect, it } from 'vitest';
import {
  createSlackAppNotifiers,
  createSlackIncidentNotifiers,
  routeAlertNotifiers,
} from '../../../alerting/incidents/create-incidents.js';
import { MemoryIncidentStore } from '../../../alerting/incidents/memory-incident-store.js';
import { faultlineObservations } from '../../../alerting/incidents/observations.js';
import { MemoryNotifier } from '../../../alerting/memory-notifier.js';
import { createNotifiers } from '../../../alerting/notifiers/create-notifiers.js';
import { loadConfig } from '../../../config/load.js';
import { configSchema } from '../../../config/schema.js';
import { silentLogger } from '../../../observability/logger.js';
import { EngineMetrics } from '../../../observability/metrics.js';
import { FakeSlackApi } from '../notifiers/slack-api-server.js';
import { alert, harness, T0 } from './support.js';

describe('incident wiring', () => {
  it('has documented defaults and an environment switch', () => {
    const config = loadConfig({ env: {} });
    expect(config.incidents).toEqual({
      enabled: true,
      windowMs: 600_000,
      maxHops: 2,
      quietMs: 600_000,
      maxAlerts: 500,
      intervalMs: 10_000,
      retentionMs: 7 * 86_400_000,
      maxResolved: 1000,
      rootCause: { lookbackMs: 1_800_000, refreshMs: 60_000, candidates: 5 },
    });
    expect(loadConfig({ env: { FAULTLINE_INCIDENTS_ENABLED: 'false' } }).incidents.enabled).toBe(false);
    expect(() => configSchema.parse({ incidents: { maxHop: 2 } })).toThrow();
    expect(() => configSchema.parse({ incidents: { rootCause: { lookbackMs: 1000 } } })).toThrow();
  });

  it('routes Slack through incidents when they are on, and only then', () => {
    const notifiers = [
      new MemoryNotifier('alertmanager'),
      new MemoryNotifier('slack:oncall', { incidentsInstead: true }),
      new MemoryNotifier('webhook:ops'),
    ];
    expect(routeAlertNotifiers(notifiers, { slackViaIncidents: true }).map((n) => n.name)).toEqual([
      'alertmanager',
      'webhook:ops',
    ]);
    expect(routeAlertNotifiers(notifiers, { slackViaIncidents: false }).map((n) => n.name)).toEqual([
      'alertmanager',
      'slack:oncall',
      'webhook:ops',
    ]);
  });

  it('leaves out the configured Slack notifier by what it declares, not by its name', () => {
    const config = configSchema.parse({
      alerting: {
        notifiers: {
          alertmanager: { urls: ['http://127.0.0.1:9093'] },
          slack: [{ name: 'oncall', webhookUrl: 'https://hooks.slack.com/services/T/B/1' }],
          webhook: [
            {
              name: 'slack-bridge',
              url: 'http://127.0.0.1:9999/hook',
              secret: 'a-test-secret-of-32-characters!!',
            },
          ],
        },
      },
    });
    const notifiers = createNotifiers(config, {
      logger: silentLogger(),
      metrics: new EngineMetrics({ processMetrics: false }),
    });
    expect(routeAlertNotifiers(notifiers, { slackViaIncidents: true }).map((n) => n.name)).toEqual([
      'alertmanager',
      'webhook:slack-bridge',
    ]);
  });

  it('makes one Slack incident notifier per configured Slack webhook', () => {
    const config = configSchema.parse({
      alerting: {
        notifiers: {
          slack: [
            { name: 'oncall', webhookUrl: 'https://hooks.slack.com/services/T/B/1' },
            { name: 'sre', webhookUrl: 'https://hooks.slack.com/services/T/B/2', channel: '#sre' },
          ],
        },
      },
    });
    const made = createSlackIncidentNotifiers(config, {
      logger: silentLogger(),
      metrics: new EngineMetrics({ processMetrics: false }),
      apiBaseUrl: () => 'http://127.0.0.1:8080',
    });
    expect(made.map((n) => n.name)).toEqual(['slack:oncall', 'slack:sre']);
    expect(JSON.stringify(made)).not.toContain('hooks.slack.com');
  });
});

describe('Slack app wiring', () => {
  let slack: FakeSlackApi;
  afterEach(() => slack?.close());

  it('makes a slack-app notifier per entry that posts with the bot token and links the dashboard', async () => {
    slack = new FakeSlackApi('xoxb-wiring-SECRET', { oncall: 'C0ONCALL' });
    const apiUrl = await slack.start();
    const config = configSchema.parse({
      alerting: {
        notifiers: {
          slackApp: [{ name: 'oncall', botToken: 'xoxb-wiring-SECRET', channel: 'oncall', apiUrl }],
        },
      },
      incidents: { dashboardUrl: 'https://faultline.example.com/' },
    });
    const store = new MemoryIncidentStore({ retentionMs: 3_600_000, maxResolved: 10 });
    const [notifier, ...rest] = createSlackAppNotifiers(config, {
      logger: silentLogger(),
      metrics: new EngineMetrics({ processMetrics: false }),
      apiBaseUrl: () => 'http://127.0.0.1:8080',
      store,
    });
    expect([notifier?.name, rest]).toEqual(['slack-app:oncall', []]);
    expect(JSON.stringify(notifier)).not.toContain('SECRET');
    const h = await harness();
    h.alerts.push(alert('carts', T0));
    const tick = await h.manager.tick();
    const event = tick!.events[0]!;
    await store.commit({ upserts: [event.incident], enqueue: [], nowMs: T0 }, null);
    await notifier!.notify(event);
    expect(slack.posts).toHaveLength(1);
    expect(JSON.stringify(slack.posts[0]!.blocks)).toContain(
      `https://faultline.example.com/#/incidents/${event.incident.id}|Open in faultline`,
    );
    expect(
      await store.claimMessage({
        notifier: 'slack-app:oncall',
        incidentId: event.incident.id,
        holder: 'x',
        nowMs: 0,
        untilMs: 1,
      }),
    ).toMatchObject({
      ref: { channel: 'C0ONCALL', ts: slack.posts[0]!.ts },
    });
    expect(() =>
      configSchema.parse({
        alerting: { notifiers: { slackApp: [{ name: 'a', botToken: 'x', channel: 'C1' }] } },
      }),
    ).toThrow();
  });

  it('carries the highest burn rate and the runbook of an alert into its incident', () => {
    const a = alert('carts', T0, {
      burnRates: { '5m': 20.5, '1h': 14.4, '6h': null },
      annotations: { summary: 'carts burns', runbook_url: 'https://runbooks.example.com/carts' },
    });
    expect(faultlineObservations([a])[0]).toMatchObject({
      burnRate: 20.5,
      runbookUrl: 'https://runbooks.example.com/carts',
    });
  });
});
