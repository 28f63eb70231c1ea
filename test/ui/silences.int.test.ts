import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUi } from '../../ui/build.js';
import { collectPageErrors, launchChromium, screenshot } from './browser.js';
import { eventually, type FedEngine, getJson, startFedEngine } from './fed-engine.js';

// Silences and held pages on the dashboard, in Chromium: an engine fed with an hour of the
// simulated shop whose carts fails 80 % of its calls for its last 30 minutes, so carts pages
// and the front-end above it pages too (and is held by topology-aware inhibition).

interface Alert {
  fingerprint: string;
  sloId: string;
  service: string;
  state: string;
  severity: string;
  labels: Record<string, string>;
  silencedBy?: string[];
  heldBy?: { sloId: string; reason: string };
}
interface Silence {
  id: string;
  createdBy: string;
  comment: string;
  excludeFromBudget: boolean;
  matchers: Array<{ name: string; value: string }>;
}

const HOUR = 3_600_000;
let engine: FedEngine;
let browser: Browser;

const alertsNow = async () => (await getJson<{ alerts: Alert[] }>(`${engine.url}/api/v1/alerts`)).body.alerts;
const silencesNow = async () =>
  (await getJson<{ silences: Silence[] }>(`${engine.url}/api/v1/silences`)).body.silences;

async function open(hash: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = collectPageErrors(page);
  await page.goto(`${engine.url}/?refresh=1${hash}`);
  return { page, errors };
}

/** Uncaught exceptions and console errors, but not the 400 a refused silence answers. */
const unexpected = (errors: readonly string[]) => errors.filter((e) => !/\b(400|404)\b/.test(e));

const firingPage = (alerts: readonly Alert[], service: string) =>
  alerts.find((a) => a.service === service && a.state === 'firing' && a.severity === 'page');

beforeAll(async () => {
  await buildUi();
  engine = await startFedEngine();
  const now = Date.now();
  await engine.feed({ seed: 11, fromMs: now - HOUR, toMs: now, faults: ['error:carts:80%@+30m/30m'] });
  await eventually(async () => firingPage(await alertsNow(), 'carts'), 'a firing page on carts', 60_000);
  browser = await launchChromium();
}, 150_000);

afterAll(async () => {
  await browser?.close();
  await engine?.close();
});

