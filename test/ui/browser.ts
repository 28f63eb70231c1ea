import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';

const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/ui/', import.meta.url));

const CHROMIUM = process.env.FAULTLINE_CHROMIUM ?? '/usr/bin/chromium';

/** Debian's Chromium (or `FAULTLINE_CHROMIUM`), headless. */
export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `no Chromium at ${CHROMIUM}: install it (Debian: apt-get install chromium) or set FAULTLINE_CHROMIUM`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox'] });
}

/** A full-page screenshot under `test-artifacts/ui/<name>.png`. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = `${ARTIFACTS}${name}.png`;
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Errors the page logged or threw, to assert there were none. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  return errors;
}
