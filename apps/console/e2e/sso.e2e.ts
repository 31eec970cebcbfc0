// Single sign-on in real Chromium against a real OpenID provider (oidc-provider): the sign-in
// screen offers "Sign in with Ledger ID", the provider's page signs the person in, and the
// console opens as that person with the roles their groups map to.
import { OIDC_CLIENT, TestProvider, describeInBrowser, expectAccessible, freePort, useConsole } from './support';

describeInBrowser('console: single sign-on', () => {
  let provider: TestProvider | undefined;
  // Filled in before the CRM starts (useConsole's beforeAll reads it then): the provider must know
  // the CRM's redirect URI, and the CRM the provider's address.
  const start: { env: Record<string, string> } = { env: {} };
  beforeAll(async () => {
    const port = await freePort();
    const callback = `http://127.0.0.1:${port}/auth/oidc/callback`;
    provider = await TestProvider.start(callback);
    await provider.setAccount('sub-ada', { email: 'ada@ledger.test', name: 'Ada Agent', groups: ['crm-agents'] });
    await provider.setAccount('sub-nobody', { email: 'nobody@ledger.test', name: 'Nobody', groups: ['staff'] });
    Object.assign(start.env, {
      CRM_PORT: String(port),
      CRM_OIDC_ISSUER: provider.issuer,
      CRM_OIDC_CLIENT_ID: OIDC_CLIENT.clientId,
      CRM_OIDC_CLIENT_SECRET: OIDC_CLIENT.clientSecret,
      CRM_OIDC_REDIRECT_URI: callback,
      CRM_OIDC_NAME: 'Ledger ID',
      CRM_OIDC_ROLES_CLAIM: 'groups',
      CRM_OIDC_ROLE_MAP: 'crm-agents=agent',
      CRM_OIDC_PROVISION: 'on',
    });
  });
  const app = useConsole({ start });
  afterAll(() => provider?.stop());

  it('signs a person in through the provider and opens the console as them', async () => {
    const { page } = await app.open('en');
    await page.goto('/signin');
    const sso = page.getByRole('button', { name: 'Sign in with Ledger ID' });
    await sso.waitFor();
    await expectAccessible(page, 'signin-sso.en');
    await sso.click();
    // The provider's own page, on its own origin.
    await page.waitForURL((url) => url.origin === provider?.issuer);
    await page.locator('#sub').fill('sub-ada');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.locator('.shell-header').waitFor();
    expect(new URL(page.url()).pathname).not.toMatch(/^\/signin/);
    // The badge names the role the provider's group maps to, and the person as the actor.
    const badge = page.locator('.role-badge');
    expect(await badge.textContent()).toBe('Agent');
    expect(await badge.getAttribute('title')).toMatch(/^user:u-[0-9a-f]{24}$/);
    // The tab holds the session's CSRF token, never the session itself.
    expect(await page.evaluate('Object.keys(sessionStorage)')).toEqual(['ledger.csrf']);
  });

  it('signs out at the provider too, and comes back to the sign-in screen', async () => {
    const { page } = await app.open('en');
    await page.goto('/signin');
    await page.getByRole('button', { name: 'Sign in with Ledger ID' }).click();
    await page.waitForURL((url) => url.origin === provider?.issuer);
    await page.locator('#sub').fill('sub-ada');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.locator('.shell-header').waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    // The provider's own sign-out page (RP-initiated logout, with the ID token as the hint)…
    await page.waitForURL((url) => url.origin === provider?.issuer && url.pathname.startsWith('/session/end'));
    await page.getByRole('button', { name: /yes/i }).click();
    // …which sends the browser back to the console's sign-in screen, signed out on both sides.
    await page.waitForURL((url) => url.origin !== provider?.issuer && url.pathname === '/signin');
    expect(await page.evaluate('Object.keys(sessionStorage)')).toEqual([]);
    expect((await page.request.get('/auth/me')).status()).toBe(401);
  });

  it('brings a refused sign-in back to the sign-in screen with the reason in words', async () => {
    const { page } = await app.open('en');
    await page.goto('/signin');
    await page.getByRole('button', { name: 'Sign in with Ledger ID' }).click();
    await page.waitForURL((url) => url.origin === provider?.issuer);
    await page.locator('#sub').fill('sub-nobody');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL((url) => url.pathname === '/signin' && url.searchParams.get('code') === 'SSO_NO_ROLE');
    expect(await page.locator('#sso-error').textContent()).toBe(
      'Your account at the sign-in provider has no group that gives a role here. Ask an administrator.',
    );
    expect(await page.evaluate('Object.keys(sessionStorage)')).toEqual([]);
  });
});