describe('silences and held pages in Chromium', () => {
  it('creates a silence from an alert, its matchers prefilled, and shows the alert silenced', async () => {
    const alert = firingPage(await alertsNow(), 'carts');
    expect(alert).toBeDefined();
    const { page, errors } = await open(`#/slos/${encodeURIComponent(alert!.sloId)}`);
    await page.locator(`[data-silence-alert="${alert!.fingerprint}"]`).click();
    const matchers = page.locator('#silence-matchers');
    await expect
      .poll(() => matchers.inputValue())
      .toBe(
        [`alertname="${alert!.labels.alertname}"`, `slo="${alert!.sloId}"`, `severity="page"`].join('\n'),
      );
    await page.locator('#silence-created-by').fill('oncall@example.com');
    await page.locator('#silence-comment').fill('carts database failover');
    await page.locator('#silence-expiry').selectOption({ label: '4 hours' });
    await page.locator('#silence-budget').check();
    await page.locator('[data-form="silence"] button[type="submit"]').click();

    const created = await eventually(
      async () => (await silencesNow()).find((s) => s.comment === 'carts database failover'),
      'the silence in the API',
    );
    expect(created).toMatchObject({ createdBy: 'oncall@example.com', excludeFromBudget: true });
    expect(created.matchers.map((m) => `${m.name}=${m.value}`)).toEqual([
      `alertname=${alert!.labels.alertname}`,
      `slo=${alert!.sloId}`,
      'severity=page',
    ]);
    // The page went back to the plain list, which shows it.
    await expect.poll(() => page.evaluate('location.hash')).toBe('#/silences');
    const row = page.locator('[data-table="silences"] tbody tr', {
      has: page.locator(`[data-silence="${created.id}"]`),
    });
    await expect.poll(() => row.textContent()).toContain('active');
    expect(await row.textContent()).toContain('maintenance');
    await screenshot(page, 'silences');

    // The next evaluation marks the alert silenced; the SLO page says so.
    await eventually(async () => {
      const a = (await alertsNow()).find((x) => x.fingerprint === alert!.fingerprint);
      return a?.silencedBy?.includes(created.id) ? true : undefined;
    }, 'the alert silenced by it');
    await page.goto(`${engine.url}/?refresh=1#/slos/${encodeURIComponent(alert!.sloId)}`);
    const alertRow = page.locator('[data-table="alerts"] tbody tr', {
      has: page.locator(`[data-silence-alert="${alert!.fingerprint}"]`),
    });
    await expect
      .poll(() => alertRow.locator('[data-silenced-by]').getAttribute('data-silenced-by'))
      .toContain(created.id);
    await screenshot(page, 'slo-silenced-alert');
    expect(unexpected(errors)).toEqual([]);
    await page.close();
  });

  it('prefills a silence for a whole SLO and shows why a bad matcher is refused', async () => {
    const { page, errors } = await open('#/slos/front-end%2Favailability');
    await page.locator('[data-silence-slo="front-end/availability"]').click();
    await expect
      .poll(() => page.locator('#silence-matchers').inputValue())
      .toBe('slo="front-end/availability"');
    await page.locator('#silence-matchers').fill('service=~"(unclosed"');
    await page.locator('#silence-created-by').fill('oncall@example.com');
    await page.locator('[data-form="silence"] button[type="submit"]').click();
    const refusal = page.locator('[data-value="silence-result"] [role="alert"]');
    await expect.poll(() => refusal.textContent()).toContain('FL_ALERTING_MATCHER_INVALID');
    await screenshot(page, 'silence-refused');

    // Corrected and made a maintenance window: the SLO's status says what its budget left out.
    await page.locator('#silence-matchers').fill('slo="front-end/availability"');
    await page.locator('#silence-budget').check();
    await page.locator('[data-form="silence"] button[type="submit"]').click();
    await expect.poll(() => page.evaluate('location.hash')).toBe('#/silences');
    const status = await eventually(async () => {
      const { body } = await getJson<{ maintenance?: { minutes: number; total: number } }>(
        `${engine.url}/api/v1/slos/front-end%2Favailability`,
      );
      return body.maintenance;
    }, 'the maintenance window in the SLO status');
    expect(status.minutes).toBeGreaterThan(0);
    await page.goto(`${engine.url}/?refresh=1#/slos/front-end%2Favailability`);
    await expect
      .poll(() => page.locator('[data-value="maintenance"]').textContent())
      .toMatch(/^[\d,]+ min and [\d,]+ events left out of the budget$/);
    await screenshot(page, 'slo-maintenance-window');
    expect(unexpected(errors)).toEqual([]);
    await page.close();
  });

  it('shows a held page with its reason on its SLO and in the incident', async () => {
    const held = await eventually(
      async () => (await alertsNow()).find((a) => a.heldBy !== undefined),
      'a page held by topology-aware inhibition',
      60_000,
    );
    const { page, errors } = await open(`#/slos/${encodeURIComponent(held.sloId)}`);
    const cell = page.locator(`[data-table="alerts"] [data-held-by="${held.heldBy!.sloId}"]`);
    await expect.poll(() => cell.textContent()).toContain(held.heldBy!.reason);
    await screenshot(page, 'slo-held-page');

    const incident = await eventually(async () => {
      const { body } = await getJson<{
        incidents: Array<{ id: string; alerts: Array<{ fingerprint?: string }> }>;
      }>(`${engine.url}/api/v1/incidents`);
      return body.incidents.find((i) => i.alerts.some((a) => a.fingerprint === held.fingerprint));
    }, 'the incident holding the page');
    await page.goto(`${engine.url}/?refresh=1#/incidents/${encodeURIComponent(incident.id)}`);
    const inIncident = page.locator(`[data-table="incident-alerts"] [data-held-by="${held.heldBy!.sloId}"]`);
    await expect.poll(() => inIncident.textContent()).toContain(held.heldBy!.reason);
    await screenshot(page, 'incident-held-page');
    expect(unexpected(errors)).toEqual([]);
    await page.close();
  }, 120_000);
});
