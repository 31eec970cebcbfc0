// Products for the analyst in real Chromium against the real CRM: the list sorted by revenue,
// then by quantity, filtered by category, paged; a product opened from its row and from a bar
// of the chart, its return rate and feedback; SKUs with a space, a slash and Persian letters in
// the URL; a SKU nobody bought; no access with a channel key; axe and screenshots in English
// and Persian.
import type { Page } from 'playwright-core';
import { until } from './analytics-history';
import { HistoryWriter, type CrmUnderTest } from './support';
import {
  describeInBrowser,
  expectAccessible,
  expectNoProblems,
  screenshot,
  useConsole,
  type WatchedPage,
} from './support';

jest.setTimeout(60_000);

const PERSIAN_TEA = 'چای-سبز';
/** By revenue: 798, 60, 40, 25, 15; by quantity: 30, 5, 4, 3, 2. */
const BY_REVENUE = ['ESP-100', PERSIAN_TEA, 'TEA-EARL', 'BOX/2', 'BANK CHARGES'];
const BY_QUANTITY = [PERSIAN_TEA, 'TEA-EARL', 'BOX/2', 'BANK CHARGES', 'ESP-100'];

async function seedProducts(crm: CrmUnderTest): Promise<number> {
  const history = new HistoryWriter(() => crm);
  const { post } = history;
  for (const customerId of ['ann', 'ben', 'cat']) {
    await post('/customers', { customerId, kind: 'person', name: customerId, occurredAt: '2026-01-01T09:00:00Z' });
  }
  const buy = (customerId: string, orderId: string, occurredAt: string, lines: object[], currency = 'EUR') =>
    post(`/customers/${customerId}/purchases`, { orderId, lines, currency, channel: 'web', occurredAt });
  await buy('ann', 'o-ann-1', '2026-09-01T10:00:00Z', [
    { sku: 'ESP-100', quantity: 1, unitPrice: 399, description: 'Espresso machine', category: 'coffee' },
    // A shop's fee line: no description, no category.
    { sku: 'BANK CHARGES', quantity: 3, unitPrice: 5 },
  ]);
  await buy('ben', 'o-ben-1', '2026-09-15T10:00:00Z', [
    { sku: PERSIAN_TEA, quantity: 30, unitPrice: 2, description: 'چای سبز ۱۰۰ گرمی', category: 'tea' },
    { sku: 'TEA-EARL', quantity: 5, unitPrice: 8, description: 'Earl Grey, 250 g', category: 'tea' },
  ]);
  await buy('cat', 'o-cat-1', '2026-10-02T10:00:00Z', [
    { sku: 'ESP-100', quantity: 1, unitPrice: 399, category: 'coffee' },
    { sku: 'BOX/2', quantity: 4, unitPrice: 6.25, description: 'Gift box of two', category: 'coffee' },
  ]);
  await post('/customers/ann/returns', { orderId: 'o-ann-1', amount: 399, skus: ['ESP-100'] });
  for (const [customerId, kind, score, product] of [
    ['ann', 'csat', 4, 'ESP-100'],
    ['cat', 'csat', 5, 'ESP-100'],
    ['ben', 'nps', 9, 'TEA-EARL'],
  ] as const) {
    await post(`/customers/${customerId}/feedback`, { kind, score, product, channel: 'web' });
  }
  return history.lastPosition;
}

