import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IncidentActions } from '../../alerting/incidents/incident-actions.js';
import { buildApi } from '../../api/server.js';
import { buildUi } from '../../ui/build.js';
import { alert, graphOf, type Harness, harness, MIN } from '../alerting/incidents/support.js';
import { bareApiDeps } from '../api/api-deps.js';
import { collectPageErrors, launchChromium, screenshot } from './browser.js';

// The incident page's actions in Chromium, against the real API over memory stores: two
// open incidents (carts + orders together, billing alone), acted on as a person would.
let h: Harness;
let app: ReturnType<typeof buildApi>;
let url: string;
let browser: Browser;
/** One context for every page: the name typed once is remembered (local storage). */
let context: BrowserContext;

beforeAll(async () => {
  await buildUi();
  h = await harness({}, graphOf('carts>orders'));
  const now = Date.now() - 5 * MIN;
  h.clock.set(now);
  h.alerts.push(alert('carts', now - 2 * MIN), alert('orders', now - MIN), alert('billing', now - MIN));
  await h.manager.tick(); // inc-1: carts + orders; inc-2: billing
  let n = 0;
  const actions = new IncidentActions({
    store: h.store,
    notifiers: [],
    clock: h.clock,
    newId: () => `split-${++n}`,
  });
  app = buildApi({
    ...bareApiDeps(h.clock),
    incidents: h.store,
    incidentActions: actions,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
}, 150_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function open(hash: string): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  await page.goto(`${url}/?refresh=0${hash}`);
  return { page, errors };
}

const stateOf = async (id: string) => (await h.store.get(id))!;

describe('incident actions in Chromium', () => {
  it('acknowledges, assigns and notes, each shown on the timeline with who did it', async () => {
    const { page, errors } = await open('#/incidents/inc-1');
    await page.locator('[data-action="acknowledge"]').click();
    // Nobody named: refused in the page, nothing sent.
    await expect
      .poll(() => page.locator('[data-value="incident-action-result"]').textContent())
      .toContain('Say who you are');
    expect((await stateOf('inc-1')).acknowledged).toBeUndefined();
    await page.locator('#incident-by').fill('ana');
    await page.locator('[data-action="acknowledge"]').click();
    await expect.poll(async () => (await stateOf('inc-1')).acknowledged?.by).toBe('ana');
    await page.locator('[data-action="acknowledge"]').waitFor({ state: 'detached' });
    await page.locator('#incident-owner').fill('payments team');
    await page.locator('[data-action="assign"]').click();
    await expect.poll(async () => (await stateOf('inc-1')).owner?.name).toBe('payments team');
    await page.locator('#incident-note').fill('rolled back 4.2.1');
    await page.locator('[data-action="note"]').click();
    await expect.poll(() => page.locator('.timeline').textContent()).toContain('rolled back 4.2.1 — ana');
    expect(await page.locator('.timeline').textContent()).toContain('Assigned to payments team by ana');
    await screenshot(page, 'incident-actions');
    expect(errors).toEqual([]);
  });

  it('splits an alert out and merges incidents, landing on the incident to look at next', async () => {
    const { page, errors } = await open('#/incidents/inc-1');
    const orders = (await stateOf('inc-1')).alerts.find((a) => a.service === 'orders')!.key;
    // The name typed before is remembered.
    await expect.poll(() => page.locator('#incident-by').inputValue()).toBe('ana');
    await page.locator(`[data-split="${orders}"]`).click();
    await page.waitForURL(/#\/incidents\/split-1$/);
    expect((await stateOf('inc-1')).services).toEqual(['carts']);
    await page.locator('#incident-merge-into').selectOption('inc-2');
    await page.locator('[data-action="merge"]').click();
    await page.waitForURL(/#\/incidents\/inc-2$/);
    expect((await stateOf('split-1')).mergedInto).toBe('inc-2');
    expect((await stateOf('inc-2')).services).toEqual(['billing', 'orders']);
    expect(errors).toEqual([]);
  });

  it('resolves by hand, shows a refusal with its code, and filters the list by state', async () => {
    const { page, errors } = await open('#/incidents/inc-2');
    await page.locator('[data-action="resolve"]').click();
    await expect.poll(async () => (await stateOf('inc-2')).resolvedBy).toBe('ana');
    await page.locator('[data-action="resolve"]').waitFor({ state: 'detached' });
    // A note on a resolved incident is fine; an empty one is refused with the API's code.
    await page.locator('[data-action="note"]').click();
    await expect
      .poll(() => page.locator('[data-error="incident-action"]').textContent())
      .toContain('FL_API_BAD_REQUEST');

    await page.goto(`${url}/?refresh=0#/incidents`);
    const rows = () => page.locator('[data-table="incidents"] tbody tr [data-incident]').allTextContents();
    await expect.poll(rows).toHaveLength(3);
    await page.locator('#incident-state').selectOption('acknowledged');
    await expect.poll(rows).toEqual(['inc-1']);
    await page.locator('#incident-state').selectOption('resolved');
    await expect.poll(async () => (await rows()).sort()).toEqual(['inc-2', 'split-1']);
    await page.locator('#incident-state').selectOption('open');
    await expect.poll(() => page.locator('.empty-state').textContent()).toContain('No incidents');
    await screenshot(page, 'incident-list-filtered');
    expect(errors.filter((e) => !/\b400\b/.test(e))).toEqual([]);
  });
});
