import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { Notifier } from '../../../alerting/notifier.js';
import { createNotifiers } from '../../../alerting/notifiers/create-notifiers.js';
import { loadConfig } from '../../../config/load.js';
import { createLogger, silentLogger } from '../../../observability/logger.js';
import { EngineMetrics } from '../../../observability/metrics.js';
import { sampleAlert, transitionTo } from './fixtures.js';
import { RecordingServer } from './recording-server.js';

const SLACK_SECRET = 'T0AAA/B0BBB/slackPathSecret123';
const WEBHOOK_SECRET = 'webhook-hmac-secret-0123456789';
const TOKEN = 'receiver-bearer-token-0123456789';
const PASSWORD = 'receiver-basic-password-42';

function configFile(slackBase: string, webhookUrl: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-notifiers-'));
  const file = join(dir, 'faultline.yaml');
  writeFileSync(
    file,
    `alerting:
  notifiers:
    alertmanager: { urls: [http://127.0.0.1:1], resendIntervalMs: 30000 }
    slack:
      - { name: oncall, webhookUrl: "${slackBase}/services/${SLACK_SECRET}", channel: "#oncall" }
      - { name: payments, webhookUrl: "${slackBase}/services/${SLACK_SECRET}" }
    webhook:
      - { name: ops, url: "${webhookUrl}", secret: ${WEBHOOK_SECRET} }
  receiver:
    bearerToken: ${TOKEN}
    basicAuth: { username: alertmanager, password: ${PASSWORD} }
`,
  );
  return file;
}

let server: RecordingServer | undefined;
let notifiers: Notifier[] = [];
afterEach(async () => {
  await Promise.all(notifiers.map((n) => n.close()));
  await server?.close();
});

describe('createNotifiers', () => {
  it('builds the configured notifiers, in order, with stable names', async () => {
    server = new RecordingServer();
    const base = await server.start();
    const config = loadConfig({ file: configFile(base, `${base}/hook`) });
    notifiers = createNotifiers(config, {
      logger: silentLogger(),
      metrics: new EngineMetrics({ processMetrics: false }),
    });
    expect(notifiers.map((n) => n.name)).toEqual([
      'alertmanager',
      'slack:oncall',
      'slack:payments',
      'webhook:ops',
    ]);
    expect(notifiers.map((n) => typeof n.resend)).toEqual([
      'function',
      'undefined',
      'undefined',
      'undefined',
    ]);

    // Both Slack notifiers post to the same webhook; each message reaches it once.
    const t = transitionTo(sampleAlert(), 'firing');
    await Promise.all([notifiers[1]!.notify(t), notifiers[2]!.notify(t), notifiers[3]!.notify(t)]);
    expect(server.requests.map((r) => r.path).sort()).toEqual([
      '/hook',
      `/services/${SLACK_SECRET}`,
      `/services/${SLACK_SECRET}`,
    ]);
  });

  it('none without configuration', () => {
    const notifiers = createNotifiers(loadConfig(), {
      logger: silentLogger(),
      metrics: new EngineMetrics({ processMetrics: false }),
    });
    expect(notifiers).toEqual([]);
  });

  it('never writes Slack URLs, webhook secrets or receiver credentials to the log', () => {
    const config = loadConfig({
      file: configFile('https://hooks.slack.com', 'https://ops.example.com/hook'),
    });
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const logger = createLogger('info', destination);
    notifiers = createNotifiers(config, { logger, metrics: new EngineMetrics({ processMetrics: false }) });
    const n = config.alerting.notifiers;
    logger.info({ slack: n.slack[0] }, 'slack notifier');
    logger.info({ webhook: n.webhook[0] }, 'webhook notifier');
    logger.info({ alertmanager: n.alertmanager }, 'alertmanager notifier');
    logger.info({ receiver: config.alerting.receiver }, 'receiver');
    logger.info({ basicAuth: config.alerting.receiver.basicAuth }, 'receiver basic auth');
    logger.info({ notifiers }, 'notifiers');
    logger.info({ notifier: notifiers[1] }, 'one notifier');
    const out = lines.join('');
    expect(lines).toHaveLength(7);
    for (const secret of [SLACK_SECRET, 'hooks.slack.com', WEBHOOK_SECRET, TOKEN, PASSWORD]) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain('[redacted]');
    expect(out).toContain('slack:oncall');
  });
});
