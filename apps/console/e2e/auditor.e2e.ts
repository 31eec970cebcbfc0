// The auditor in real Chromium: the chain badge, the time control moved across a late-logged
// call ("as of" sees it, "as known at" does not, and once it was recorded both agree), the
// diff with its events, provenance of a field, CSV and subject-access downloads; axe and
// screenshots in English and Persian, no console errors.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { until } from './analytics-history';
import {
  CrmUnderTest,
  describeInBrowser,
  expectAccessible,
  expectNoProblems,
  HistoryWriter,
  screenshot,
  useConsole,
  type WatchedPage,
} from './support';

jest.setTimeout(60_000);

describeInBrowser('console: the auditor', () => {
  let watched: WatchedPage;
  let page: Page;
  let t0 = '';

  const app = useConsole({ seed: seedLateCall });
  async function seedLateCall(crm: CrmUnderTest): Promise<void> {
    const { post } = new HistoryWriter(() => crm);
    await post('/customers', { customerId: 'ada', kind: 'person', name: 'Ada Lovelace', country: 'GB' });
    await post('/customers/ada/contacts', { channel: 'phone', direction: 'inbound', reason: 'first call' });
    await post('/customers/ada/purchases', {
      orderId: 'o-1',
      lines: [{ sku: 'ESP-100', quantity: 1, unitPrice: 399 }],
      currency: 'EUR',
      channel: 'web',
    });
    // Remember an instant, then log a call that happened then, but only now.
    t0 = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await post('/customers/ada/contacts', {
      channel: 'phone',
      direction: 'inbound',
      reason: 'late-logged call',
      occurredAt: t0,
    });
  }

  const open = async (language: 'en' | 'fa') => {
    watched = await app.signedIn('auditor', language);
    page = watched.page;
    await page.goto('/history/ada');
    await page.getByTestId('chain-badge').waitFor();
  };
  const phoneContacts = async (testId: string) =>
    (await page.getByTestId(testId).textContent())?.match(/"phone":(\d+)/)?.[1];

  it('moves the time control across a late-logged call: as of it, but not as known then', async () => {
    await open('en');
    expect(await page.getByTestId('chain-badge').textContent()).toBe('✓ Chain intact: 5 events verified');
    const slider = page.getByTestId('travel-slider');
    await slider.focus();
    await page.keyboard.press('End');
    await page.getByTestId('travel-differences').getByText('Both views agree at this instant.').waitFor();
    expect(
      await until(
        () => phoneContacts('state-known-at'),
        (n) => n === '2',
      ),
    ).toBe('2');

    // One step back is T0: the call had happened, but the CRM did not know it yet.
    await page.keyboard.press('ArrowLeft');
    await page.waitForURL((url) => url.searchParams.get('at') === t0);
    await page
      .getByTestId('travel-differences')
      .getByText(/The views differ/)
      .waitFor();
    expect(
      await until(
        () => phoneContacts('state-as-of'),
        (n) => n === '2',
      ),
    ).toBe('2');
    expect(
      await until(
        () => phoneContacts('state-known-at'),
        (n) => n === '1',
      ),
    ).toBe('1');

    // What changed from the first instant to T0, with the events that caused it.
    const diff = page.getByTestId('diff');
    await diff.getByRole('cell', { name: 'ContactRecorded' }).first().waitFor();
    expect(await diff.getByRole('row', { name: /PurchaseRecorded/ }).count()).toBe(1);

    // The late call is marked in the history.
    await page.getByTestId('event-history').getByText('logged late').waitFor();
    expectNoProblems(watched);
    await watched.context.close();
  });

  it('traces a field to its events and downloads the history and the subject-access export', async () => {
    await open('en');
    await page.getByLabel('Field of the view').fill('totals.netSpend');
    await page.getByRole('button', { name: 'Show its events' }).click();
    const provenance = page.locator('section[aria-labelledby=provenance-title]');
    await provenance.getByText('totals.netSpend = 399').waitFor();
    expect(await provenance.getByRole('row', { name: /PurchaseRecorded/ }).count()).toBe(1);

    const csv = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download CSV' }).click();
    const rows = readFileSync(await (await csv).path(), 'utf8')
      .trim()
      .split('\n');
    expect(rows[0]).toMatch(/^eventId,type/);
    expect(rows).toHaveLength(6);

    const exported = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Subject-access export (JSON)' }).click();
    const document = JSON.parse(readFileSync(await (await exported).path(), 'utf8'));
    expect(document).toMatchObject({ customerId: 'ada', eventCount: 5, erased: false });
    expectNoProblems(watched);
    await watched.context.close();
  });

  it('is accessible and pictured in English and Persian', async () => {
    for (const language of ['en', 'fa'] as const) {
      await open(language);
      await page.getByTestId('state-as-of').locator('dl').waitFor();
      await page.getByTestId('diff').waitFor();
      await expectAccessible(page, `auditor ${language}`);
      await screenshot(page, 'history', language);
      expectNoProblems(watched);
      await watched.context.close();
    }
  });
});
