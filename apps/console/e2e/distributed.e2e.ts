// The console in distributed mode, in real Chromium: served by the query service, which forwards
// the console's commands and audit reads to the command and audit services (Kafka + a
// MongoDB-wire server underneath). Signed in with an API key; a customer added through the
// query service's origin (the console has no registration form: channels register customers);
// its 360 view opens, a call logged in the composer goes through the forward and shows up.
import type { Page } from 'playwright-core';
import { DistributedCluster, SKIP_REASON } from '@ledger/relay/test-support';
import {
  CONSOLE_DIST,
  describeInBrowser,
  ensureConsoleBuilt,
  expectNoProblems,
  launchBrowser,
  openPage,
  type WatchedPage,
} from './support';

const KEY = 'test-distributed-key';

if (SKIP_REASON) process.stderr.write(`[console e2e] distributed console skipped — ${SKIP_REASON}\n`);
const describeWithServers = SKIP_REASON ? describe.skip : describeInBrowser;

describeWithServers('console: distributed mode through the query service', () => {
  const cluster = new DistributedCluster();
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let watched: WatchedPage;
  let page: Page;

  beforeAll(async () => {
    ensureConsoleBuilt();
    cluster.env['CRM_CONSOLE_DIR'] = CONSOLE_DIST;
    await cluster.start();
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await cluster.stop();
  });

  it('signs in with an API key, adds a customer, sees its 360 view and logs a call', async () => {
    watched = await openPage(browser, cluster.url('query'));
    page = watched.page;
    const refused: string[] = [];
    page.on('response', (response) => {
      if (response.status() >= 400) refused.push(`${response.status()} ${new URL(response.url()).pathname}`);
    });
    await page.goto('/signin');
    await page.locator('#api-key').fill(KEY);
    await page.locator('#key-form button[type=submit]').click();
    await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
    await page.locator('.shell-header').waitFor();

    // From the page, to its own origin, as a channel's widget would: the query service forwards it.
    const registered = await page.evaluate(async (key) => {
      const response = await fetch('/customers', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': key, 'idempotency-key': 'dist-console-1' },
        body: JSON.stringify({
          customerId: 'dist-ada',
          kind: 'person',
          name: 'Ada Distributed',
          email: 'ada@example.com',
          country: 'GB',
        }),
      });
      return { status: response.status, body: await response.json() };
    }, KEY);
    expect(registered.status).toBe(201);
    // The 360 view reads the read models: once the projection service applied the registration.
    await cluster.converged();

    await page.goto('/customer/dist-ada');
    await page.getByRole('heading', { level: 1, name: 'Ada Distributed' }).waitFor();
    const composer = page.locator('.composer form');
    await composer.getByLabel('Reason').fill('Asked about the distributed order');
    await composer.getByRole('button', { name: 'Log contact' }).click();
    await composer.getByText('Saved.').waitFor();
    await page
      .locator('.timeline-scroller [role=listitem]')
      .first()
      .getByText(/Asked about the distributed order/)
      .waitFor();
    const history = await cluster.request('audit', 'GET', '/audit/customers/dist-ada/events');
    expect(history.body.events.map((e: { type: string }) => e.type)).toEqual(['CustomerRegistered', 'ContactRecorded']);
    // Nothing refused: the sign-in methods, the 360 view's reads and the logged call all answered.
    expect(refused).toEqual([]);
    expectNoProblems(watched);
    await watched.context.close();
  });
});
