// The admin's directory and API keys in real Chromium: a person added (the API's own message
// on a bad email first), their roles changed, a password set that signs them in, and deactivated
// (no more signing in); an API key created, its secret shown once and
// then working against the API, revoked after its name is typed, and refused (401) from then on.
import type { Page } from 'playwright-core';
import { describeInBrowser, expectNoProblems, useConsole, type WatchedPage } from './support';

describeInBrowser('console: people and API keys', () => {
  const app = useConsole();
  let watched: WatchedPage;
  let page: Page;

  const open = async (path: string) => {
    watched = await app.signedIn('admin', 'en');
    page = watched.page;
    await page.goto(path);
  };
  const directory = async () =>
    (await app.crm.get('/admin/users', 'admin')).body.items as { email: string; roles: string[]; team: string }[];

  it('adds a person (the API’s message on a bad email first), changes their roles, sets a password and deactivates them', async () => {
    await open('/people');
    const add = page.getByRole('form', { name: 'Add a person' });
    await add.getByLabel('Name').fill('Ada Agent');
    await add.getByLabel('Email').fill('not-an-email');
    await add.getByLabel('Team').fill('north');
    await add.getByRole('button', { name: 'Add person' }).click();
    // The API's words, on the field they are about; nothing was written.
    await add.getByText('email must be an email address').waitFor();
    expect(await add.getByLabel('Email').getAttribute('aria-invalid')).toBe('true');
    expect(await directory()).toEqual([]);

    await add.getByLabel('Email').fill('ada@ledger.test');
    await add.getByRole('button', { name: 'Add person' }).click();
    const row = page.getByTestId('person-ada@ledger.test');
    await row.getByRole('cell', { name: 'Agent', exact: true }).waitFor();
    expect(await directory()).toEqual([expect.objectContaining({ email: 'ada@ledger.test', roles: ['agent'] })]);

    await row.getByRole('button', { name: /Manage/ }).click();
    const roles = page.getByRole('form', { name: 'Roles' });
    await roles.getByLabel('Analyst').check();
    await roles.getByLabel('Agent').uncheck();
    await roles.getByRole('button', { name: 'Save roles' }).click();
    await row.getByRole('cell', { name: 'Analyst', exact: true }).waitFor();
    expect(await directory()).toEqual([expect.objectContaining({ roles: ['analyst'], team: 'north' })]);

    // Taking every role away is refused before anything is sent.
    await roles.getByLabel('Analyst').uncheck();
    await roles.getByRole('button', { name: 'Save roles' }).click();
    await roles.getByText('Required.').waitFor();

    // A password set here lets them sign in with the roles just given.
    const password = page.getByRole('form', { name: 'Set a password' });
    const field = password.getByLabel('New password (12–256 characters)');
    await field.fill('too short');
    await password.getByRole('button', { name: 'Set password' }).click();
    await password.getByText('At least 12 characters.').waitFor();
    await field.fill('a long enough passphrase');
    await password.getByRole('button', { name: 'Set password' }).click();
    await password.getByText('Saved.').waitFor();
    const signIn = () =>
      app.crm.request('POST', '/auth/sign-in', {
        as: null,
        body: { email: 'ada@ledger.test', password: 'a long enough passphrase' },
      });
    const signedIn = await signIn();
    expect([signedIn.status, signedIn.body.roles]).toEqual([200, ['analyst']]);

    const access = page.getByRole('form', { name: 'Deactivate' });
    await access.getByLabel('Reason (kept in the log)').fill('left the company');
    await access.getByRole('button', { name: 'Deactivate' }).click();
    await row.getByText('deactivated').waitFor();
    expect(await directory()).toEqual([expect.objectContaining({ active: false })]);
    expect((await signIn()).status).toBe(401);
    // The directory filtered by the API: only active people, then only the deactivated.
    await page.getByLabel('Status', { exact: true }).selectOption('true');
    await page.getByText('Nobody matches these filters.').waitFor();
    await page.getByLabel('Status', { exact: true }).selectOption('false');
    await row.waitFor();
    expectNoProblems(watched, [/Failed to load resource.*400/]);
    await watched.context.close();
  });

  it('shows a new key once, which then works; revoked after typing its name, it is refused', async () => {
    await open('/api-keys');
    const create = page.getByRole('form', { name: 'Create an API key' });
    await create.getByLabel('Name (who uses it)').fill('web shop');
    await create.getByLabel('Role').selectOption('channel');
    await create.getByLabel('Web').check();
    await create.getByRole('button', { name: 'Create key' }).click();
    const secret = (await page.getByTestId('once-secret').textContent()) as string;
    expect(secret).toMatch(/^ledger_/);
    await page.getByText('you will not see it again').waitFor();

    // The key works against the API as a channel that may write as the web only.
    const me = await app.crm.request('GET', '/auth/me', { as: null, headers: { 'x-api-key': secret } });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ role: 'channel' });
    const row = page.getByTestId('api-key-web shop');
    await row.getByRole('cell', { name: 'Channel' }).waitFor();
    await row.getByRole('cell', { name: 'Web', exact: true }).waitFor();

    // Once stored, the secret is gone from the page, and no list shows it.
    await page.getByRole('button', { name: 'I have stored it' }).click();
    expect(await page.getByTestId('once-secret').count()).toBe(0);
    expect(await page.content()).not.toContain(secret);
    const listed = await app.crm.get('/admin/api-keys', 'admin');
    expect(JSON.stringify(listed.body)).not.toContain(secret);

    // Its use is on the list once the page reads it again.
    await page.reload();
    await row.getByRole('cell', { name: 'Channel' }).waitFor();
    expect(await row.locator('td').nth(3).textContent()).not.toBe('never');

    await row.getByRole('button', { name: /Revoke/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Revoke the key web shop?' });
    const confirm = dialog.getByRole('button', { name: 'Revoke key' });
    await dialog.getByLabel('Type web shop to confirm').fill('web');
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByLabel('Type web shop to confirm').fill('web shop');
    await confirm.click();
    await row.getByText(/^revoked /).waitFor();
    const refused = await app.crm.request('GET', '/auth/me', { as: null, headers: { 'x-api-key': secret } });
    expect(refused.status).toBe(401);
    expectNoProblems(watched);
    await watched.context.close();
  });

  it('shows these screens to admins only', async () => {
    watched = await app.signedIn('analyst', 'en');
    const nav = await watched.page.locator('.nav-list a').allTextContents();
    expect(nav).toContain('Value model');
    for (const hidden of ['People', 'API keys', 'Webhooks']) expect(nav).not.toContain(hidden);
    await watched.page.goto('/api-keys');
    await watched.page.getByText('You may not open this page').waitFor();
    await watched.context.close();
  });
});
