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
  rootCause?: { candidates: Array<{ node: string; rank: number }> };
}

let engine: EngineProcess;
let browser: Browser;
let url: string;

beforeAll(async () => {
  await buildUi();
  engine = spawnEngine(['serve', '--demo'], { FAULTLINE_HTTP_PORT: '0', FAULTLINE_OTLP_PORT: '0' });
  const running = await engine.waitForLog((e) => e.msg === 'faultline is running', 90_000);
  url = String(running.api);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (engine && engine.child.exitCode === null) {
    engine.child.kill('SIGTERM');
    await engine.exited;
  }
});

describe('dashboard on the demo', () => {
  it("opens the demo's incident and its top candidate's signals", async () => {
    const incident = await eventually(
      async () =>
        (await getJson<{ incidents: Incident[] }>(`${url}/api/v1/incidents`)).body.incidents.find(
          (i) => (i.rootCause?.candidates.length ?? 0) > 0,
        ),
      'an incident with root-cause candidates',
      45_000,
    );
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
});
