// The analyst in real Chromium against the real CRM: the dashboard as of a date, the heat map
// changing with asOf, a click on a chart that lists the customers behind the mark (paged,
// sorted, CSV), no access with a channel key; axe and screenshots in English and Persian.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { seedAnalytics, TARGETS, until } from './analytics-history';
import {
  describeInBrowser,
  expectAccessible,
  expectNoProblems,
  screenshot,
  useConsole,
  type WatchedPage,
} from './support';

jest.setTimeout(60_000);

const heatMapTable = (page: Page) => page.getByTestId('rfm-table');
const cellCounts = (page: Page) => heatMapTable(page).locator('tbody td').allTextContents();
const total = (counts: string[]) => counts.map(Number).reduce((a, b) => a + b, 0);

describeInBrowser('console: the analyst dashboard', () => {
  const app = useConsole({
    start: { env: { CRM_TARGETS: TARGETS } },
    seed: async (crm) => {
      const position = await seedAnalytics(crm);
      await crm.get(`/segments?minPosition=${position}`, 'analyst');
    },
  });
  let watched: WatchedPage;
  let page: Page;
  afterEach(async () => {
    expectNoProblems(watched);
    await watched.context.close();
  });

  const open = async (language: 'en' | 'fa', role: 'analyst' | 'channel' = 'analyst') => {
    watched = await app.signedIn(role, language);
    page = watched.page;
  };

  it('redraws the RFM heat map when the analyst changes asOf', async () => {
    await open('en');
    await page.goto('/dashboard?asOf=2026-11-01');
    await heatMapTable(page).waitFor({ state: 'attached' });
    const november = await cellCounts(page);
    const chartTexts = () => page.getByTestId('chart-rfm').locator('text').allTextContents();
    const drawnInNovember = await chartTexts();
    expect(total(november)).toBe(6); // two prospects are not in the grid
    await page.getByLabel('As of').fill('2025-03-01');
    await page.waitForURL(/asOf=2025-03-01/);
    // Ben's first purchase (February 2025) is the only one by March 2025. Waited for, not read
    // once: while the new date's answer is on its way the table may show neither date's counts.
    expect(
      total(
        await until(
          () => cellCounts(page),
          (counts) => total(counts) === 1,
        ),
      ),
    ).toBe(1);
    await page.getByText('7 prospects without a purchase are not in the grid.').waitFor();
    // The chart itself was redrawn too: its SVG carries the new counts.
    await until(chartTexts, (texts) => JSON.stringify(texts) !== JSON.stringify(drawnInNovember));
  });

  it('drills from a chart mark into the customers behind it: paged, sorted, CSV', async () => {
    await open('en');
    await page.goto('/dashboard?asOf=2026-11-01');
    // The first bar of "How many customers might we lose?" is churn risk low.
    const lowBar = page.getByTestId('chart-churnRisk').locator('path[fill="#0072B2"]').first();
    await lowBar.click();
    await page.waitForURL(/f\.churnRisk=low/);
    const list = page.locator('section.drill');
    await list.getByTestId('drill-total').getByText('7 customers').waitFor();
    const firstCustomer = () => list.locator('tbody tr td:first-child').first().textContent();
    expect(await firstCustomer()).toBe('ann'); // by net value, highest first
    await list.getByRole('button', { name: /Net value/ }).click();
    await page.waitForURL(/order=asc/);
    await until(firstCustomer, (id) => id !== 'ann');

    const download = page.waitForEvent('download');
    await list.getByRole('button', { name: 'Download CSV' }).click();
    const csv = readFileSync(await (await download).path(), 'utf8')
      .trim()
      .split('\n');
    expect(csv[0]).toMatch(/^customerId,country,keyAccount/);
    expect(csv).toHaveLength(8);

    // The heat map's table works from the keyboard too: R × F cell of Ann (5 purchases).
    await page.getByRole('button', { name: 'Show as table' }).first().click();
    await heatMapTable(page)
      .getByRole('button', { name: /: 1 customers/ })
      .first()
      .click();
    await page.waitForURL(/f\.r=\d&f\.f=\d/);
    await list.getByTestId('drill-total').getByText('1 customer').waitFor();

    // Revenue by month: the month's buyers (Ann, Eli and Hal bought in October 2026).
    const revenue = page.locator('figure', { has: page.getByTestId('chart-revenue') });
    await revenue.getByRole('button', { name: 'Show as table' }).click();
    await revenue.getByRole('button', { name: 'Oct 2026' }).click();
    await page.waitForURL(/f\.purchasedIn=2026-10/);
    await list.getByTestId('drill-total').getByText('3 customers').waitFor();
    expect((await list.locator('tbody tr td:first-child').allTextContents()).sort()).toEqual(['ann', 'eli', 'hal']);
  });

  it('shows how one segment moved over the twelve months to asOf, and another once picked', async () => {
    await open('en');
    await page.goto('/dashboard?asOf=2026-11-01');
    const figure = page.locator('figure', { has: page.getByTestId('chart-segment-history') });
    await figure
      .locator('figcaption')
      .getByText('How has the “At risk” segment grown or shrunk month by month?')
      .waitFor();
    await figure.getByRole('button', { name: 'Show as table' }).click();
    const rows = figure.locator('tbody tr');
    await until(
      () => rows.count(),
      (n) => n === 13,
    ); // Nov 2025 … Nov 2026
    expect(await rows.first().locator('th').textContent()).toBe('Nov 2025');
    await figure.getByRole('combobox').selectOption('champions');
    await figure
      .locator('figcaption')
      .getByText('How has the “Champions” segment grown or shrunk month by month?')
      .waitFor();
    // The last month agrees with the segment counts as of the same day.
    const segments = await app.crm.get('/segments?asOf=2026-11-01', 'analyst');
    await until(
      () => rows.last().locator('td').first().textContent(),
      (members) => members === String(segments.body.counts.rfmSegment.champions),
    );
  });

  it('says when the twelve months shown hold no purchase, and shows the end of the last year with some', async () => {
    await open('en');
    await page.goto('/dashboard?asOf=2029-06-30');
    const notice = page.getByTestId('quiet-period');
    await notice
      .getByText('No revenue in the twelve months shown. The most recent is in the year to 31 Dec 2026.')
      .waitFor();
    await expectAccessible(page, 'dashboard with no purchases in its months');
    await notice.getByRole('button', { name: 'Show as of 31 Dec 2026' }).click();
    await page.waitForURL(/asOf=2026-12-31/);
    await page.getByTestId('chart-revenue').locator('path[fill="#0072B2"]').first().waitFor({ state: 'attached' });
    await notice.waitFor({ state: 'detached' });
  });

  it('is accessible, in English and in Persian (right to left, Persian digits)', async () => {
    for (const language of ['en', 'fa'] as const) {
      await open(language);
      await page.goto('/dashboard?asOf=2026-11-01');
      await heatMapTable(page).waitFor({ state: 'attached' });
      await page.getByTestId('chart-revenue').locator('path[fill="#0072B2"]').first().waitFor({ state: 'attached' });
      if (language === 'fa') {
        expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
        await page.getByText('۸ مشتری', { exact: false }).first().waitFor();
      }
      await expectAccessible(page, `dashboard ${language}`);
      await screenshot(page, 'dashboard', language);
      expectNoProblems(watched);
      await watched.context.close();
    }
    await open('en');
  });

  it('does not show the dashboard to a channel key', async () => {
    await open('en', 'channel');
    await page.goto('/dashboard');
    await page.getByRole('heading', { name: 'You may not open this page' }).waitFor();
  });
});
