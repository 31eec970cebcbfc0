// The customer-value model and webhooks in real Chromium, over 40 customers with known
// purchases: a fit refused for a date with too few buyers (the API's words on the date), a fit
// recorded and listed, the holdout evaluation drawn and tabled with the API's own figures; a
// webhook subscribed (its secret shown once), a refused delivery in the dead letters and
// delivered again from there; and every new admin screen accessible and pictured in both languages.
import type { Page } from 'playwright-core';
import { until } from './analytics-history';
import { WebhookReceiver } from '@ledger/derived-events/test-support';
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

const CUSTOMERS = 40;
const day = (offset: number) => new Date(Date.UTC(2025, 0, 2) + offset * 86_400_000).toISOString();

/** Customer i first buys on day i, then (i mod 5) more times every 2 + (i mod 4) weeks (as apps/crm's test). */
async function seedBuyers(crm: CrmUnderTest): Promise<void> {
  const history = new HistoryWriter(() => crm);
  for (let i = 0; i < CUSTOMERS; i++) {
    const id = `c${i}`;
    await history.post('/customers', { customerId: id, kind: 'person', name: id, occurredAt: '2025-01-01T09:00:00Z' });
    for (let k = 0; k <= i % 5; k++) {
      await history.buy(id, day(i + k * 7 * (2 + (i % 4))), 11 + (i % 13) * 3 + k);
    }
  }
  // The fit reads the lifecycle read model: wait until it has every purchase.
  await crm.get(`/customers/c0/lifecycle?minPosition=${history.lastPosition}`, 'analyst');
  await crm.get(`/segments?minPosition=${history.lastPosition}`, 'analyst');
}

