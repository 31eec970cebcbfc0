// The forms that make and maintain customers, in real Chromium against the real CRM: an agent
// registers a caller the search did not find (a Persian name) and finds them; edits a profile
// with a stale revision and gets "changed meanwhile"; records consent; an admin merges two
// duplicates and undoes it. Each screen is checked with axe; no console errors.
import type { Page } from 'playwright-core';
import {
  describeInBrowser,
  expectAccessible,
  expectNoProblems,
  screenshot,
  useConsole,
  type WatchedPage,
} from './support';
import { seedCustomers } from './support/seed';

const search = (page: Page) => page.getByRole('combobox', { name: 'Search customers' });

describeInBrowser('console: registering and maintaining customers', () => {
  const app = useConsole({ seed: seedCustomers });
  let watched: WatchedPage;
  let page: Page;
  // Answers a test provokes on purpose (Chromium logs each 4xx as an error).
  let expected: RegExp[] = [];
  afterEach(async () => {
    expectNoProblems(watched, expected);
    expected = [];
    await watched.context.close();
  });

  it('registers the caller the search did not find, with a Persian name, and finds them', async () => {
    watched = await app.signedIn('agent');
    page = watched.page;
    await search(page).fill('پرویز');
    await page.getByText('0 customers found').waitFor();
    await page.getByRole('link', { name: 'Register “پرویز” as a new customer' }).click();
    await page.waitForURL('**/new-customer?q=*');
    const form = page.getByRole('form', { name: 'Register a customer' });
    expect(await form.getByRole('textbox', { name: 'Name', exact: true }).inputValue()).toBe('پرویز');
    await expectAccessible(page, 'new-customer.en');
    await screenshot(page, 'new-customer', 'en');

    // Client-side checks first: a bad phone is marked and nothing is sent.
    const head = await app.crm.head();
    await form.getByRole('textbox', { name: 'Name', exact: true }).fill('پرویز ناتل خانلری');
    await form.getByLabel('Phone').fill('call me');
    await form.getByRole('button', { name: 'Register customer' }).click();
    await form.getByText('A phone number such as +44 20 7946 0018.').waitFor();
    expect(await app.crm.head()).toBe(head);

    // The API's own message on the field: it checks the address.
    expected = [/status of 400/];
    await form.getByLabel('Phone').fill('۰۹۱۲ ۱۱۱ ۲۲۳۳');
    await form.getByLabel('Email').fill('not-an-address');
    await form.getByRole('button', { name: 'Register customer' }).click();
    await form.getByText('email must be an email address').waitFor();
    expect(await form.getByLabel('Email').getAttribute('aria-invalid')).toBe('true');
    expect(await app.crm.head()).toBe(head);

    await form.getByLabel('Email').fill('parviz@example.ir');
    await form.getByLabel('City').fill('تهران');
    // A double click registers once.
    await form.getByRole('button', { name: 'Register customer' }).dblclick();
    await page.waitForURL(/\/customer\/[^/?]+\?minPosition=\d+/);
    await page.getByRole('heading', { level: 1, name: 'پرویز ناتل خانلری' }).waitFor();
    const customerId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
    const registered = await app.crm.get(`/customers/${customerId}`, 'agent');
    expect(registered.body.profile).toMatchObject({ phone: '0912 111 2233', email: 'parviz@example.ir' });
    // One customer: the double click registered once.
    const found = await app.crm.get(`/customers/search?q=${encodeURIComponent('پرویز')}`, 'agent');
    expect(found.body.results.map((r: { customerId: string }) => r.customerId)).toEqual([customerId]);

    // And the agent finds them from the Ctrl+K menu.
    await page.keyboard.press('Control+k');
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('combobox').fill('خانلری');
    await dialog.getByRole('option', { name: /پرویز ناتل خانلری/ }).waitFor();
    // The menu offers registering too.
    await dialog.getByRole('link', { name: 'Register a new customer' }).waitFor();
    await page.keyboard.press('Escape');
  });

  it('opens the new-customer form from the Ctrl+K menu, in Persian', async () => {
    watched = await app.signedIn('agent', 'fa');
    page = watched.page;
    await page.keyboard.press('Control+k');
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('link', { name: 'ثبت مشتری تازه' }).click();
    await page.waitForURL('**/new-customer');
    await page.getByRole('heading', { level: 1, name: 'مشتری تازه' }).waitFor();
    await expectAccessible(page, 'new-customer.fa');
    await screenshot(page, 'new-customer', 'fa');
  });

  it('shows no register link to a role that may not register (an analyst)', async () => {
    watched = await app.signedIn('analyst');
    page = watched.page;
    await page.goto('/find');
    await search(page).fill('nobody-here');
    await page.getByText('0 customers found').waitFor();
    expect(await page.getByRole('link', { name: /Register/ }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'New customer' }).count()).toBe(0);
  });
  it('edits a profile: a stale revision gets "changed meanwhile", the values stay and go through after the reload', async () => {
    expected = [/status of 409/];
    watched = await app.signedIn('agent');
    page = watched.page;
    await page.goto('/customer/c-shirin');
    await page.getByRole('button', { name: 'Edit profile' }).click();
    const form = page.getByRole('form', { name: 'Edit profile' });
    expect(await form.getByLabel('City').inputValue()).toBe('تهران');
    await expectAccessible(page, 'edit-profile.en');
    await form.getByLabel('City').fill('اصفهان');
    // Meanwhile, the web shop records a visit: the revision on screen is stale.
    const visit = await app.crm.post('/customers/c-shirin/contacts', {
      channel: 'web',
      direction: 'inbound',
      reason: 'browsed the shop',
    });
    expect(visit.status).toBe(201);
    await form.getByRole('button', { name: 'Save profile' }).click();
    await form.getByText(/changed meanwhile/).waitFor();
    expect((await app.crm.get('/customers/c-shirin', 'agent')).body.profile.city).toBe('تهران');
    await page.getByText(/browsed the shop/).waitFor();
    await form.getByRole('button', { name: 'Save profile' }).click();
    // Saved, the form closes and the profile shows the new city.
    await form.waitFor({ state: 'detached' });
    await page.getByRole('region', { name: 'Profile' }).getByText('اصفهان, IR').waitFor();
    expect((await app.crm.get('/customers/c-shirin', 'agent')).body.profile.city).toBe('اصفهان');
  });

  it('edits a profile in Persian, a phone typed with Persian digits stored with Latin ones', async () => {
    watched = await app.signedIn('agent', 'fa');
    page = watched.page;
    await page.goto('/customer/c-pars');
    await page.getByRole('button', { name: 'ویرایش مشخصات' }).click();
    const form = page.getByRole('form', { name: 'ویرایش مشخصات' });
    await form.getByLabel('تلفن').fill('۰۲۱ ۸۸۷۷ ۶۶۵۵');
    await expectAccessible(page, 'edit-profile.fa');
    await form.getByRole('button', { name: 'ذخیرهٔ مشخصات' }).click();
    await form.waitFor({ state: 'detached' });
    // The 360, read at the command's position, shows it.
    await page.locator('.facts').getByText('021 8877 6655').waitFor();
    expect((await app.crm.get('/customers/c-pars', 'agent')).body.profile.phone).toBe('021 8877 6655');
  });

  it('records consent per channel and purpose, and flags a key account', async () => {
    watched = await app.signedIn('agent');
    page = watched.page;
    await page.goto('/customer/c-shirin');
    await page.getByRole('button', { name: 'Consent' }).click();
    const consent = page.getByRole('form', { name: 'Consent' });
    await consent.getByLabel('Channel').selectOption('phone');
    await consent.getByLabel('Purpose').selectOption('research');
    await consent.getByRole('button', { name: 'Record consent' }).click();
    await consent.getByText('Saved.').waitFor();
    const grid = page.locator('.consent-grid');
    await grid.getByRole('row', { name: /Phone/ }).getByText('✓ Given').waitFor();
    const view = (await app.crm.get('/customers/c-shirin', 'agent')).body;
    expect(view.consent['phone:research']).toMatchObject({ status: 'given' });

    await page.getByRole('button', { name: 'Key-account flag' }).click();
    const flag = page.getByRole('form', { name: 'Key-account flag' });
    await flag.getByLabel('Key account').selectOption('true');
    await flag.getByLabel('Reason').fill('largest buyer in Tehran');
    await flag.getByRole('button', { name: 'Save' }).click();
    await flag.waitFor({ state: 'detached' });
    // The header, read at the command's position, shows the badge.
    await page.locator('.customer-header .badge-key').waitFor();
    expect((await app.crm.get('/customers/c-shirin', 'agent')).body.keyAccount).toBe(true);
  });

  it("lets an admin pick the account manager from the directory's active people", async () => {
    const person = await app.crm.post(
      '/admin/users',
      { name: 'Mina Karimi', email: 'mina@ledger.test', roles: ['agent'], team: 'Key accounts' },
      'admin',
    );
    expect(person.status).toBe(201);
    watched = await app.signedIn('admin');
    page = watched.page;
    await page.goto('/customer/c-ada');
    await page.getByRole('button', { name: 'Account manager' }).click();
    const form = page.getByRole('form', { name: 'Account manager' });
    const field = form.getByLabel('Account manager (person id)');
    const offered = form.locator(`datalist option[value="${person.body.userId}"]`);
    await offered.waitFor({ state: 'attached' });
    expect(await offered.getAttribute('label')).toBe('Mina Karimi · Key accounts');
    await field.fill(person.body.userId);
    await form.getByRole('button', { name: 'Assign' }).click();
    await form.waitFor({ state: 'detached' });
    await page.getByRole('region', { name: 'Profile' }).getByText(person.body.userId).waitFor();
  });
  describe('duplicates', () => {
    beforeAll(async () => {
      for (const [customerId, name] of [
        ['d-web', 'Grace Hopper'],
        ['d-call', 'Grace M. Hopper'],
      ]) {
        const reply = await app.crm.post('/customers', {
          customerId,
          kind: 'person',
          name,
          email: 'grace@example.com',
        });
        expect(reply.status).toBe(201);
      }
    });
    const merged = async (survivor: string) =>
      (await app.crm.get(`/customers/${survivor}`, 'agent')).body.mergedCustomerIds ?? [];

    it('merges two duplicates after a question naming both, and undoes it from the survivor', async () => {
      watched = await app.signedIn('agent');
      page = watched.page;
      await page.getByRole('link', { name: 'Possible duplicates' }).click();
      const row = page.getByRole('row', { name: /Grace Hopper.*Grace M\. Hopper/ });
      await row.getByText('same email').waitFor();
      await expectAccessible(page, 'duplicates.en');
      await screenshot(page, 'duplicates', 'en');

      const head = await app.crm.head();
      await row.getByRole('button', { name: 'Merge Grace M. Hopper into Grace Hopper' }).click();
      const question = row.getByRole('group', { name: 'Merge Grace M. Hopper into Grace Hopper' });
      await question.getByText(/Merge Grace M\. Hopper into Grace Hopper\?/).waitFor();
      // Asked, not yet done.
      expect(await app.crm.head()).toBe(head);
      await question.getByRole('button', { name: 'Yes, merge' }).dblclick();
      await page.waitForURL(/\/customer\/d-web\?minPosition=\d+/);
      const panel = page.getByRole('region', { name: 'Merged customers' });
      await panel.getByRole('link', { name: 'Grace M. Hopper' }).waitFor();
      expect(await merged('d-web')).toEqual(['d-call']);
      expect(await app.crm.head()).toBe(head + 1);
      await expectAccessible(page, 'merged-customers.en');

      await panel.getByRole('button', { name: 'Undo merge of Grace M. Hopper' }).click();
      await panel.getByRole('button', { name: 'Yes, undo' }).click();
      await panel.waitFor({ state: 'detached' });
      expect(await merged('d-web')).toEqual([]);
    });

    it('shows an analyst the pairs but no merge', async () => {
      watched = await app.signedIn('analyst');
      page = watched.page;
      await page.getByRole('link', { name: 'Possible duplicates' }).click();
      await page
        .getByRole('row', { name: /Grace Hopper/ })
        .getByText('same email')
        .waitFor();
      expect(await page.getByRole('button', { name: /^Merge/ }).count()).toBe(0);
    });

    it('undoes a merge from the banner of the record merged away, in Persian', async () => {
      const merge = await app.crm.post('/customers/d-web/merges', { mergedCustomerId: 'd-call' }, 'agent');
      expect(merge.status).toBe(201);
      watched = await app.signedIn('agent', 'fa');
      page = watched.page;
      await page.goto('/customer/d-call');
      const banner = page.locator('.merged-banner');
      await banner.getByRole('button', { name: 'لغو این ادغام' }).click();
      await expectAccessible(page, 'undo-merge.fa');
      await banner.getByRole('button', { name: 'بله، لغو شود' }).click();
      await banner.waitFor({ state: 'detached' });
      expect(await merged('d-web')).toEqual([]);

      await page.goto('/duplicates');
      await page
        .getByRole('row', { name: /Grace Hopper/ })
        .getByText('ایمیل یکسان')
        .waitFor();
      await expectAccessible(page, 'duplicates.fa');
      await screenshot(page, 'duplicates', 'fa');
    });
  });
  it('launches a campaign from the campaigns screen and records its touch on a customer', async () => {
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    watched = await app.signedIn('admin');
    page = watched.page;
    await page.goto('/campaign-results');
    await page.getByRole('button', { name: 'Launch a campaign…' }).click();
    const form = page.getByRole('form', { name: 'New campaign' });
    await form.getByRole('textbox', { name: 'Name', exact: true }).fill('Nowruz mailing');
    await form.getByLabel('Starts on').fill(day(-1));
    await form.getByLabel('Ends on').fill(day(30));
    await form.getByLabel('Budget').fill('۲۵۰۰');
    await form.getByLabel('Campaign id (empty: one is made)').fill('nowruz');
    await expectAccessible(page, 'launch-campaign.en');
    await form.getByRole('button', { name: 'Launch campaign' }).click();
    await page.getByRole('button', { name: 'Nowruz mailing' }).waitFor();

    await page.goto('/customer/c-ada');
    await page.getByRole('button', { name: 'Campaign touch' }).click();
    const touch = page.getByRole('form', { name: 'Campaign touch' });
    await touch.getByLabel('Campaign id').fill('nowruz');
    await touch.getByRole('button', { name: 'Record touch' }).click();
    await touch.getByText('Saved.').waitFor();
    const items = (await app.crm.get('/customers/c-ada/timeline?limit=5', 'agent')).body.items;
    expect(items[0]).toMatchObject({ type: 'CampaignTouchDelivered', data: { campaignId: 'nowruz' } });
  });
});
