// Single sign-on through the console's one origin (distributed mode), against the real
// oidc-provider: the sign-in starts at the query service, the provider sends the browser back to
// the query service's callback, both forwarded to the command service, and the session cookie
// set there works on the query service for reads and, with its CSRF token, for a command.
// The sign-in store is a FerretDB database (skipped without MONGODB_URI).
import { CommandsModule } from '@ledger/commands';
import { PeopleModule, SessionCheckModule } from '@ledger/people';
import { bootstrapService, type StartedApp } from '@ledger/platform';
import { QueriesModule } from '@ledger/queries';
import { Browser, TestProvider, freePort } from './test-support/oidc-provider';
import { SsoServices } from './test-support/sso-services';

const uri = process.env.MONGODB_URI;

(uri ? describe : describe.skip)(
  `single sign-on through the query service${uri ? '' : ' (skipped: MONGODB_URI not set: start FerretDB with .ci/services/ferretdb.sh)'}`,
  () => {
    let provider: TestProvider;
    let command: StartedApp;
    let query: StartedApp;
    let callback: string;
    let services: SsoServices;

    beforeAll(async () => {
      const port = await freePort();
      // The console's address: the provider sends the browser back to the query service.
      callback = `http://127.0.0.1:${port}/auth/oidc/callback`;
      provider = await TestProvider.start(callback);
      services = new SsoServices(uri as string, provider, callback, 'gateway-admin-key-1');
      const env = services.env.bind(services);
      const people = [CommandsModule, PeopleModule];
      command = await bootstrapService('command', 'command', people, env('command', '0'));
      query = await bootstrapService(
        'query',
        'query',
        [QueriesModule, SessionCheckModule],
        env('query', String(port), { CRM_COMMAND_SERVICE_URL: command.url }),
        { forward: { command: people } },
      );
    }, 60_000);
    afterAll(async () => {
      await query?.app.close();
      await command?.app.close();
      await provider?.stop();
      await services?.remove();
    });

    it('signs in at the query service through the provider, and the session reads and writes there', async () => {
      await provider.setAccount('sub-eve', { email: 'eve@ledger.test', name: 'Eve', groups: ['crm-agents'] });
      const browser = new Browser();
      const methods = await browser.get(`${query.url}/auth/methods`);
      expect(methods.status).toBe(200);
      const back = await browser.throughProvider(`${query.url}/auth/oidc/start`, 'sub-eve', callback);
      expect((await browser.get(back)).status).toBe(302);
      expect(browser.cookies.get('ledger_session')).toEqual(expect.any(String));

      const me = await browser.get(`${query.url}/auth/me`);
      expect(me.status).toBe(200);
      const principal = (await me.json()) as { roles: string[]; user: { name: string }; csrfToken: string };
      expect(principal).toMatchObject({ roles: ['agent'], user: { name: 'Eve' } });

      const registered = await browser.send(
        'POST',
        `${query.url}/customers`,
        { 'content-type': 'application/json', 'x-csrf-token': principal.csrfToken },
        JSON.stringify({ customerId: 'sso-1', kind: 'person', name: 'Via SSO', occurredAt: '2026-04-01T00:00:00Z' }),
      );
      expect(registered.status).toBe(201);
    });
  },
);
