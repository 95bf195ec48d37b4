/**
 * Headless Chromium for the console's tests: Debian's `chromium` (installed by
 * scripts/install-test-deps.sh) driven by playwright-core. Every page refuses requests that
 * would leave the machine and counts them, so a test can prove the console needs none.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';

export const CHROMIUM = process.env.DIALTONE_CHROMIUM ?? '/usr/bin/chromium';

export interface TestBrowser {
  readonly browser: Browser;
  readonly context: BrowserContext;
  /** URLs the pages tried to reach off the machine (refused). */
  readonly offMachine: string[];
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

export async function openBrowser(): Promise<TestBrowser> {
  // Root (CI) cannot use Chromium's sandbox.
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const offMachine: string[] = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1' || url.protocol === 'data:' || url.protocol === 'blob:') return route.continue();
    offMachine.push(url.href);
    return route.abort();
  });
  return {
    browser, context, offMachine,
    newPage: () => context.newPage(),
    close: () => browser.close(),
  };
}

/**
 * Saves a screenshot of `page` as `name`.png: under docs/screenshots/ (the README's) when
 * DIALTONE_SCREENSHOTS=1, else under docs/screenshots/tmp/ (ignored by git).
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = join(new URL('../..', import.meta.url).pathname, 'docs', 'screenshots', process.env.DIALTONE_SCREENSHOTS === '1' ? '' : 'tmp');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}
