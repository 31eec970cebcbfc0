// Real Chromium for the console's browser tests (Debian's package, driven by playwright-core).
// Without it the suites are skipped with the reason printed, except in CI (CI=true), where a
// missing browser is a failure: CI installs it (.ci/run).
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

export const chromiumAvailable = existsSync(CHROMIUM);

/**
 * `describe` when Chromium is installed; otherwise a skipped suite that says why (or, with
 * CI=true, a failing one: CI must run the browser tests).
 */
export function describeInBrowser(name: string, body: () => void): void {
  if (chromiumAvailable) {
    return describe(name, () => {
      // A browser step waits for real rendering and requests; under a full parallel test run on
      // a small machine that takes longer than jest's default allows.
      jest.setTimeout(90_000);
      body();
    });
  }
  const reason = `Chromium not found at ${CHROMIUM} (apt-get install -y chromium)`;
  if (process.env.CI === 'true') {
    describe(name, () => {
      it('needs Chromium in CI', () => {
        throw new Error(reason);
      });
    });
    return;
  }
  console.warn(`[console e2e] ${name} skipped — ${reason}`);
  describe.skip(name, body);
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
}

export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  /** console.error messages and uncaught errors seen so far. */
  problems: string[];
}

/** A fresh context (own storage) whose page records every console.error and page error. */
export async function openPage(
  browser: Browser,
  baseURL: string,
  options: { language?: 'en' | 'fa'; width?: number; height?: number } = {},
): Promise<WatchedPage> {
  const context = await browser.newContext({
    baseURL,
    viewport: { width: options.width ?? 1400, height: options.height ?? 900 },
    locale: options.language === 'fa' ? 'fa-IR' : 'en-GB',
    timezoneId: 'UTC',
    // As a user who asked for less motion: charts draw at once, so a click lands on a bar that
    // has stopped growing (on a loaded machine an animated bar moved under the pointer).
    reducedMotion: 'reduce',
  });
  if (options.language) {
    await context.addInitScript(`localStorage.setItem('ledger.language', ${JSON.stringify(options.language)})`);
  }
  const page = await context.newPage();
  // Fail a step well before jest's own timeout, with Playwright's account of what it waited for.
  page.setDefaultTimeout(20_000);
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console.error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  return { page, context, problems };
}

/**
 * Fails the test when the page logged an error or threw, listing what it saw. Chromium also
 * logs every 4xx answer ("Failed to load resource"): a test that provokes one on purpose (a
 * 409, a refused field) names it in `allowed`.
 */
export function expectNoProblems(watched: WatchedPage, allowed: RegExp[] = []): void {
  const unexpected = watched.problems.filter((problem) => !allowed.some((pattern) => pattern.test(problem)));
  expect(unexpected).toEqual([]);
}