describeInBrowser('console: customer-value model and webhooks', () => {
  let receiver: WebhookReceiver;
  const app = useConsole({
    start: {
      env: {
        CRM_SEGMENT_EVENTS_INTERVAL_MS: '3600000',
        CRM_WEBHOOK_POLL_MS: '20',
        CRM_WEBHOOK_MAX_ATTEMPTS: '1',
      },
    },
    seed: async (crm) => {
      // The first delivery is refused, every later one accepted.
      receiver = await WebhookReceiver.start([500, 200]);
      await seedBuyers(crm);
    },
  });
  afterAll(() => receiver?.stop());
  let watched: WatchedPage;
  let page: Page;

  const open = async (path: string, role: 'admin' | 'analyst' = 'admin', language: 'en' | 'fa' = 'en') => {
    watched = await app.signedIn(role, language);
    page = watched.page;
    await page.goto(path);
  };

  it('fits the model as of a date, refusing one with too few buyers, and evaluates it on a holdout', async () => {
    await open('/value-model');
    const fit = page.getByRole('form', { name: 'Fit the model' });
    await fit.getByLabel('Purchases up to (empty: now)').fill('2024-12-31');
    await fit.getByRole('button', { name: 'Fit now' }).click();
    await fit.getByText(/cannot fit as of this asOf/).waitFor();
    await page.getByText('No model has been fitted yet.').waitFor();

    await fit.getByLabel('Purchases up to (empty: now)').fill('2025-04-30');
    await fit.getByRole('button', { name: 'Fit now' }).click();
    await page.getByTestId('fit').waitFor();
    const recorded = (await app.crm.get('/analytics/customer-value/models', 'analyst')).body.models;
    expect(recorded).toEqual([expect.objectContaining({ asOf: '2025-04-30T23:59:59.999Z', populationSize: 40 })]);
    expect(await page.getByTestId('fit').locator('td').nth(1).textContent()).toBe('40');

    const evaluation = page.getByRole('form', { name: 'How well does it forecast?' });
    // Reversed dates: refused by the API, on the field it names.
    await evaluation.getByLabel('Calibration end').fill('2025-12-31');
    await evaluation.getByLabel('Holdout end').fill('2025-04-30');
    await evaluation.getByRole('button', { name: 'Evaluate' }).click();
    await evaluation.getByText('holdoutEnd must be after calibrationEnd').waitFor();

    await evaluation.getByLabel('Calibration end').fill('2025-04-30');
    await evaluation.getByLabel('Holdout end').fill('2025-12-31');
    await evaluation.getByRole('button', { name: 'Evaluate' }).click();
    await page.getByTestId('evaluation-chart').locator('svg').waitFor();
    const api = (
      await app.crm.get(
        '/analytics/customer-value/evaluation?calibrationEnd=2025-04-30&holdoutEnd=2025-12-31',
        'analyst',
      )
    ).body;
    await page.getByText(`${api.customers} customers scored`).waitFor();
    const model = page.getByTestId('score-model');
    const cells = await model.locator('td').allTextContents();
    const en = (value: number, digits: number) =>
      new Intl.NumberFormat('en-GB', { maximumFractionDigits: digits }).format(value);
    expect(cells[3]).toBe(en(api.scores.model.rootMeanSquaredError, 2));
    expect(cells[4]).toBe(en(api.scores.model.predictedTotal, 0));
    expect(cells[5]).toBe(en(api.scores.model.actualTotal, 0));
    expect(await page.getByTestId('evaluation-scores').locator('tbody tr').count()).toBe(5);
    expectNoProblems(watched, [/Failed to load resource.*(400|422)/]);
    await watched.context.close();
  });

  it('shows analysts the fits and the evaluation, without the fit', async () => {
    await open('/value-model', 'analyst');
    await page.getByTestId('fits').waitFor();
    expect(await page.getByRole('form', { name: 'Fit the model' }).count()).toBe(0);
    expectNoProblems(watched);
    await watched.context.close();
  });

  it('subscribes a receiver, shows its refused delivery as a dead letter and delivers it again', async () => {
    await open('/webhooks');
    const form = page.getByRole('form', { name: 'Subscribe a URL' });
    await form.getByLabel('Receiving URL (http or https)').fill('not a url');
    await form.getByLabel('Customer entered a lifecycle stage').check();
    await form.getByRole('button', { name: 'Subscribe' }).click();
    await form.getByText('url must be a URL address').waitFor();

    await form.getByLabel('Receiving URL (http or https)').fill(receiver.url);
    await form.getByRole('button', { name: 'Subscribe' }).click();
    expect(await page.getByTestId('once-secret').textContent()).toMatch(/^\S{16,}$/);
    await page.getByRole('button', { name: 'I have stored it' }).click();
    await page.getByTestId('subscriptions').getByRole('rowheader', { name: receiver.url }).waitFor();

    expect((await app.crm.request('POST', '/admin/segment-events/evaluate')).status).toBe(200);
    const [refused] = await receiver.waitFor(CUSTOMERS);
    await until(
      async () => (await app.crm.get('/admin/webhooks/dead-letters')).body.deadLetters.length,
      (dead) => dead === 1,
    );
    await page.reload();
    const letters = page.getByTestId('dead-letters');
    await letters.getByText('Customer entered a lifecycle stage').waitFor();
    expect(await letters.locator('tbody tr').count()).toBe(1);
    await letters.getByRole('button', { name: /^Deliver again/ }).click();
    await page.getByText('No dead letters.').waitFor();
    const received = await receiver.waitFor(CUSTOMERS + 1);
    const again = received
      .slice(1)
      .filter((r) => r.headers['ledger-delivery-id'] === refused.headers['ledger-delivery-id']);
    expect(again.map((r) => r.status)).toEqual([200]);

    const row = page.getByTestId('subscriptions').getByRole('row', { name: new RegExp(receiver.url) });
    await row.getByRole('button', { name: /Remove/ }).click();
    await row.getByRole('button', { name: 'Remove', exact: true }).click();
    await page.getByText('No URL is subscribed.').waitFor();
    expectNoProblems(watched, [/Failed to load resource.*400/]);
    await watched.context.close();
  });

  it('is accessible and pictured in English and Persian', async () => {
    for (const language of ['en', 'fa'] as const) {
      for (const [path, name, ready] of [
        ['/people', 'people', 'Add a person'],
        ['/api-keys', 'api-keys', 'Create an API key'],
        ['/webhooks', 'webhooks', 'Subscribe a URL'],
        ['/value-model', 'value-model', 'Fit the model'],
      ] as const) {
        await open(path, 'admin', language);
        await page.locator('form').first().waitFor();
        if (name === 'value-model') {
          // Pictured with its evaluation: the figure is what people look at.
          await page.locator('#evaluation-calibrationEnd').fill('2025-04-30');
          await page.locator('#evaluation-holdoutEnd').fill('2025-12-31');
          await page.locator('#evaluation-holdoutEnd').press('Enter');
          await page.getByTestId('evaluation-chart').locator('svg').waitFor();
          await page.getByTestId('evaluation-chart').scrollIntoViewIfNeeded();
        }
        await expectAccessible(page, `${name} ${language} (${ready})`);
        await screenshot(page, name, language);
        expectNoProblems(watched);
        await watched.context.close();
      }
    }
  });
});
