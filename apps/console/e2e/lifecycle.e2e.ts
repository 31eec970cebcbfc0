// One customer's lifecycle in real Chromium: value over time with the stage changes listed
// as the API gives them; axe and screenshots in English and Persian, no console errors.
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

describeInBrowser('console: customer lifecycle', () => {
  const app = useConsole({ seed: seedAnalytics });
  let watched: WatchedPage;
  let page: Page;

  const open = async (language: 'en' | 'fa') => {
    watched = await app.signedIn('analyst', language);
    page = watched.page;
  };

  it('finds a customer by id and charts value with the stage changes marked', async () => {
    await open('en');
    await page.goto('/lifecycle');
    await page.getByLabel('Customer id').fill('hal');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL('**/lifecycle/hal');
    const api = await app.crm.get('/customers/hal/lifecycle', 'analyst');
    await page.getByTestId('lifecycle-stage').getByText('Active').waitFor();
    // The fitted value needs a fitted model, and none was: said in words.
    expect(api.body.fittedValue).toMatchObject({ model: null, forecast: null });
    await page.getByTestId('lifecycle-fitted').getByText('no model fitted yet').waitFor();
    const stages = await page.locator('.transition-list li strong').allTextContents();
    expect(stages).toEqual(['Prospect', 'New', 'Active']);
    expect(api.body.transitions.map((t: { stage: string }) => t.stage)).toEqual(['prospect', 'new', 'active']);
    // The chart marks each change and shows the amounts in the customer's currency.
    await page.getByTestId('chart-lifecycle').getByText('New', { exact: true }).waitFor({ state: 'attached' });
    await page
      .getByText(`€${api.body.cumulativeValue.toFixed(2)}`)
      .first()
      .waitFor();
    expectNoProblems(watched);
    await watched.context.close();
  });

  it('is accessible and pictured in English and Persian', async () => {
    for (const language of ['en', 'fa'] as const) {
      await open(language);
      await page.goto('/lifecycle/hal?asOf=2026-11-01');
      await page.getByTestId('chart-lifecycle').locator('path').first().waitFor({ state: 'attached' });
      await page.locator('.transition-list li').first().waitFor();
      await expectAccessible(page, `lifecycle ${language}`);
      await screenshot(page, 'lifecycle', language);
      expectNoProblems(watched);
      await watched.context.close();
    }
  });
});
