import { describe, expect, it } from 'vitest';
import {
  createSlackIncidentNotifiers,
  routeAlertNotifiers,
} from '../../../alerting/incidents/create-incidents.js';
import { MemoryNotifier } from '../../../alerting/memory-notifier.js';
import { createNotifiers } from '../../../alerting/notifiers/create-notifiers.js';
import { loadConfig } from '../../../config/load.js';
import { configSchema } from '../../../config/schema.js';
import { silentLogger } from '../../../observability/logger.js';
import { EngineMetrics } from '../../../observability/metrics.js';

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
