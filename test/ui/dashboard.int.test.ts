import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUi } from '../../ui/build.js';
import { burnRate, count, percent } from '../../ui/src/core/format.js';
import { nodeHealth } from '../../ui/src/topology/health.js';
import { collectPageErrors, launchChromium, screenshot } from './browser.js';
import { eventually, type FedEngine, getJson, startFedEngine } from './fed-engine.js';

// The dashboard end to end: an engine fed by the simulator (an hour of the shop with payment
// failing for its last 20 minutes), the built dashboard served by that engine, and real
// headless Chromium. Every expectation comes from the API's own answers.

interface Slo {
  service: string;
  id: string;
  errorBudgetRemaining: number;
  windows: Array<{ window: string; burnRate: number | null }>;
  burnRateTiers?: Array<{ longWindow: string; shortWindow: string; factor: number }>;
}
interface Alert {
  sloId: string;
  service: string;
  state: string;
  severity: string;
  labels: Record<string, string>;
}
interface Topology {
  nodes: Array<{ id: string; kind: string }>;
  edges: Array<{ source: string; target: string; calls: number; failedCalls: number; errorRate: number }>;
}
interface Incident {
  id: string;
  status: 'open' | 'resolved';
  services: string[];
  rootCause?: { candidates: Array<{ node: string; rank: number; evidence: { signals: unknown[] } }> };
}

const HOUR = 3_600_000;
let engine: FedEngine;
let browser: Browser;
let url: string;

const api = async <T>(path: string): Promise<T> => (await getJson<T>(`${url}${path}`)).body;
const slosNow = async () => (await api<{ slos: Slo[] }>('/api/v1/slos')).slos;
const alertsNow = async () => (await api<{ alerts: Alert[] }>('/api/v1/alerts')).alerts;

/** A page on the dashboard refreshing every second, with its errors collected. */
async function open(hash: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = collectPageErrors(page);
  await page.goto(`${url}/?refresh=1${hash}`);
  return { page, errors };
}

/** Uncaught exceptions, and console errors other than the 404 of a missing incidents API. */
const unexpected = (errors: readonly string[]) => errors.filter((e) => !e.includes('404'));

/** The trimmed text of each cell, row by row. */
async function cells(rows: Locator): Promise<string[][]> {
  const out: string[][] = [];
  for (const row of await rows.all())
    out.push((await row.locator('th, td').allTextContents()).map((t) => t.trim()));
  return out;
}

async function attrs(elements: Locator, name: string): Promise<Array<string | null>> {
  return Promise.all((await elements.all()).map((el) => el.getAttribute(name)));
}

const activeAttr = (page: Page, attr: string) =>
  page.evaluate(`document.activeElement && document.activeElement.getAttribute(${JSON.stringify(attr)})`);

beforeAll(async () => {
  await buildUi();
  engine = await startFedEngine();
  url = engine.url;
  const now = Date.now();
  await engine.feed({ seed: 11, fromMs: now - HOUR, toMs: now, faults: ['error:payment:40%@+40m/30m'] });
  await eventually(async () => {
    const alerts = await alertsNow();
    return alerts.some((a) => a.service === 'payment' && a.state === 'firing') ? true : undefined;
  }, 'a firing alert on payment');
  await eventually(async () => {
    const t = await api<Topology>('/api/v1/topology');
    return t.edges.some((e) => e.target === 'payment') ? true : undefined;
  }, 'the topology to reach payment');
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await engine?.close();
});

