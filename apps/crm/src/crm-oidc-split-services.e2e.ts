// Single sign-on across the split services (issue 17, distributed mode), against the real
// oidc-provider: a person signs in through the command service and uses the session on the query
// service; the provider's re-check runs on whichever service gets the due request, once across
// both (the rotating refresh token is never spent twice); a person removed at the provider loses
// the session on every service; changed roles end it on the query service, which cannot record
// them (docs/distributed-mode.md), and the next sign-in records them. Each service has a data
// directory of its own; the sign-in store is a FerretDB database (skipped without MONGODB_URI).
import { CommandsModule } from '@ledger/commands';
import { PeopleModule, SessionCheckModule } from '@ledger/people';
import { bootstrapService, type StartedApp } from '@ledger/platform';
import { QueriesModule } from '@ledger/queries';
import { Browser, TestProvider, freePort } from './test-support/oidc-provider';
import { SsoServices } from './test-support/sso-services';

const uri = process.env.MONGODB_URI;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

(uri ? describe : describe.skip)(
  `single sign-on across split services${uri ? '' : ' (skipped: MONGODB_URI not set: start FerretDB with .ci/services/ferretdb.sh)'}`,
  () => {
    let provider: TestProvider;
    let command: StartedApp;
    let query: StartedApp;
    let callback: string;
    let services: SsoServices;

    beforeAll(async () => {
      const port = await freePort();
      callback = `http://127.0.0.1:${port}/auth/oidc/callback`;
      provider = await TestProvider.start(callback);
      services = new SsoServices(uri as string, provider, callback, 'split-admin-key-1');
      const env = (name: string, port: string) => services.env(name, port, { CRM_OIDC_RECHECK_SECONDS: '1' });
      command = await bootstrapService(
        'command',
        'command',
        [CommandsModule, PeopleModule],
        env('command', String(port)),
      );
      query = await bootstrapService('query', 'query', [QueriesModule, SessionCheckModule], env('query', '0'));
    }, 60_000);
    afterAll(async () => {
      await command?.app.close();
      await query?.app.close();
      await provider?.stop();
      await services?.remove();
    });

    const signIn = async (sub: string): Promise<Browser> => {
      const browser = new Browser();
      const back = await browser.throughProvider(`${command.url}/auth/oidc/start`, sub, callback);
      expect((await browser.get(back)).status).toBe(302);
      return browser;
    };
    const me = async (app: StartedApp, browser: Browser) => {
      const reply = await browser.get(`${app.url}/auth/me`);
      return { status: reply.status, body: reply.status === 200 ? await reply.json() : null };
    };

    it('uses a session from the command service on the query service, re-checked there once across both', async () => {
      await provider.setAccount('sub-ann', { email: 'ann@ledger.test', name: 'Ann', groups: ['crm-agents'] });
      const browser = await signIn('sub-ann');
      expect(await me(query, browser)).toMatchObject({
        status: 200,
        body: { roles: ['agent'], user: { name: 'Ann' } },
      });
      await pause(1200);
      // Due on both services at once: one of them asks the provider; a second refresh would end the grant.
      const replies = await Promise.all([command, query, command, query, query].map((app) => me(app, browser)));
      expect(replies.map((reply) => reply.status)).toEqual([200, 200, 200, 200, 200]);
      await pause(1200);
      expect((await me(query, browser)).status).toBe(200);
      expect((await me(command, browser)).status).toBe(200);
    });

    it('ends the session on every service once the person is removed at the provider, whichever checked', async () => {
      await provider.setAccount('sub-bo', { email: 'bo@ledger.test', name: 'Bo', groups: ['crm-agents'] });
      const browser = await signIn('sub-bo');
      await provider.removeAccount('sub-bo');
      await pause(1200);
      expect((await me(query, browser)).status).toBe(401);
      expect((await me(command, browser)).status).toBe(401);
    });

    it('ends the session on the query service when the roles changed at the provider; the next sign-in records them', async () => {
      const cy = { email: 'cy@ledger.test', name: 'Cy', groups: ['crm-agents'] };
      await provider.setAccount('sub-cy', cy);
      const browser = await signIn('sub-cy');
      await provider.setAccount('sub-cy', { ...cy, groups: ['crm-admins'] });
      await pause(1200);
      expect((await me(query, browser)).status).toBe(401);
      expect((await me(command, browser)).status).toBe(401);
      const again = await signIn('sub-cy');
      expect(await me(query, again)).toMatchObject({ status: 200, body: { roles: ['admin'] } });
    });

    it('follows changed roles on the command service without a new sign-in', async () => {
      const di = { email: 'di@ledger.test', name: 'Di', groups: ['crm-agents'] };
      await provider.setAccount('sub-di', di);
      const browser = await signIn('sub-di');
      await provider.setAccount('sub-di', { ...di, groups: ['crm-admins'] });
      await pause(1200);
      expect(await me(command, browser)).toMatchObject({ status: 200, body: { roles: ['admin'] } });
      expect(await me(query, browser)).toMatchObject({ status: 200, body: { roles: ['admin'] } });
    });
  },
);
