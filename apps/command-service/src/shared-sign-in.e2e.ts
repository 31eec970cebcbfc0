// People signed in across the split services (issue 17, distributed mode): two command services
// and a query and an audit service, each with a data directory of its own (as on separate hosts),
// over one event store and one sign-in store in the shared key-store database. A session opened
// on one is used (with its CSRF token) on the others, ends everywhere when signed out
// everywhere; failures on two hosts add up to one lock-out; a key made on one host works on the
// others until revoked on any; a deactivation counts on the query service at once. Runs when
// MONGODB_URI names a MongoDB-wire server (CI: FerretDB), else reported skipped.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { AuditModule } from '@ledger/audit';
import { CommandsModule } from '@ledger/commands';
import { PeopleModule, SessionCheckModule } from '@ledger/people';
import { bootstrapService, type StartedApp } from '@ledger/platform';
import { QueriesModule } from '@ledger/queries';

const uri = process.env.MONGODB_URI;
const ADMIN_KEY = 'shared-admin-key-1';

interface Reply {
  status: number;
  /** JSON answers, read loosely as the other e2e suites read theirs. */
  body: any;
  setCookie: string | null;
}

interface Caller {
  cookie?: string;
  csrf?: string;
  key?: string;
}

async function call(app: StartedApp, method: string, path: string, who: Caller, body?: unknown): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (who.cookie) headers['cookie'] = who.cookie;
  if (who.csrf) headers['x-csrf-token'] = who.csrf;
  if (who.key) headers['x-api-key'] = who.key;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const reply = await fetch(`${app.url}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await reply.text();
  return { status: reply.status, body: text ? JSON.parse(text) : null, setCookie: reply.headers.get('set-cookie') };
}

(uri ? describe : describe.skip)(
  `split services share one sign-in store${uri ? '' : ' (skipped: MONGODB_URI not set: start FerretDB with .ci/services/ferretdb.sh)'}`,
  () => {
    const root = mkdtempSync(join(tmpdir(), 'ledger-shared-sign-in-'));
    const database = `ledger_sign_in_e2e_${randomBytes(4).toString('hex')}`;
    const admin: Caller = { key: ADMIN_KEY };
    let commandA: StartedApp;
    let commandB: StartedApp;
    let query: StartedApp;
    let audit: StartedApp;

    const start = (name: string, modules: Parameters<typeof bootstrapService>[2]) =>
      bootstrapService(name, name, modules, {
        CRM_PORT: '0',
        CRM_HOST: '127.0.0.1',
        CRM_LOG_LEVEL: 'silent',
        CRM_DURABILITY: 'NORMAL',
        CRM_API_KEYS: `${ADMIN_KEY}:admin`,
        // The same on every instance (README): one email is one user id on every command service.
        CRM_ACTOR_LABEL_KEY: 'shared-label-key-for-this-test',
        CRM_SIGN_IN_MAX_FAILURES: '4',
        CRM_DATA_DIR: join(root, name),
        CRM_EVENT_STORE_DIR: join(root, 'event-store'),
        CRM_KEY_STORE_URI: uri,
        CRM_KEY_STORE_DATABASE: database,
      });

    const addPerson = async (name: string, email: string, roles: string[], password: string): Promise<string> => {
      const added = await call(commandA, 'POST', '/admin/users', admin, { name, email, roles });
      expect(added.status).toBe(201);
      const userId = added.body.userId as string;
      expect((await call(commandA, 'PUT', `/admin/users/${userId}/password`, admin, { password })).status).toBe(204);
      return userId;
    };
    const signIn = async (app: StartedApp, email: string, password: string): Promise<Caller & { userId: string }> => {
      const reply = await call(app, 'POST', '/auth/sign-in', {}, { email, password });
      expect(reply.status).toBe(200);
      return {
        cookie: (reply.setCookie ?? '').split(';')[0],
        csrf: reply.body.csrfToken,
        userId: reply.body.user.userId,
      };
    };
    const me = (app: StartedApp, who: Caller) => call(app, 'GET', '/auth/me', who);

    beforeAll(async () => {
      commandA = await start('command-a', [CommandsModule, PeopleModule]);
      commandB = await start('command-b', [CommandsModule, PeopleModule]);
      query = await start('query', [QueriesModule, SessionCheckModule]);
      audit = await start('audit', [AuditModule, SessionCheckModule]);
      await addPerson('Ada Admin', 'ada@ledger.test', ['admin'], 'a long admin passphrase');
      await addPerson('Ben Agent', 'ben@ledger.test', ['agent'], 'a long agent passphrase');
      await addPerson('Cy Analyst', 'cy@ledger.test', ['analyst'], 'a long analyst passphrase');
    }, 60_000);
    afterAll(async () => {
      for (const app of [commandA, commandB, query, audit]) await app?.app.close();
      const client = await new MongoClient(uri as string).connect();
      await client.db(database).dropDatabase();
      await client.close();
      rmSync(root, { recursive: true, force: true });
    });

    it('keeps no sign-in state in the data directories: the session opened on one host works on every other', async () => {
      const ada = await signIn(commandA, 'ada@ledger.test', 'a long admin passphrase');
      for (const app of [commandB, query, audit]) {
        const reply = await me(app, ada);
        expect([app.url, reply.status, reply.body.user?.name]).toEqual([app.url, 200, 'Ada Admin']);
        expect(reply.body.csrfToken).toBe(ada.csrf);
      }
      // The CSRF token from the sign-in on A is the one B asks for; without it, nothing changes.
      const refused = await call(
        commandB,
        'POST',
        '/admin/api-keys',
        { cookie: ada.cookie },
        { name: 'x', role: 'agent' },
      );
      expect([refused.status, refused.body.code]).toEqual([403, 'CSRF_TOKEN_INVALID']);
      const made = await call(commandB, 'POST', '/admin/api-keys', ada, { name: 'web shop', role: 'analyst' });
      expect(made.status).toBe(201);
    });

    it('is ready only with the shared sign-in store answering, on every service', async () => {
      for (const app of [commandA, query, audit]) {
        const ready = await call(app, 'GET', '/health/ready', {});
        const check = ready.body.checks.find((c: { name: string }) => c.name === 'sign-in-store');
        expect([app.url, ready.status, check?.ok]).toEqual([app.url, 200, true]);
      }
    });

    it('lets a key made on one host in on the others, and stops it on all once revoked on one', async () => {
      const made = await call(commandB, 'POST', '/admin/api-keys', admin, { name: 'reporting', role: 'analyst' });
      expect(made.status).toBe(201);
      const key: Caller = { key: made.body.key };
      for (const app of [commandA, query, audit]) {
        const reply = await me(app, key);
        expect([app.url, reply.status, reply.body.actor]).toEqual([app.url, 200, `key:${made.body.keyId}`]);
      }
      expect((await call(query, 'GET', '/segments', key)).status).not.toBe(401);
      const revoked = await call(commandA, 'POST', `/admin/api-keys/${made.body.keyId}/revoke`, admin);
      expect(revoked.status).toBe(200);
      for (const app of [commandA, commandB, query, audit])
        expect([app.url, (await me(app, key)).status]).toEqual([app.url, 401]);
      const twice = await call(commandB, 'POST', `/admin/api-keys/${made.body.keyId}/revoke`, admin);
      expect([twice.status, twice.body.code]).toEqual([422, 'API_KEY_ALREADY_REVOKED']);
    });

    it('counts failed sign-ins on both command services toward one lock-out', async () => {
      const wrong = { email: 'ben@ledger.test', password: 'not the passphrase' };
      const failures = await Promise.all([
        call(commandA, 'POST', '/auth/sign-in', {}, wrong),
        call(commandB, 'POST', '/auth/sign-in', {}, wrong),
        call(commandA, 'POST', '/auth/sign-in', {}, wrong),
        call(commandB, 'POST', '/auth/sign-in', {}, wrong),
      ]);
      expect(failures.map((f) => f.status)).toEqual([401, 401, 401, 401]);
      // Locked on both hosts, the right password included.
      for (const app of [commandA, commandB]) {
        const locked = await call(app, 'POST', '/auth/sign-in', {}, { ...wrong, password: 'a long agent passphrase' });
        expect([app.url, locked.status, locked.body.code]).toEqual([app.url, 429, 'SIGN_IN_LOCKED']);
      }
    });

    it('signs out everywhere from one host: the sessions opened on both end on every service', async () => {
      const onA = await signIn(commandA, 'cy@ledger.test', 'a long analyst passphrase');
      const onB = await signIn(commandB, 'cy@ledger.test', 'a long analyst passphrase');
      expect((await me(query, onA)).status).toBe(200);
      const ended = await call(commandB, 'POST', '/auth/sign-out-everywhere', onB);
      expect([ended.status, ended.body.ended]).toEqual([200, 2]);
      for (const app of [commandA, commandB, query, audit]) {
        for (const session of [onA, onB]) expect([app.url, (await me(app, session)).status]).toEqual([app.url, 401]);
      }
      // Signing out of one session on one host ends it on the others too.
      const again = await signIn(commandA, 'cy@ledger.test', 'a long analyst passphrase');
      expect((await call(commandB, 'POST', '/auth/sign-out', again)).status).toBe(204);
      expect((await me(audit, again)).status).toBe(401);
    });

    it('ends the sessions of a deactivated person on the query service at the next request', async () => {
      const cy = await signIn(commandB, 'cy@ledger.test', 'a long analyst passphrase');
      expect((await me(query, cy)).status).toBe(200);
      expect((await call(commandA, 'POST', `/admin/users/${cy.userId}/deactivate`, admin, {})).status).toBe(201);
      // No read model to wait for: the query service reads the person's stream in the event store.
      expect((await me(query, cy)).status).toBe(401);
      expect((await me(commandB, cy)).status).toBe(401);
    });
  },
);