describe('dashboard in Chromium', () => {
  it('lists the SLOs, least budget left first, with burn rate and alert state', async () => {
    const { page, errors } = await open('#/');
    await page.waitForSelector('[data-table="slos"] tbody tr');
    await expect
      .poll(
        async () => {
          const [slos, alerts] = await Promise.all([slosNow(), alertsNow()]);
          const want = slos.map((s) => {
            const mine = alerts.filter((a) => a.sloId === s.id);
            const worst = ['firing', 'pending', 'resolved']
              .map((state) => mine.find((a) => a.state === state))
              .find(Boolean);
            return [
              s.id,
              percent(s.errorBudgetRemaining),
              burnRate(s.windows[0]?.burnRate),
              worst?.state ?? 'none',
            ];
          });
          const rows = await cells(page.locator('[data-table="slos"] tbody tr'));
          const got = rows.map((r) => [r[0], r[3], r[4], (r[5] ?? '').split(' ')[0]]);
          return JSON.stringify(got) === JSON.stringify(want) ? 'match' : JSON.stringify({ got, want });
        },
        { timeout: 15_000 },
      )
      .toBe('match');
    const payment = page.locator('[data-table="slos"] tbody tr', {
      has: page.locator('[data-slo="payment/availability"]'),
    });
    await expect.poll(() => payment.textContent()).toContain('firing');
    await screenshot(page, 'slo-list');
    expect(unexpected(errors)).toEqual([]);
    await page.close();
  });

  it('shows an SLO: budget burn-down, burn rates against the tier thresholds, alert history', async () => {
    const { page, errors } = await open('#/');
    const [first] = await slosNow();
    await page.click(`[data-slo="${first!.id}"]`);
    await expect.poll(() => page.locator('h1').textContent()).toBe(first!.id);

    const slo = await api<Slo>(`/api/v1/slos/${encodeURIComponent(first!.id)}`);
    const budget = await api<{ points: Array<{ remaining: number }> }>(
      `/api/v1/slos/${encodeURIComponent(first!.id)}/budget?points=48`,
    );
    await page.click('[data-chart="budget"] summary');
    const rows = page.locator('[data-chart="budget"] tbody tr');
    await expect.poll(() => rows.count()).toBe(budget.points.length);
    expect(await rows.last().locator('td').textContent()).toBe(percent(budget.points.at(-1)!.remaining, 0));
    expect(await page.locator('[data-chart="budget"] path.line').getAttribute('d')).toMatch(
      /^M[\d.]+,[\d.]+(L[\d.]+,[\d.]+)+$/,
    );

    const tiers = slo.burnRateTiers ?? [];
    expect(tiers.length).toBeGreaterThan(0);
    const drawn = await attrs(page.locator('[data-tier]'), 'data-tier');
    expect(drawn).toEqual(tiers.map((t) => `${t.longWindow}/${t.shortWindow}`));
    await page.click('[data-chart="burn-rates"] summary');
    const thresholds = (await cells(page.locator('[data-chart="burn-rates"] tbody tr'))).map((r) => r[5]);
    expect(thresholds).toEqual(tiers.map((t) => burnRate(t.factor)));

    // exact counts: "2.9k good of 2.9k" once hid 55 bad events
    const events = (await page.locator('[data-value="events"]').textContent()) ?? '';
    const counts = /^([\d,]+) good and ([\d,]+) bad of ([\d,]+)$/.exec(events);
    expect(counts, events).not.toBeNull();
    const [good, bad, total] = counts!.slice(1).map((n) => Number(n.replaceAll(',', '')));
    expect(good! + bad!).toBe(total);
    // an open incident of this SLO's service is one click away
    const openIncident = (await api<{ incidents: Incident[] }>('/api/v1/incidents')).incidents.find(
      (i) => i.status === 'open' && i.services.includes(slo.service),
    );
    if (openIncident !== undefined) await page.locator(`[data-open-incident="${openIncident.id}"]`).waitFor();

    const mine = (await alertsNow()).filter((a) => a.sloId === slo.id);
    const listed = (await page.locator('[data-table="alerts"] tbody tr th').allTextContents()).sort();
    expect(listed).toEqual(mine.map((a) => a.labels.alertname).sort());
    await screenshot(page, 'slo-detail');
    expect(unexpected(errors)).toEqual([]);
    await page.close();
  });

  it('draws the service graph coloured by health; a click on a node shows its signals', async () => {
    const { page, errors } = await open('#/topology');
    await page.waitForSelector('.graph-svg');
    // Edges are flushed to the store every few seconds: compare with the API's answer of the moment.
    await expect
      .poll(
        async () => {
          const [topology, alerts] = await Promise.all([api<Topology>('/api/v1/topology'), alertsNow()]);
          const health = nodeHealth(
            topology,
            alerts.filter((a) => a.state === 'firing' || a.state === 'pending'),
          );
          const want = {
            nodes: topology.nodes.map((n) => `${n.id} health-${health.get(n.id)?.health}`).sort(),
            edges: topology.edges
              .map((e) => `${e.source}->${e.target}: ${count(e.calls)} calls · ${percent(e.errorRate)} err`)
              .sort(),
          };
          const ids = await attrs(page.locator('[data-node]'), 'data-node');
          const classes = await attrs(page.locator('[data-node]'), 'class');
          const labels = await attrs(page.locator('[data-edge-label]'), 'data-edge-label');
          const texts = await page.locator('[data-edge-label] text').allTextContents();
          const shown = {
            nodes: ids
              .map((id, i) => `${id} ${classes[i]?.split(' ').find((c) => c.startsWith('health-'))}`)
              .sort(),
            edges: labels.map((l, i) => `${l}: ${texts[i]}`).sort(),
          };
          const paths = await page.locator('path.edge').count();
          return JSON.stringify(shown) === JSON.stringify(want) && paths === want.edges.length
            ? 'match'
            : JSON.stringify({ shown, want, paths });
        },
        { timeout: 15_000 },
      )
      .toBe('match');
    expect(await page.locator('[data-node="payment"]').getAttribute('class')).toContain('health-critical');
    await screenshot(page, 'topology');

    await page.click('[data-node="payment"]');
    const panel = page.locator('[data-node-signals="payment"]');
    await panel.waitFor();
    const series = await api<{ series: Record<string, unknown[]> }>('/api/v1/series?service=payment');
    await expect
      .poll(() => panel.locator('figure[data-chart]').count())
      .toBe(Object.keys(series.series).length);
    expect(await activeAttr(page, 'id')).toBe('signals-heading');
    expect(await page.locator('[data-node="payment"]').getAttribute('aria-pressed')).toBe('true');
    await screenshot(page, 'topology-node-signals');
    expect(unexpected(errors)).toEqual([]);
    await page.close();
  });

  it('works from the keyboard: skip link, tab order, Enter and Space on graph nodes', async () => {
    const { page } = await open('#/');
    await page.waitForSelector('[data-table="slos"] tbody tr');
    const [first] = await slosNow();
    await page.keyboard.press('Tab');
    expect(await activeAttr(page, 'class')).toBe('skip-link');
    await screenshot(page, 'keyboard-skip-link');
    await page.keyboard.press('Enter');
    expect(await activeAttr(page, 'id')).toBe('main');
    await page.keyboard.press('Tab');
    expect(await activeAttr(page, 'data-slo')).toBe(first!.id);
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.evaluate('document.activeElement && document.activeElement.tagName'))
      .toBe('H1');
    expect(await page.locator('h1').textContent()).toBe(first!.id);

    await page.goto(`${url}/?refresh=1#/topology`);
    await page.waitForSelector('.graph-svg');
    let steps = 0;
    while ((await activeAttr(page, 'data-node')) !== 'payment') {
      await page.keyboard.press('Tab');
      if (++steps > 80) throw new Error('Tab never reached the payment node');
    }
    await screenshot(page, 'keyboard-node-focus');
    await page.keyboard.press('Space');
    await page.locator('[data-node-signals="payment"]').waitFor();
    expect(await activeAttr(page, 'id')).toBe('signals-heading');
    await page.keyboard.press('Tab');
    expect(await activeAttr(page, 'data-key')).toBe('close-signals');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('[data-node-signals]').count()).toBe(0);

    // Back to a node with Tab, and Enter activates it too.
    steps = 0;
    while ((await activeAttr(page, 'data-node')) === null) {
      await page.keyboard.press('Tab');
      if (++steps > 80) throw new Error('Tab never reached a graph node');
    }
    const node = String(await activeAttr(page, 'data-node'));
    await page.keyboard.press('Enter');
    await page.locator(`[data-node-signals="${node}"]`).waitFor();
    await page.close();
  });

  it('shows the incidents the API lists', async () => {
    const { page, errors } = await open('#/incidents');
    await page.waitForSelector('h1');
    const res = await getJson<{ incidents: Incident[] }>(`${url}/api/v1/incidents`);
    expect(res.status).toBe(200);
    const n = res.body.incidents.length;
    if (n === 0)
      await expect.poll(() => page.locator('.empty-state').textContent()).toContain('No incidents');
    else await expect.poll(() => page.locator('[data-table="incidents"] tbody tr').count()).toBe(n);
    await screenshot(page, 'incidents');
    expect(unexpected(errors)).toEqual([]);
    await page.close();
  });

  it("goes from an incident to its top root-cause candidate's signals", async () => {
    const incident = await eventually(
      async () =>
        (await api<{ incidents: Incident[] }>('/api/v1/incidents')).incidents.find(
          (i) => (i.rootCause?.candidates.length ?? 0) > 0,
        ),
      'an incident with root-cause candidates',
      20_000,
    );
    const { page, errors } = await open('#/incidents');
    await page.click(`[data-incident="${incident.id}"]`);
    // The ranking is recomputed as data arrives: compare with the API's answer of the moment.
    await expect
      .poll(
        async () => {
          const now = await api<Incident>(`/api/v1/incidents/${encodeURIComponent(incident.id)}`);
          const top = [...(now.rootCause?.candidates ?? [])].sort((a, b) => a.rank - b.rank)[0];
          const first = page.locator('.candidate').first();
          const shown = [
            await first.getAttribute('data-candidate'),
            await first.locator('.sparkline').count(),
          ];
          const want = [top?.node, top?.evidence.signals.length];
          return JSON.stringify(shown) === JSON.stringify(want) ? 'match' : JSON.stringify({ shown, want });
        },
        { timeout: 15_000 },
      )
      .toBe('match');
    const top = String(await page.locator('.candidate').first().getAttribute('data-candidate'));
    await screenshot(page, 'incident-detail');
    await page.click(`[data-candidate-link="${top}"]`);
    await page.locator(`[data-node-signals="${top}"]`).waitFor();
    expect(await activeAttr(page, 'id')).toBe('signals-heading');
    await expect
      .poll(() => page.locator(`[data-node-signals="${top}"] figure[data-chart]`).count())
      .toBeGreaterThan(0);
    await screenshot(page, 'incident-candidate-signals');
    expect(unexpected(errors)).toEqual([]);
    await page.close();
  }, 60_000);

  it('updates live, without a reload, when new data arrives', async () => {
    const { page, errors } = await open('#/');
    await page.waitForSelector('[data-table="slos"] tbody tr');
    await page.evaluate('window.__sameDocument = true');
    const cartsRow = page.locator('[data-table="slos"] tbody tr', {
      has: page.locator('[data-slo="carts/availability"]'),
    });
    const before = await cartsRow.locator('td').nth(2).textContent();

    const now = Date.now();
    await engine.feed({ seed: 12, fromMs: now - 120_000, toMs: now, faults: ['error:carts:90%@+0m/2m'] });
    const carts = (await slosNow()).find((s) => s.id === 'carts/availability')!;
    expect(percent(carts.errorBudgetRemaining)).not.toBe(before);
    await expect
      .poll(() => cartsRow.locator('td').nth(2).textContent(), { timeout: 15_000 })
      .toBe(percent(carts.errorBudgetRemaining));
    expect(await page.evaluate('window.__sameDocument')).toBe(true);
    expect(await page.locator('#live-status').textContent()).toMatch(/^Updated \d\d:\d\d:\d\d UTC$/);
    await screenshot(page, 'live-update');
    expect(unexpected(errors)).toEqual([]);
    await page.close();
  });
});
