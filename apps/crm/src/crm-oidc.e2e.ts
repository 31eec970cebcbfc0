// Single sign-on (issue 17) against a real OpenID provider (oidc-provider in a child process, its
// real authorization, token and userinfo endpoints): sign-in with a session cookie like a password
// sign-in, roles mapped from the provider's claim, a person removed at the provider losing the
// session at the next check, and each forgery (state, nonce, ID token, no started sign-in) refused.
import { type IncomingMessage, get as httpGet } from 'node:http';
import { Browser, OIDC_CLIENT, TestProvider, freePort } from './test-support/oidc-provider';
import { CrmUnderTest } from './test-support/crm-under-test';

// A reply's JSON, loosely typed as the other e2e suites read theirs.
const json = (reply: Response): Promise<any> => reply.json();

const ADA = { email: 'ada@ledger.test', email_verified: true, name: 'Ada Agent', groups: ['crm-agents', 'staff'] };

describe('crm: single sign-on with an OpenID provider', () => {
  let provider: TestProvider;
  let crm: CrmUnderTest;
  let callback: string;

  beforeAll(async () => {
    const port = await freePort();
    callback = `http://127.0.0.1:${port}/auth/oidc/callback`;
    provider = await TestProvider.start(callback);
    crm = await CrmUnderTest.start({
      env: {
        CRM_PORT: String(port),
        CRM_OIDC_ISSUER: provider.issuer,
        CRM_OIDC_CLIENT_ID: OIDC_CLIENT.clientId,
        CRM_OIDC_CLIENT_SECRET: OIDC_CLIENT.clientSecret,
        CRM_OIDC_REDIRECT_URI: callback,
        CRM_OIDC_NAME: 'Ledger ID',
        CRM_OIDC_ROLES_CLAIM: 'groups',
        CRM_OIDC_ROLE_MAP: 'crm-agents=agent,crm-auditors=auditor,crm-admins=admin',
        CRM_OIDC_PROVISION: 'on',
        CRM_OIDC_RECHECK_SECONDS: '1',
      },
    });
    await provider.setAccount('sub-ada', ADA);
  });
  afterAll(async () => {
    await crm?.stop();
    await provider?.stop();
  });

  /** Signs `sub` in through the provider; answers the browser and the CRM's answer to the callback. */
  const signIn = async (sub: string, alter: (url: URL) => void = () => undefined) => {
    const browser = new Browser();
    const back = new URL(
      await browser.throughProvider(`${crm.url}/auth/oidc/start?returnTo=/customers`, sub, callback),
    );
    alter(back);
    const reply = await browser.get(back.href);
    return { browser, reply, callbackUrl: back.href };
  };
  const me = (browser: Browser) => browser.get(`${crm.url}/auth/me`);

  it('tells the console that single sign-on is offered, publicly', async () => {
    const reply = await fetch(`${crm.url}/auth/methods`);
    expect(reply.status).toBe(200);
    expect(await json(reply)).toEqual({ password: true, sso: { name: 'Ledger ID', startUrl: '/auth/oidc/start' } });
  });

  it('starts at the provider with state, nonce and PKCE (S256), none of them in the cookie', async () => {
    const reply = await new Browser().get(`${crm.url}/auth/oidc/start`);
    expect(reply.status).toBe(302);
    const to = new URL(reply.headers.get('location') ?? '');
    expect(to.origin).toBe(provider.issuer);
    expect(to.searchParams.get('client_id')).toBe(OIDC_CLIENT.clientId);
    expect(to.searchParams.get('code_challenge_method')).toBe('S256');
    for (const param of ['state', 'nonce', 'code_challenge'])
      expect(to.searchParams.get(param)).toMatch(/^[\w-]{20,}$/);
    const flowCookie = reply.headers.getSetCookie()[0];
    expect(flowCookie).toMatch(/^ledger_oidc_flow=[\w-]{40,}; Path=\/auth\/oidc; HttpOnly; SameSite=Lax; Max-Age=600$/);
    expect(flowCookie).not.toContain(to.searchParams.get('state'));
  });

  it('signs a new person in: added to the directory with the mapped roles, a session like a password sign-in', async () => {
    const { browser, reply } = await signIn('sub-ada');
    expect(reply.status).toBe(302);
    expect(reply.headers.get('location')).toBe('/customers');
    expect(reply.headers.getSetCookie().join('\n')).toMatch(
      /ledger_session=[\w-]+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=43200/,
    );
    const who = await me(browser);
    expect(who.status).toBe(200);
    const body = await json(who);
    expect(body).toMatchObject({ roles: ['agent'], user: { name: 'Ada Agent' }, actor: `user:${body.user.userId}` });
    // An agent: may read a customer's view, not the analysts' segments.
    expect((await browser.get(`${crm.url}/segments`)).status).toBe(403);
    // The directory change is an event by the provider, found by the auditor's filter.
    const added = await crm.get(`/audit/events?actor=oidc:127.0.0.1`, 'auditor');
    expect(added.status).toBe(200);
    expect(added.body.events.map((e: { type: string }) => e.type)).toEqual(['UserAdded']);
    // A session from single sign-on records the person as the actor of what they do.
    const change = await fetch(`${crm.url}/customers`, {
      method: 'POST',
      headers: {
        cookie: `ledger_session=${browser.cookies.get('ledger_session')}`,
        'x-csrf-token': body.csrfToken,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ customerId: 'sso-1', kind: 'person', name: 'Grace' }),
    });
    expect(change.status).toBe(201);
    const did = await crm.get(`/audit/events?actor=user:${body.user.userId}`, 'auditor');
    expect(did.body.events.map((e: { type: string }) => e.type)).toEqual(['CustomerRegistered']);
  });

  it('maps the roles again at each sign-in, as the provider has them now', async () => {
    await provider.setAccount('sub-ada', { ...ADA, groups: ['crm-auditors', 'crm-agents'] });
    const { browser, reply } = await signIn('sub-ada');
    expect(reply.status).toBe(302);
    expect((await json(await me(browser))).roles).toEqual(['agent', 'auditor']);
    const changes = await crm.get(`/audit/events?actor=oidc:127.0.0.1`, 'auditor');
    expect(changes.body.events.map((e: { type: string }) => e.type)).toEqual(['UserAdded', 'UserRolesChanged']);
  });

  it('refuses a person whose groups map to no role, and adds no one', async () => {
    await provider.setAccount('sub-nobody', { email: 'nobody@ledger.test', groups: ['staff'] });
    const head = await crm.head();
    const { reply } = await signIn('sub-nobody');
    expect(reply.status).toBe(403);
    expect(await json(reply)).toMatchObject({ code: 'SSO_NO_ROLE', field: 'groups' });
    expect(await crm.head()).toBe(head);
  });

  it('keeps the session while the provider vouches for the person, and ends it at the next check once removed there', async () => {
    await provider.setAccount('sub-bob', { email: 'bob@ledger.test', name: 'Bob', groups: ['crm-agents'] });
    const { browser } = await signIn('sub-bob');
    await new Promise((resolve) => setTimeout(resolve, 1200));
    // Due: the CRM asks the provider (a refresh) and the person is still there.
    expect((await me(browser)).status).toBe(200);
    await provider.removeAccount('sub-bob');
    await new Promise((resolve) => setTimeout(resolve, 1200));
    const refused = await me(browser);
    expect(refused.status).toBe(401);
    // Ended, not merely refused once: back at the provider, the old session stays ended.
    await provider.setAccount('sub-bob', { email: 'bob@ledger.test', name: 'Bob', groups: ['crm-agents'] });
    expect((await me(browser)).status).toBe(401);
  });

  it('asks the provider once when several requests of one session find the check due together', async () => {
    await provider.setAccount('sub-fay', { email: 'fay@ledger.test', name: 'Fay', groups: ['crm-agents'] });
    const { browser } = await signIn('sub-fay');
    await new Promise((resolve) => setTimeout(resolve, 1200));
    // The refresh token is spent by its use: a second refresh with it would end the grant.
    const replies = await Promise.all(Array.from({ length: 6 }, () => me(browser)));
    expect(replies.map((reply) => reply.status)).toEqual([200, 200, 200, 200, 200, 200]);
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect((await me(browser)).status).toBe(200);
  });

  it("follows the provider's groups at each check: new roles without signing in again, none and the session ends", async () => {
    const eve = { email: 'eve@ledger.test', name: 'Eve', groups: ['crm-agents'] };
    await provider.setAccount('sub-eve', eve);
    const { browser } = await signIn('sub-eve');
    expect((await json(await me(browser))).roles).toEqual(['agent']);
    await provider.setAccount('sub-eve', { ...eve, groups: ['crm-admins'] });
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect((await json(await me(browser))).roles).toEqual(['admin']);
    await provider.setAccount('sub-eve', { ...eve, groups: ['staff'] });
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect((await me(browser)).status).toBe(401);
  });

  it('ends the session at once when the person is deactivated in the directory', async () => {
    await provider.setAccount('sub-cy', { email: 'cy@ledger.test', name: 'Cy', groups: ['crm-agents'] });
    const { browser } = await signIn('sub-cy');
    const { user } = await json(await me(browser));
    expect((await crm.post(`/admin/users/${user.userId}/deactivate`, {}, 'admin')).status).toBe(201);
    expect((await me(browser)).status).toBe(401);
    // And signing in again through the provider is refused.
    const again = await signIn('sub-cy');
    expect(again.reply.status).toBe(403);
    expect((await json(again.reply)).code).toBe('SSO_USER_DEACTIVATED');
  });

  it('signs out at the provider too: the answer is its end_session_endpoint, which it follows back to /signin', async () => {
    await provider.setAccount('sub-gus', { email: 'gus@ledger.test', name: 'Gus', groups: ['crm-agents'] });
    const { browser } = await signIn('sub-gus');
    const { csrfToken } = await json(await me(browser));
    const reply = await browser.post(`${crm.url}/auth/sign-out`, { 'x-csrf-token': csrfToken });
    expect(reply.status).toBe(200);
    expect(browser.cookies.has('ledger_session')).toBe(false);
    const to = new URL((await json(reply)).endSessionUrl);
    expect(`${to.origin}${to.pathname}`).toBe(`${provider.issuer}/session/end`);
    expect(to.searchParams.get('post_logout_redirect_uri')).toBe(new URL('/signin', callback).href);
    expect(to.searchParams.get('id_token_hint')).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const state = to.searchParams.get('state');
    expect(state).toMatch(/^[\w-]{20,}$/);
    // Ended here at once, whatever the browser does next.
    expect((await me(browser)).status).toBe(401);
    // The provider accepts the request (its own confirmation page), and once confirmed sends the browser back.
    const confirm = await browser.get(to.href);
    expect(confirm.status).toBe(200);
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(await confirm.text())?.[1];
    expect(xsrf).toBeDefined();
    const back = await browser.post(`${provider.issuer}/session/end/confirm`, {}, `xsrf=${xsrf}&logout=yes`);
    expect(back.status).toBe(303);
    const landing = new URL(back.headers.get('location') ?? '');
    expect([`${landing.origin}${landing.pathname}`, landing.searchParams.get('state')]).toEqual([
      new URL('/signin', callback).href,
      state,
    ]);
  });

  it('answers a sign-out that did not come from single sign-on 204, with no provider to visit', async () => {
    const reply = await crm.post('/auth/sign-out', {}, 'agent');
    expect(reply.status).toBe(204);
  });

  it('refuses a callback whose state is not the one the sign-in started with', async () => {
    const { reply, browser } = await signIn('sub-ada', (url) => url.searchParams.set('state', 'forged-state-value'));
    expect(reply.status).toBe(401);
    expect(await json(reply)).toMatchObject({ code: 'SSO_FAILED', message: expect.stringMatching(/state/) });
    expect(browser.cookies.has('ledger_session')).toBe(false);
  });

  it('refuses an ID token whose nonce is not the one sent, though properly signed', async () => {
    await provider.tamperNextIdToken('nonce');
    const { reply, browser } = await signIn('sub-ada');
    expect(reply.status).toBe(401);
    expect(await json(reply)).toMatchObject({ code: 'SSO_FAILED', message: expect.stringMatching(/nonce/) });
    expect(browser.cookies.has('ledger_session')).toBe(false);
  });

  it('refuses an ID token altered after it was signed', async () => {
    await provider.tamperNextIdToken('signature');
    const { reply, browser } = await signIn('sub-ada');
    expect(reply.status).toBe(401);
    expect(await json(reply)).toMatchObject({ code: 'SSO_FAILED', message: expect.stringMatching(/signature/) });
    expect(browser.cookies.has('ledger_session')).toBe(false);
  });

  it('refuses a callback without a sign-in started in this browser, and a callback used twice', async () => {
    const stranger = await new Browser().get(`${callback}?code=some-code&state=some-state`);
    expect(stranger.status).toBe(400);
    expect(await json(stranger)).toMatchObject({ code: 'SSO_NO_SIGN_IN_STARTED', field: 'state' });
    // A browser's navigation gets the console's sign-in screen with the reason instead of JSON.
    // (node:http: fetch sets Sec-Fetch-Mode itself.)
    const navigating = await new Promise<IncomingMessage>((resolve, reject) =>
      httpGet(`${callback}?code=some-code&state=some-state`, { headers: { 'sec-fetch-mode': 'navigate' } }, resolve).on(
        'error',
        reject,
      ),
    );
    navigating.resume();
    expect(navigating.statusCode).toBe(303);
    expect(navigating.headers.location).toBe('/signin?sso=failed&code=SSO_NO_SIGN_IN_STARTED');
    const browser = new Browser();
    const back = await browser.throughProvider(`${crm.url}/auth/oidc/start`, 'sub-ada', callback);
    const flow = browser.cookies.get('ledger_oidc_flow');
    expect((await browser.get(back)).status).toBe(302);
    browser.cookies.set('ledger_oidc_flow', flow as string);
    const replay = await browser.get(back);
    expect(replay.status).toBe(400);
    expect((await json(replay)).code).toBe('SSO_NO_SIGN_IN_STARTED');
  });

  it('refuses a return path off this site (no open redirect)', async () => {
    for (const returnTo of ['//evil.example', 'https://evil.example/', '/\\evil.example']) {
      const reply = await new Browser().get(`${crm.url}/auth/oidc/start?returnTo=${encodeURIComponent(returnTo)}`);
      expect([returnTo, reply.status]).toEqual([returnTo, 400]);
      expect((await json(reply)).field).toBe('returnTo');
    }
  });

  // Last: it stops the provider.
  it('keeps a session when the provider does not answer at its check (an outage signs no one out)', async () => {
    await provider.setAccount('sub-dee', { email: 'dee@ledger.test', name: 'Dee', groups: ['crm-agents'] });
    const { browser } = await signIn('sub-dee');
    await provider.stop();
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect((await me(browser)).status).toBe(200);
  });

  it('answers 404 with the reason where single sign-on is not configured', async () => {
    const plain = await CrmUnderTest.start();
    try {
      expect(await json(await fetch(`${plain.url}/auth/methods`))).toEqual({ password: true, sso: null });
      for (const path of ['/auth/oidc/start', '/auth/oidc/callback?code=x&state=y']) {
        const reply = await fetch(`${plain.url}${path}`, { redirect: 'manual' });
        expect(reply.status).toBe(404);
        expect(await json(reply)).toMatchObject({ code: 'SSO_NOT_CONFIGURED' });
      }
    } finally {
      await plain.stop();
    }
  });
});
