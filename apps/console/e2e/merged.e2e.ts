// A customer merged into another, as an agent meets them in real Chromium: search finds the old
// record by its own name and says where it went; its 360 shows a banner with a link that opens
// the survivor; in Persian too, and accessible.
import { describeInBrowser, expectAccessible, expectNoProblems, useConsole, type WatchedPage } from './support';
import type { CrmUnderTest } from './support/crm';

async function seedMerged(crm: CrmUnderTest): Promise<void> {
  const ok = async (reply: Promise<{ status: number; body: unknown }>) => {
    const { status, body } = await reply;
    if (status >= 300) throw new Error(`seeding failed: ${status} ${JSON.stringify(body)}`);
  };
  await ok(crm.post('/customers', { customerId: 'm-web', kind: 'person', name: 'Hedy Lamarr' }));
  await ok(crm.post('/customers', { customerId: 'm-phone', kind: 'person', name: 'Hedwig Kiesler' }));
  await ok(crm.post('/customers/m-web/merges', { mergedCustomerId: 'm-phone' }));
}

describeInBrowser('console: a customer merged away', () => {
  const app = useConsole({ seed: seedMerged });
  let watched: WatchedPage | undefined;
  afterEach(async () => {
    if (watched) expectNoProblems(watched);
    await watched?.context.close();
  });

  it('is found with the survivor named, and its 360 sends the agent on', async () => {
    watched = await app.signedIn('agent');
    const { page } = watched;
    await page.getByRole('combobox', { name: 'Search customers' }).fill('kiesler');
    const option = page.getByRole('option', { name: /Hedwig Kiesler/ });
    await option.getByText('merged into Hedy Lamarr').waitFor();
    await page.keyboard.press('Enter');
    await page.waitForURL('**/customer/m-phone');
    const banner = page.locator('.merged-banner');
    await banner.getByText(/This record is merged into Hedy Lamarr/).waitFor();
    await banner.getByRole('link', { name: 'Open Hedy Lamarr' }).click();
    await page.waitForURL('**/customer/m-web');
    await page.getByRole('heading', { level: 1, name: 'Hedy Lamarr' }).waitFor();
    expect(await page.locator('.merged-banner').count()).toBe(0);
  });

  it('says so in Persian, accessibly', async () => {
    watched = await app.signedIn('agent', 'fa');
    const { page } = watched;
    await page.goto('/customer/m-phone');
    await page
      .locator('.merged-banner')
      .getByText(/ادغام شده است/)
      .waitFor();
    await page.locator('.merged-banner').getByRole('link', { name: 'باز کردن Hedy Lamarr' }).waitFor();
    await expectAccessible(page, 'merged.fa');
  });
});
