// Campaigns side by side in real Chromium: the grouped bars and the table agree with the API
// ("calls after ad A vs ad B"), a click on a bar opens that campaign's channels and models;
// axe and screenshots in English and Persian, no console errors.
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

describeInBrowser('console: campaigns side by side', () => {
  const app = useConsole({ seed: seedAnalytics });
  let watched: WatchedPage;
  let page: Page;

  const open = async (language: 'en' | 'fa') => {
    watched = await app.signedIn('analyst', language);
    page = watched.page;
    await page.goto('/campaign-results?asOf=2026-11-01');
  };
  const rowOf = (name: string) => page.locator('tbody tr', { has: page.getByRole('button', { name }) });

  it('compares touches, calls after a touch, conversions, revenue and ROI, and drills into one', async () => {
    await open('en');
    const api = await app.crm.get('/campaigns?asOf=2026-11-01', 'analyst');
    const adA = api.body.campaigns.find((c: { campaignId: string }) => c.campaignId === 'ad-a');
    await rowOf('Ad A: autumn beans').waitFor();
    const cells = await rowOf('Ad A: autumn beans').locator('td').allTextContents();
    // touches, inbound after touch, converted, purchases, revenue, budget, ROI
    expect(cells).toEqual([
      '2',
      String(adA.contactsAfterTouch.phone),
      String(adA.customersConverted),
      String(adA.lastTouch.purchases),
      `€${adA.lastTouch.revenue.toFixed(2)}`,
      '€100.00',
      `${Math.round(adA.roi.lastTouch * 100)}%`,
    ]);
    expect((await rowOf('Ad B: grinder week').locator('td').allTextContents())[2]).toBe('0');

    // A click on a bar of the chart (the first series' bar of Ad B) opens Ad B below.
    await page.getByTestId('chart-campaigns').locator('path[fill="#0072B2"]').nth(1).click();
    await page.waitForURL(/campaign=ad-b/);
    const detail = page.getByTestId('campaign-detail');
    await detail.getByRole('heading', { name: 'Ad B: grinder week' }).waitFor();
    await detail.getByRole('row', { name: /SMS 2 0/ }).waitFor();
    // And the customers Ad B reached.
    await page.waitForURL(/f\.campaign=ad-b/);
    const customers = page.locator('section.drill');
    await customers.getByTestId('drill-total').getByText('2 customers').waitFor();
    expect((await customers.locator('tbody tr td:first-child').allTextContents()).sort()).toEqual(['dan', 'fay']);
    expectNoProblems(watched);
    await watched.context.close();
  });

  it('is accessible and pictured in English and Persian', async () => {
    for (const language of ['en', 'fa'] as const) {
      await open(language);
      await page.getByTestId('chart-campaigns').locator('path[fill="#0072B2"]').first().waitFor({ state: 'attached' });
      await expectAccessible(page, `campaigns ${language}`);
      await screenshot(page, 'campaigns', language);
      expectNoProblems(watched);
      await watched.context.close();
    }
  });
});
