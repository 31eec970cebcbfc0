// A console session through the query service's forward, on embedded services (no servers):
// the command service runs the people module; sign-in, the cookie it sets, the CSRF check on a
// change and sign-out all pass through the query service untouched.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandsModule } from '@ledger/commands';
import { PeopleModule } from '@ledger/people';
import { QueriesModule } from '@ledger/queries';
import { bootstrapService } from '../bootstrap';
import { openEmbeddedEventStore } from '../storage.module';
import type { StartedApp } from '../http-app';

jest.setTimeout(60_000);

const KEY = 'forwarding-sessions-admin-key';
const PASSWORD = 'a long agent passphrase';

describe('a console session through the query service', () => {
  const root = mkdtempSync(join(tmpdir(), 'ledger-forwarding-sessions-'));
  const env = (service: string, more: Record<string, string> = {}) => ({
    CRM_HOST: '127.0.0.1',
    CRM_PORT: '0',
    CRM_DURABILITY: 'NORMAL',
    CRM_LOG_LEVEL: 'silent',
    CRM_API_KEYS: `${KEY}:admin`,
    CRM_EVENT_STORE_DIR: join(root, 'events'),
    CRM_DATA_DIR: join(root, service),
    ...more,
  });
  let command: StartedApp;
  let query: StartedApp;
  let session: { cookie: string; csrf: string };
  let userId: string;

  async function send(path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
    const response = await fetch(`${query.url}${path}`, {
      method: init.method ?? 'POST',
      headers: { ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  }
  const withSession = (csrf: string | null) => ({
    cookie: session.cookie,
    ...(csrf ? { 'x-csrf-token': csrf } : {}),
  });

  beforeAll(async () => {
    const people = [CommandsModule, PeopleModule];
    command = await bootstrapService('command-service', 'command', people, env('command'));
    query = await bootstrapService(
      'query-service',
      'query',
      [QueriesModule],
      env('query', { CRM_COMMAND_SERVICE_URL: command.url }),
      { forward: { command: people } },
    );
    // An admin (by API key, through the query service) adds an agent and sets their password.
    const added = await send('/admin/users', {
      body: { name: 'Ada Agent', email: 'ada.agent@ledger.test', roles: ['agent', 'admin'] },
      headers: { 'x-api-key': KEY },
    });
    expect(added.status).toBe(201);
    userId = added.body.userId;
    const password = await send(`/admin/users/${added.body.userId}/password`, {
      method: 'PUT',
      body: { password: PASSWORD },
      headers: { 'x-api-key': KEY },
    });
    expect(password.status).toBe(204);
  });

  afterAll(async () => {
    for (const app of [query, command]) await app?.app.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('signs in with a password: the session cookie is set through the forward', async () => {
    const signedIn = await send('/auth/sign-in', { body: { email: 'ada.agent@ledger.test', password: PASSWORD } });
    expect(signedIn.status).toBe(200);
    const setCookie = signedIn.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^ledger_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+$/);
    expect(signedIn.body).toMatchObject({ user: { name: 'Ada Agent' }, csrfToken: expect.any(String) });
    session = { cookie: setCookie.split(';')[0], csrf: signedIn.body.csrfToken };
  });

  it('records a change made with the session and its CSRF token, and refuses one without the token', async () => {
    const customer = {
      customerId: 's-1',
      kind: 'person',
      name: 'Session Customer',
      occurredAt: '2026-03-01T00:00:00Z',
    };
    const refused = await send('/customers', { body: customer, headers: withSession(null) });
    expect([refused.status, refused.body.code]).toEqual([403, 'CSRF_TOKEN_INVALID']);
    const recorded = await send('/customers', { body: customer, headers: withSession(session.csrf) });
    expect(recorded.status).toBe(201);
    // The event names the person, not a key: the session reached the command service intact.
    const store = openEmbeddedEventStore(join(root, 'events'), 'NORMAL');
    try {
      const [registered] = await store.readStream('customer-s-1');
      expect(registered.metadata.actor).toBe(`user:${userId}`);
    } finally {
      await store.close();
    }
  });

  it('signs out through the query service: the session no longer records anything', async () => {
    const signedOut = await send('/auth/sign-out', { headers: withSession(session.csrf) });
    expect(signedOut.status).toBe(204);
    expect(signedOut.headers.get('set-cookie')).toMatch(/^ledger_session=; .*Max-Age=0/);
    const after = await send('/customers', {
      body: { customerId: 's-2', kind: 'person', name: 'Too Late', occurredAt: '2026-03-01T00:00:00Z' },
      headers: withSession(session.csrf),
    });
    expect(after.status).toBe(401);
  });
});
