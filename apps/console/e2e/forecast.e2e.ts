// The fitted forecast in real Chromium once a model exists: the 360's panel shows each figure
// with its 80 % interval, as the API gives it, and the lifecycle table the fitted value per month;
// axe in English and Persian, no console errors.
import type { Page } from 'playwright-core';
import {
  describeInBrowser,
  expectAccessible,
  expectNoProblems,
  HistoryWriter,
  screenshot,
  useConsole,
  type CrmUnderTest,
  type WatchedPage,
} from './support';

jest.setTimeout(90_000);

const DAY = 86_400_000;
/** Today's date: the lifecycle page and the API read at the same instant (its end). */
const TODAY = new Date().toISOString().slice(0, 10);

/** Forty customers buying over the last year (the scheduled-fit e2e's history), fitted as of now. */
async function seedFitted(crm: CrmUnderTest): Promise<void> {
  const history = new HistoryWriter(() => crm);
  const now = Date.now();
  for (let i = 0; i < 40; i++) {
    const customerId = `v${i}`;
    const first = now - (300 - 5 * i) * DAY;
    const registered = new Date(first - DAY).toISOString();
    await history.post('/customers', { customerId, kind: 'person', name: `Val ${i}`, occurredAt: registered });
    for (let k = 0; k <= i % 5; k++) {
      const at = first + k * (2 + (i % 4)) * 7 * DAY;
      if (at >= now) break;
      await history.post(`/customers/${customerId}/purchases`, {
        lines: [{ sku: 'CD', quantity: 1, unitPrice: 11 + (i % 13) * 3 + k }],
        currency: 'EUR',
        channel: 'web',
        occurredAt: new Date(at).toISOString(),
      });
    }
  }
  const fit = await crm.request('POST', `/admin/models/customer-value/fit?minPosition=${history.lastPosition}`);
  if (fit.status !== 201) throw new Error(`fit: ${fit.status} ${JSON.stringify(fit.body)}`);
}

describeInBrowser('console: customer-value forecasts', () => {
  const app = useConsole({ seed: seedFitted });
  let watched: WatchedPage;
  let page: Page;

  afterEach(async () => {
    expectNoProblems(watched);
    await watched.context.close();
  });

  it('shows the 360 forecast with intervals, as the API gives it, and follows the horizon', async () => {
    watched = await app.signedIn('agent');
    page = watched.page;
    await page.goto('/customer/v39');
    const panel = page.getByRole('region', { name: 'Forecast' });
    await panel.getByTestId('forecast-figures').waitFor();
    const api = (await app.crm.get('/customers/v39/value', 'agent')).body;
    const lifetime = api.forecast.lifetimeValue;
    const euros = (v: number) => `€${v.toFixed(2)}`;
    await panel.getByText(`${euros(lifetime.estimate)} (${euros(lifetime.low)}–${euros(lifetime.high)})`).waitFor();
    await panel.getByText('Expected spend in 52 weeks').waitFor();
    await panel.getByLabel('Over the next').selectOption('13');
    await panel.getByText('Expected spend in 13 weeks').waitFor();
    await expectAccessible(page, 'customer forecast en');
    await screenshot(page, 'forecast', 'en');
  });

  it('lists the fitted lifetime value per month on the lifecycle, and is accessible in both languages', async () => {
    for (const language of ['en', 'fa'] as const) {
      watched = await app.signedIn('analyst', language);
      page = watched.page;
      await page.goto(`/lifecycle/v39?asOf=${TODAY}`);
      await page.getByTestId('lifecycle-fitted').waitFor();
      if (language === 'en') {
        const api = (await app.crm.get(`/customers/v39/lifecycle?asOf=${TODAY}`, 'analyst')).body;
        const value = api.fittedValue.forecast.lifetimeValue;
        expect(await page.getByTestId('lifecycle-fitted').textContent()).toBe(
          `€${value.estimate.toFixed(2)} (€${value.low.toFixed(2)}–€${value.high.toFixed(2)})`,
        );
      }
      await expectAccessible(page, `lifecycle forecast ${language}`);
      await screenshot(page, 'lifecycle-forecast', language);
      expectNoProblems(watched);
      if (language === 'en') await watched.context.close();
    }
  });
});
