// The console's view of distributed mode: everything through the query service's URL alone.
// Commands and audit reads are forwarded to the command and audit services on real Kafka and a
// MongoDB-wire server; reads with minPosition see the write; a retry, a refusal and an upstream
// that is down answer as the console expects; a person signs in, changes, reads and signs out
// through it (sessions in the shared sign-in store).
import { DistributedCluster, SKIP_REASON } from './test-support/distributed-cluster';

jest.setTimeout(90_000);

if (SKIP_REASON) process.stderr.write(`[relay] distributed gateway suite skipped — ${SKIP_REASON}\n`);
const describeWithServers = SKIP_REASON ? describe.skip : describe;

const KEY = 'test-distributed-key';

describeWithServers('distributed mode through the query service alone (the console’s origin)', () => {
  const cluster = new DistributedCluster();
  let query: string;

  /** A request to the query service, as the console sends it (API key, JSON). */
  async function send(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const response = await fetch(`${query}${path}`, {
      method,
      headers: { 'x-api-key': KEY, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  beforeAll(async () => {
    await cluster.start();
    query = cluster.url('query');
  });

  afterAll(() => cluster.stop());

  const registration = {
    customerId: 'gw-1',
    kind: 'person',
    name: 'Gateway Customer',
    email: 'gw-1@example.com',
    country: 'GB',
    occurredAt: '2026-02-01T09:00:00Z',
  };
  const contact = {
    channel: 'phone',
    direction: 'inbound',
    reason: 'order status',
    occurredAt: '2026-02-02T10:00:00Z',
  };

  it('registers a customer and records a contact, and reads the 360 view with minPosition', async () => {
    const registered = await send('POST', '/customers', registration, { 'idempotency-key': 'gw-register-1' });
    expect(registered.status).toBe(201);
    const recorded = await send('POST', '/customers/gw-1/contacts', contact, { 'idempotency-key': 'gw-contact-1' });
    expect(recorded.status).toBe(201);
    const view = await send('GET', `/customers/gw-1?minPosition=${recorded.body.position}`);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ id: 'gw-1', lastPosition: recorded.body.position });
    expect(JSON.stringify(view.body)).toContain('order status');
  });

  it('answers an idempotent retry with the first result, appending nothing', async () => {
    const first = await send('GET', '/audit/customers/gw-1/events');
    const retried = await send('POST', '/customers/gw-1/contacts', contact, { 'idempotency-key': 'gw-contact-1' });
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ replayed: true });
    const after = await send('GET', '/audit/customers/gw-1/events');
    expect(after.body.events).toHaveLength(first.body.events.length);
  });

  it('passes a 400 naming the field through unchanged', async () => {
    const bad = { ...contact, channel: 'carrier-pigeon' };
    const forwarded = await send('POST', '/customers/gw-1/contacts', bad);
    const direct = await cluster.request('command', 'POST', '/customers/gw-1/contacts', bad);
    expect(forwarded.status).toBe(400);
    expect(forwarded.body).toEqual(direct.body);
    expect(JSON.stringify(forwarded.body)).toContain('channel');
  });

  it('brings the audit history and the subject-access export back through the query service', async () => {
    const history = await send('GET', '/audit/customers/gw-1/events');
    expect(history.status).toBe(200);
    expect(history.body.events.map((e: { type: string }) => e.type)).toEqual(['CustomerRegistered', 'ContactRecorded']);
    // Decrypted by the audit service with the shared key store: the name, not ciphertext.
    expect(history.body.events[0].data.name).toBe('Gateway Customer');
    const exported = await send('GET', '/customers/gw-1/export');
    expect(exported.status).toBe(200);
    expect(JSON.stringify(exported.body)).toContain('gw-1@example.com');
  });

  describe('a person signed in through the query service', () => {
    const PASSWORD = 'a long gateway passphrase';
    let session: { cookie: string; csrf: string; userId: string };
    const withSession = (csrf: string | null = session.csrf) => ({
      cookie: session.cookie,
      ...(csrf ? { 'x-csrf-token': csrf } : {}),
    });
    /** A request with the session only (no API key), as the console sends it after sign-in. */
    async function asPerson(method: string, path: string, headers: Record<string, string>, body?: unknown) {
      const response = await fetch(`${query}${path}`, {
        method,
        headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
    }

    beforeAll(async () => {
      // An admin key adds the person and sets their password, through the query service too.
      const added = await send('POST', '/admin/users', {
        name: 'Gita Gateway',
        email: 'gita@ledger.test',
        roles: ['agent', 'auditor'],
      });
      expect(added.status).toBe(201);
      const password = await send('PUT', `/admin/users/${added.body.userId}/password`, { password: PASSWORD });
      expect(password.status).toBe(204);
    });

    it('signs in with a password: the cookie is set through the forward', async () => {
      const signedIn = await asPerson('POST', '/auth/sign-in', {}, { email: 'gita@ledger.test', password: PASSWORD });
      expect(signedIn.status).toBe(200);
      const setCookie = signedIn.headers.get('set-cookie') ?? '';
      expect(setCookie).toMatch(/^ledger_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+$/);
      session = { cookie: setCookie.split(';')[0], csrf: signedIn.body.csrfToken, userId: signedIn.body.user.userId };
    });

    it('records a change sent with the CSRF token and refuses one without it', async () => {
      const call = { ...contact, reason: 'called back by Gita' };
      const refused = await asPerson('POST', '/customers/gw-1/contacts', withSession(null), call);
      expect([refused.status, refused.body.code]).toEqual([403, 'CSRF_TOKEN_INVALID']);
      const recorded = await asPerson('POST', '/customers/gw-1/contacts', withSession(), call);
      expect(recorded.status).toBe(201);
      const history = await send('GET', '/audit/customers/gw-1/events');
      expect(history.body.events.at(-1)).toMatchObject({ type: 'ContactRecorded', actor: `user:${session.userId}` });
    });

    it('reads with the cookie on the query service itself and through the forward to the audit service', async () => {
      const me = await asPerson('GET', '/auth/me', withSession(null));
      expect(me.body).toMatchObject({
        user: { userId: session.userId, name: 'Gita Gateway' },
        roles: ['agent', 'auditor'],
      });
      expect((await asPerson('GET', '/customers/gw-1', withSession(null))).status).toBe(200);
      expect((await asPerson('GET', '/audit/customers/gw-1/events', withSession(null))).status).toBe(200);
    });

    it('signs out through the query service: the cookie no longer reads or writes anywhere', async () => {
      const signedOut = await asPerson('POST', '/auth/sign-out', withSession());
      expect(signedOut.status).toBe(204);
      expect((await asPerson('GET', '/customers/gw-1', withSession(null))).status).toBe(401);
      expect((await asPerson('POST', '/customers/gw-1/contacts', withSession(), contact)).status).toBe(401);
    });
  });

  it('answers 502/503 quickly when the command service is stopped, and keeps serving reads', async () => {
    await cluster.stopService('command');
    const started = Date.now();
    const refused = await send('POST', '/customers/gw-1/contacts', contact, { 'idempotency-key': 'gw-contact-2' });
    expect(Date.now() - started).toBeLessThan(2000);
    expect([502, 503]).toContain(refused.status);
    expect(refused.body).toMatchObject({ statusCode: refused.status, code: expect.stringMatching(/UPSTREAM|GATEWAY/) });
    expect(refused.body.message).toContain('command-service');
    expect((await send('GET', '/customers/gw-1')).status).toBe(200);
  });
});
