import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { notifierRoutes } from '../../alerting/notifier-routes.js';
import { configSource, loadConfig } from '../../config/load.js';
import { hasCode } from '../../core/faultline-error.js';

const dir = mkdtempSync(join(tmpdir(), 'faultline-routes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const load = (yaml: string) => {
  const file = join(dir, `${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, yaml);
  return { file, config: loadConfig({ file }) };
};

const SLACK = `alerting:
  notifiers:
    alertmanager: { urls: ["http://127.0.0.1:9"], matchers: ['severity="page"'] }
    slack:
      - { name: payments, webhookUrl: "http://127.0.0.1:9/a", matchers: ['team="payments"', MATCHER] }
`;

describe('notifier routes from the configuration', () => {
  it('give every notifier its parsed matchers, by notifier name', () => {
    const { config, file } = load(SLACK.replace('MATCHER', `'severity=~"page|ticket"'`));
    const routes = notifierRoutes(config, configSource(config));
    expect(configSource(config)).toBe(file);
    expect(routes.get('alertmanager')).toEqual([
      { name: 'severity', value: 'page', isRegex: false, isEqual: true },
    ]);
    expect(routes.get('slack:payments')?.map((m) => m.name)).toEqual(['team', 'severity']);
  });

  it('refuse a matcher that does not parse, naming the file and the field', () => {
    const { config, file } = load(SLACK.replace('MATCHER', `'severity=~"(page"'`));
    let caught: unknown;
    try {
      notifierRoutes(config, configSource(config));
    } catch (err) {
      caught = err;
    }
    expect(hasCode(caught, 'FL_ALERTING_MATCHER_INVALID')).toBe(true);
    expect((caught as { problems: unknown }).problems).toEqual([
      expect.objectContaining({ source: file, path: 'alerting.notifiers.slack.0.matchers.1' }),
    ]);
  });
});
