// Every agent screen in English and Persian: no serious or critical accessibility violation,
// a screenshot for docs/console/, and no console errors. Plus who may see what (a channel key
// sees no screen; a direct URL shows the 403 message), and the speed figures.
import {
  describeInBrowser,
  expectAccessible,
  expectNoProblems,
  initialJavaScript,
  KEYS,
  screenshot,
  signIn,
  useConsole,
} from './support';
import { seedBusyCustomer, seedCustomers } from './support/seed';

/** Screens behind a permission, with a path to open each (the charts screens add theirs). */
const GUARDED = [
  '/find',
  '/customer/c-shirin',
  '/queue',
  '/dashboard',
  '/campaign-results',
  '/product-catalogue',
  '/lifecycle/c-shirin',
  '/history/c-shirin',
  '/operations',
];

describeInBrowser('console: screens', () => {
  const app = useConsole({
    seed: async (crm) => {
      await seedCustomers(crm);
      await seedBusyCustomer(crm, 'c-busy', 1000);
    },
  });

  describe.each(['en', 'fa'] as const)('in %s', (language) => {
    it('is accessible and pictured: sign-in, find, customer 360, complaints queue', async () => {
      const watched = await app.open(language);
      const { page } = watched;
      await page.goto('/signin');
      await page.locator('#api-key').waitFor();
      expect(await page.evaluate('[document.documentElement.lang, document.documentElement.dir]')).toEqual([
        language,
        language === 'fa' ? 'rtl' : 'ltr',
      ]);
      await expectAccessible(page, `signin.${language}`);
      await screenshot(page, 'signin', language);

      await signIn(page, 'agent');
      await page.goto('/customer/c-ada'); // so "recently opened" has an entry
      await page.locator('.customer-header h1').waitFor();
      await page.goto('/find');
      await page.locator('.search-results [role=option]').first().waitFor();
      await expectAccessible(page, `find.${language}`);
      // Results as you type, for the picture: Arabic letter forms find the Persian name too.
      await page
        .getByRole('combobox', { name: language === 'fa' ? 'جستجوی مشتری' : 'Search customers' })
        .fill(language === 'fa' ? 'شيرين' : 'Pars');
      await page
        .locator('.search-results [role=option]')
        .filter({ hasText: language === 'fa' ? 'شیرین رضایی' : 'Pars Trading Co' })
        .waitFor();
      await expectAccessible(page, `find-results.${language}`);
      await screenshot(page, 'find', language);

      await page.goto('/customer/c-shirin');
      await page.locator('.timeline-scroller [role=listitem]').nth(5).waitFor();
      await page.locator('.complaint').first().waitFor();
      await expectAccessible(page, `customer.${language}`);
      await screenshot(page, 'customer', language);

      await page.goto('/queue');
      await page.locator('.queue-row').first().waitFor();
      await expectAccessible(page, `queue.${language}`);
      await screenshot(page, 'queue', language);
      expectNoProblems(watched);
      await watched.context.close();
    }, 90_000);
  });

  it('shows a channel key no screen, and the 403 message at any screen its role may not use', async () => {
    const watched = await app.signedIn('channel');
    const { page } = watched;
    await page.getByRole('heading', { name: 'Nothing to show here' }).waitFor();
    expect(await page.locator('.nav-list a').count()).toBe(0);
    for (const path of GUARDED) {
      await page.goto(path);
      await page.getByRole('heading', { name: 'You may not open this page' }).waitFor();
      expect(await page.getByRole('alert').textContent()).toContain('Signed in as Channel');
    }
    expectNoProblems(watched);
    await watched.context.close();
  });

  it('shows an auditor the 360 without forms, and the why with the value tier and segment', async () => {
    const watched = await app.signedIn('auditor');
    const { page } = watched;
    await page.goto('/customer/c-shirin');
    await page.locator('.timeline-scroller [role=listitem]').first().waitFor();
    expect(await page.locator('.composer, .command-form').count()).toBe(0);
    await page.getByText('Churn risk: low').waitFor();
    await page.getByText('Why these labels?').click();
    await page.getByText('Days since last purchase').waitFor();
    await page.getByText(/^Value: /).waitFor();
    await page.getByText(/RFM \d{3}/).waitFor();
    expectNoProblems(watched);
    await watched.context.close();
  });

  it('refuses an unknown key with a clear message and shows an analyst no queue', async () => {
    const watched = await app.open();
    const { page } = watched;
    await page.goto('/find');
    await page.waitForURL('**/signin');
    await page.locator('#api-key').fill('not-a-key');
    await page.locator('#key-form button[type=submit]').click();
    await page.getByText('This API key was not accepted').waitFor();
    expect(await page.locator('#api-key').getAttribute('aria-invalid')).toBe('true');

    await signIn(page, 'analyst');
    const nav = await page.locator('.nav-list a').allTextContents();
    expect(nav).toContain('Find a customer');
    expect(nav).not.toContain('Complaints queue');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/signin');
    expect(await page.evaluate('sessionStorage.length')).toBe(0);
    expectNoProblems(watched, [/status of 401/]);
    await watched.context.close();
  });

  it('signs a person in with email and password, makes a change with the session, and signs out', async () => {
    const added = await app.crm.post(
      '/admin/users',
      { name: 'Nika Agent', email: 'nika@ledger.test', roles: ['agent'] },
      'admin',
    );
    const password = 'nika long passphrase';
    await app.crm.request('PUT', `/admin/users/${added.body.userId}/password`, { as: 'admin', body: { password } });
    const watched = await app.open();
    const { page } = watched;
    await page.goto('/signin');
    await page.locator('#email').fill('nika@ledger.test');
    await page.locator('#password').fill('not her password');
    await page.locator('#person-form button[type=submit]').click();
    await page.getByText('The email or the password is wrong').waitFor();
    await page.locator('#password').fill(password);
    await page.locator('#person-form button[type=submit]').click();
    await page.waitForURL((url: URL) => !url.pathname.startsWith('/signin'));
    await page.locator('.shell-header').waitFor();
    // The session is the HTTP-only cookie: the page cannot read it, only the CSRF token is kept.
    expect(await page.evaluate('document.cookie')).toBe('');
    expect(await page.evaluate("sessionStorage.getItem('ledger.apiKey')")).toBeNull();
    // A change with the session cookie alone is refused; with the page's CSRF token it is recorded.
    const change = await page.evaluate(`(async () => {
      const post = (headers) => fetch('/customers', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ customerId: 'c-nika', kind: 'person', name: 'Via Session' }),
      }).then((r) => r.status);
      return [await post({}), await post({ 'x-csrf-token': sessionStorage.getItem('ledger.csrf') })];
    })()`);
    expect(change).toEqual([403, 201]);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/signin');
    expect(await page.evaluate("fetch('/auth/me').then((r) => r.status)")).toBe(401);
    expectNoProblems(watched, [/status of 401/, /status of 403/]);
    await watched.context.close();
  });

  it('loads fast: prints the first load and the initial JavaScript size', async () => {
    const { files, gzipBytes } = initialJavaScript();
    const watched = await app.open();
    const { page } = watched;
    await page.addInitScript(`sessionStorage.setItem('ledger.apiKey', ${JSON.stringify(KEYS.agent)})`);
    // A fresh browser context: nothing cached, the first visit of a signed-in agent.
    const started = Date.now();
    await page.goto('/find');
    await page.getByRole('combobox', { name: 'Search customers' }).waitFor();
    const firstLoad = Date.now() - started;
    const domInteractive = Number(await page.evaluate(`performance.getEntriesByType('navigation')[0].domInteractive`));
    console.log(
      `[console] first load (navigation → search box usable): ${firstLoad} ms (DOM interactive at ${Math.round(domInteractive)} ms); ` +
        `initial JavaScript ${(gzipBytes / 1024).toFixed(1)} KB gzip in ${files.length} file(s)`,
    );
    expect(gzipBytes).toBeLessThanOrEqual(300 * 1024);

    // The 360 of a customer with 1,000 contacts, opened from the app (as an agent does).
    await page.evaluate(`history.pushState({}, '', '/customer/c-busy'); dispatchEvent(new PopStateEvent('popstate'))`);
    const opened = Date.now();
    await page.locator('.timeline-scroller [role=listitem]').first().waitFor();
    await page.locator('.composer button[type=submit]').waitFor();
    const customerReady = Date.now() - opened;
    const rendered = await page.locator('.timeline-scroller [role=listitem]').count();
    console.log(
      `[console] customer 360 with 1,000 contacts interactive after ${customerReady} ms (${rendered} timeline entries in the page)`,
    );
    expect(rendered).toBeLessThan(60);
    expectNoProblems(watched);
    await watched.context.close();
  });
});
