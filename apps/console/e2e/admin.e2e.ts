// The admin in real Chromium: read models with position and lag against the log head, a
// rebuild confirmed in a dialog and followed to "done" by live polling, and an erasure that
// waits for the typed customer id; axe and screenshots in English and Persian.
import type { Page } from 'playwright-core';
import { seedAnalytics } from './analytics-history';
import {
  describeInBrowser,
  expectAccessible,
  expectNoProblems,
  screenshot,
  useConsole,
  type WatchedPage,
} from './support';

jest.setTimeout(60_000);

describeInBrowser('console: the admin', () => {
  const app = useConsole({
    seed: async (crm) => {
      await seedAnalytics(crm);
      head = await crm.head();
    },
  });
  let watched: WatchedPage;
  let page: Page;
  let head = 0;

  const open = async (language: 'en' | 'fa') => {
    watched = await app.signedIn('admin', language);
    page = watched.page;
    await page.goto('/operations');
    await page.getByTestId('read-models').waitFor();
  };

  it('shows each read model caught up with the log and rebuilds one after confirmation', async () => {
    await open('en');
    await page.getByText(`The event log is at position ${head}.`).waitFor();
    const row = page.getByTestId('read-model-operational-view');
    await row.getByRole('cell', { name: String(head) }).waitFor();
    expect(await row.locator('td').nth(2).textContent()).toBe('0'); // events behind
    expect(await page.getByTestId('status-operational-view').textContent()).toBe('running');

    await row.getByRole('button', { name: /Rebuild/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Rebuild operational-view?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Rebuild now' }).click();
    // Live polling follows the rebuild until it is done.
    await page.getByTestId('rebuild-operational-view').getByText(`done: ${head} events`).waitFor();
    const progress = await app.crm.get('/admin/projections/operational-view/rebuild', 'admin');
    expect(progress.body.progress).toMatchObject({ state: 'done', percent: 100 });
    expectNoProblems(watched);
    await watched.context.close();
  });

  it('erases a customer only after the id is typed to confirm', async () => {
    await open('en');
    const erase = page.getByRole('button', { name: 'Erase personal data' });
    await page.getByLabel('Customer id').fill('fay');
    await page.getByLabel('Reason (kept in the log)').fill('GDPR art. 17 request');
    await page.getByLabel('Type fay to confirm').fill('Fay');
    expect(await erase.isDisabled()).toBe(true);
    await page.getByLabel('Type fay to confirm').fill('fay');
    // The console's own request tells where the erasure is in the log; the 360 is read at it.
    const [reply] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/customers/fay/erasure') && r.request().method() === 'POST'),
      erase.click(),
    ]);
    await page.getByText('fay has been erased.').waitFor();
    const { position } = (await reply.json()) as { position: number };
    const view = await app.crm.get(`/customers/fay?minPosition=${position}`, 'auditor');
    expect(view.body).toMatchObject({ erased: true, profile: { name: null } });
    expectNoProblems(watched);
    await watched.context.close();
  });

  it('is accessible and pictured in English and Persian', async () => {
    for (const language of ['en', 'fa'] as const) {
      await open(language);
      await expectAccessible(page, `admin ${language}`);
      await screenshot(page, 'operations', language);
      expectNoProblems(watched);
      await watched.context.close();
    }
  });
});