describeInBrowser('console: products for the analyst', () => {
  const app = useConsole({
    seed: async (crm) => {
      const position = await seedProducts(crm);
      await crm.get(`/products?minPosition=${position}`, 'analyst');
    },
  });
  let watched: WatchedPage;
  let page: Page;
  afterEach(async () => {
    expectNoProblems(watched, [/Failed to load resource: the server responded with a status of 404/]);
    await watched.context.close();
  });

  const open = async (path: string, language: 'en' | 'fa' = 'en', role: 'analyst' | 'channel' = 'analyst') => {
    watched = await app.signedIn(role, language);
    page = watched.page;
    await page.goto(path);
  };
  const table = () => page.locator('table.product-table');
  const skus = async () => {
    await table().waitFor();
    return table().locator('tbody tr td:first-child').allTextContents();
  };
  /** Waits until the list shows `expected` (a new answer replaces the previous page's rows). */
  const listed = (expected: string[]) => until(skus, (seen) => JSON.stringify(seen) === JSON.stringify(expected));
  const rowOf = (sku: string) =>
    table().locator('tbody tr', { has: page.getByRole('link', { name: sku, exact: true }) });
  const range = () => page.getByTestId('product-range');
  const bars = () => page.getByTestId('chart-products').locator('path[fill="#0072B2"]');
  const figure = (list: 'product-figures' | 'product-feedback', term: string) =>
    page
      .getByTestId(list)
      .locator('div', { has: page.getByRole('term').getByText(term, { exact: true }) })
      .locator('dd');

  it('lists products by revenue, then by quantity, then one category, with the API’s figures', async () => {
    await open('/product-catalogue');
    expect(await skus()).toEqual(BY_REVENUE);
    await range().getByText('1–5 of 5').waitFor();
    await bars().nth(4).waitFor({ state: 'attached' });
    expect(await bars().count()).toBe(5);
    const api = (await app.crm.get('/products', 'analyst')).body;
    expect(api.products.map((p: { sku: string }) => p.sku)).toEqual(BY_REVENUE);
    // sku, description, category, revenue, quantity, orders, returns, returned, CSAT, NPS, first, last
    expect(await rowOf('ESP-100').locator('td').allTextContents()).toEqual([
      'ESP-100',
      'Espresso machine',
      'coffee',
      '798.00',
      '2',
      '2',
      '1',
      '399.00',
      '4.5 (2 ratings)',
      '—',
      '1 Sept 2026',
      '2 Oct 2026',
    ]);
    const bank = await rowOf('BANK CHARGES').locator('td').allTextContents();
    expect(bank.slice(0, 4)).toEqual(['BANK CHARGES', '—', '—', '15.00']);
    expect((await rowOf('TEA-EARL').locator('td').allTextContents())[9]).toBe('9 (1 rating)');
    await page
      .getByText('Amounts in the currencies they were charged in; products sold in several are summed.')
      .waitFor();

    await table().getByRole('button', { name: 'Quantity' }).click();
    await page.waitForURL(/\/product-catalogue\?sort=quantity$/);
    await table().getByRole('columnheader', { name: 'Quantity ▼' }).waitFor();
    // The chart then says its bars follow the list, not that they are the best earners.
    await page
      .locator('figcaption')
      .getByText("How much did these products earn? (the page's first, by quantity)")
      .waitFor();
    await listed(BY_QUANTITY);

    await page.getByLabel('Category').fill('tea');
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    await page.waitForURL(/\?sort=quantity&category=tea$/);
    await listed([PERSIAN_TEA, 'TEA-EARL']);
    await range().getByText('1–2 of 2').waitFor();
    // Exact, as the API matches: "te" is no category.
    await page.getByLabel('Category').fill('te');
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    await page.getByText('No product in the category “te”.').waitFor();
    await page.getByRole('button', { name: 'All categories' }).click();
    await page.waitForURL(/\?sort=quantity$/);
    await listed(BY_QUANTITY);
  });

  it('pages through the list, n–m of total, the page in the URL', async () => {
    await open('/product-catalogue?pageSize=2&page=2');
    expect(await skus()).toEqual(BY_REVENUE.slice(2, 4));
    await range().getByText('3–4 of 5').waitFor();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.waitForURL(/page=3/);
    await listed(['BANK CHARGES']);
    await range().getByText('5–5 of 5').waitFor();
    expect(await page.getByRole('button', { name: 'Next' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Previous' }).click();
    await page.waitForURL(/page=2/);
    await listed(BY_REVENUE.slice(2, 4));
  });

  it('opens a product from its row and from a bar, and goes back to the same view', async () => {
    await open('/product-catalogue?sort=quantity');
    await listed(BY_QUANTITY);
    // A click anywhere on the row (here its description) opens the product; the slash is encoded.
    await rowOf('BOX/2').getByText('Gift box of two').click();
    await page.waitForURL((url) => url.pathname === '/product-catalogue/BOX%2F2' && url.search === '?sort=quantity');
    await page.getByRole('heading', { level: 1, name: 'BOX/2' }).waitFor();
    await figure('product-figures', 'Revenue').getByText('25.00').waitFor();
    await page.getByRole('link', { name: 'All products' }).click();
    await page.waitForURL((url) => url.pathname === '/product-catalogue' && url.search === '?sort=quantity');
    await listed(BY_QUANTITY);

    // The first bar is the first product of the page (by quantity: the Persian SKU).
    await bars().first().click();
    await page.waitForURL((url) => decodeURIComponent(url.pathname) === `/product-catalogue/${PERSIAN_TEA}`);
    expect(new URL(page.url()).pathname).toBe(`/product-catalogue/${encodeURIComponent(PERSIAN_TEA)}`);
    await page.getByRole('heading', { level: 1, name: PERSIAN_TEA }).waitFor();
    await figure('product-figures', 'Quantity').getByText('30').waitFor();

    // A shared link to a SKU with a space, loaded afresh: return rate and feedback.
    await page.goto('/product-catalogue/ESP-100');
    await page.getByRole('heading', { level: 1, name: 'ESP-100' }).waitFor();
    await figure('product-figures', 'Return rate').getByText('50%').waitFor();
    await figure('product-figures', 'Return rate')
      .getByText(/\(1 ÷ 2\)/)
      .waitFor();
    await figure('product-feedback', 'Average CSAT').getByText('4.5 (2 ratings)').waitFor();
    expect(await figure('product-feedback', 'Average NPS score').textContent()).toMatch(/^—/);
    await page.goto('/product-catalogue/BANK%20CHARGES');
    await page.getByRole('heading', { level: 1, name: 'BANK CHARGES' }).waitFor();
    await figure('product-figures', 'Category').getByText('—').waitFor();
  });

  it('says plainly when nobody bought, returned or rated a SKU', async () => {
    await open('/product-catalogue/NEVER%20SOLD');
    await page
      .getByTestId('product-unknown')
      .getByText('No product “NEVER SOLD” has been bought, returned or rated.')
      .waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
  });

  it('does not show products to a channel key', async () => {
    await open('/product-catalogue', 'en', 'channel');
    await page.getByRole('heading', { name: 'You may not open this page' }).waitFor();
  });

  it('is accessible and pictured in English and Persian (right to left, Persian digits)', async () => {
    for (const language of ['en', 'fa'] as const) {
      await open('/product-catalogue', language);
      await table().waitFor();
      await bars().first().waitFor({ state: 'attached' });
      if (language === 'fa') {
        expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
        await rowOf('ESP-100').getByText('۷۹۸٫۰۰').waitFor();
        await range().getByText('۱–۵ از ۵').waitFor();
      }
      await expectAccessible(page, `products ${language}`);
      await screenshot(page, 'products', language);
      await page.goto('/product-catalogue/ESP-100');
      await page.getByTestId('product-feedback').waitFor();
      await expectAccessible(page, `one product ${language}`);
      // The last page is checked and closed by afterEach.
      if (language === 'en') {
        expectNoProblems(watched);
        await watched.context.close();
      }
    }
  });
});
