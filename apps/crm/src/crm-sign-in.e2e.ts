// People sign in (issue 17, part 2): the first admin from the CLI, email + password sessions in
// an HTTP-only cookie, CSRF on changes, one answer for unknown users and wrong passwords,
// lock-out, sign-out (here and everywhere), expiry, and deactivation ending sessions.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { runUsersCli } from './cli/users-cli';
import { CrmUnderTest } from './test-support/crm-under-test';

const ADMIN = { email: 'root@ledger.test', password: 'correct horse battery staple' };
const AGENT = { email: 'agent.ada@ledger.test', password: 'a long agent passphrase' };

function io(password: string) {
  const out = new PassThrough();
  const err = new PassThrough();
  let written = '';
  out.on('data', (chunk) => (written += String(chunk)));
  err.on('data', (chunk) => (written += String(chunk)));
  return { io: { stdin: Readable.from([`${password}\n`]), stdout: out, stderr: err }, output: () => written };
}

// A reply's JSON, loosely typed as the other e2e suites read theirs.
const json = (reply: Response): Promise<any> => reply.json();

interface Session {
  cookie: string;
  csrf: string;
  userId: string;
}

describe('crm: signing in', () => {
  let crm: CrmUnderTest;
  const send = (
    method: string,
    path: string,
    options: { session?: Session; body?: unknown; csrf?: string | null; cookie?: string } = {},
  ) => {
    const headers: Record<string, string> = {};
    const cookie = options.cookie ?? options.session?.cookie;
    if (cookie) headers['cookie'] = cookie;
    const csrf = options.csrf === undefined ? options.session?.csrf : options.csrf;
    if (csrf) headers['x-csrf-token'] = csrf;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    return fetch(`${crm.url}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  };
  const signIn = async (email: string, password: string): Promise<Session> => {
    const reply = await send('POST', '/auth/sign-in', { body: { email, password } });
    expect(reply.status).toBe(200);
    const body = await json(reply);
    const cookie = (reply.headers.get('set-cookie') ?? '').split(';')[0];
    return { cookie, csrf: body.csrfToken, userId: body.user.userId };
  };

  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ledger-sign-in-'));
    const cli = io(ADMIN.password);
    const env = { CRM_API_KEYS: 'test-admin-key-1:admin' };
    expect(
      await runUsersCli(
        ['add-admin', '--email', ADMIN.email, '--name', 'Root Admin', '--data-dir', dataDir],
        env,
        cli.io,
      ),
    ).toBe(0);
    expect(cli.output()).toMatch(/^admin added: u-[0-9a-f]{24}/);
    crm = await CrmUnderTest.start({ dataDir, env: { CRM_SIGN_IN_MAX_FAILURES: '3' } });
  });
  afterAll(() => crm.stop());

  let admin: Session;
  let agent: Session;

  it('signs the CLI-made admin in: an HTTP-only SameSite=Lax cookie, the CSRF token, /auth/me', async () => {
    const reply = await send('POST', '/auth/sign-in', {
      body: { email: 'ROOT@ledger.test', password: ADMIN.password },
    });
    expect(reply.status).toBe(200);
    const setCookie = reply.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^ledger_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=43200$/);
    const body = await json(reply);
    expect(body).toMatchObject({ user: { name: 'Root Admin' }, roles: ['admin'], csrfToken: expect.any(String) });
    admin = { cookie: setCookie.split(';')[0], csrf: body.csrfToken, userId: body.user.userId };
    const me = await json(await send('GET', '/auth/me', { session: admin }));
    expect(me).toMatchObject({
      role: 'admin',
      roles: ['admin'],
      actor: `user:${admin.userId}`,
      user: { userId: admin.userId, name: 'Root Admin' },
      csrfToken: admin.csrf,
    });
  });

  it('needs the CSRF token for every change made with a session (403, nothing written)', async () => {
    const head = await crm.head();
    const person = { name: 'Ada Agent', email: AGENT.email, roles: ['agent'] };
    const missing = await send('POST', '/admin/users', { session: admin, csrf: null, body: person });
    expect([missing.status, (await json(missing)).code]).toEqual([403, 'CSRF_TOKEN_INVALID']);
    const wrong = await send('POST', '/admin/users', { session: admin, csrf: 'x'.repeat(32), body: person });
    expect(wrong.status).toBe(403);
    expect(await crm.head()).toBe(head);
    const added = await send('POST', '/admin/users', { session: admin, body: person });
    expect(added.status).toBe(201);
    const userId = (await json(added)).userId;
    const set = await send('PUT', `/admin/users/${userId}/password`, {
      session: admin,
      body: { password: AGENT.password },
    });
    expect(set.status).toBe(204);
    const short = await send('PUT', `/admin/users/${userId}/password`, { session: admin, body: { password: 'short' } });
    expect([short.status, (await json(short)).field]).toEqual([400, 'password']);
    agent = await signIn(AGENT.email, AGENT.password);
    expect(agent.userId).toBe(userId);
  });

  it('records the person as the actor of what they do', async () => {
    const registered = await send('POST', '/customers', {
      session: agent,
      body: { customerId: 'c1', kind: 'person', name: 'Cy' },
    });
    expect(registered.status).toBe(201);
    const history = await crm.get('/audit/customers/c1/events', 'admin');
    expect(history.body.events[0].actor).toBe(`user:${agent.userId}`);
    // "Everything agent X did": from the log itself, between record times.
    const did = await crm.get(`/audit/events?actor=user:${agent.userId}`, 'auditor');
    expect(did.body.events.map((e: { type: string; streamId: string }) => [e.type, e.streamId])).toEqual([
      ['CustomerRegistered', 'customer-c1'],
    ]);
    // …and which console session: a hash-derived reference, never the cookie's token.
    const sessionRef = did.body.events[0].session as string;
    expect(sessionRef).toMatch(/^s-[0-9a-f]{16}$/);
    expect(agent.cookie).not.toContain(sessionRef.slice(2));
    const later = await crm.get(`/audit/events?actor=user:${agent.userId}&from=2999-01-01T00:00:00Z`, 'auditor');
    expect(later.body.events).toEqual([]);
    expect((await crm.get('/audit/events?actor=not an actor', 'auditor')).body.field).toBe('actor');
    expect((await crm.get(`/audit/events?actor=user:${agent.userId}`, 'agent')).status).toBe(403);
    const log = (await crm.get('/audit/access-log?limit=1000', 'admin')).body.entries;
    expect(log.at(-1)).toMatchObject({ endpoint: `events-by-actor:user:${agent.userId}`, role: 'auditor' });
    // Roles still bind a person: an agent is no admin.
    expect((await send('GET', '/admin/users', { session: agent })).status).toBe(403);
  });

  it('answers an unknown email exactly as a wrong password, then locks the email out', async () => {
    const wrong = await send('POST', '/auth/sign-in', { body: { email: AGENT.email, password: 'not the password' } });
    const unknown = await send('POST', '/auth/sign-in', {
      body: { email: 'nobody@ledger.test', password: 'not the password' },
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await json(wrong)).toEqual(await json(unknown));
    expect(wrong.headers.get('set-cookie')).toBeNull();
    for (let i = 0; i < 2; i++)
      await send('POST', '/auth/sign-in', { body: { email: AGENT.email, password: 'still wrong' } });
    const locked = await send('POST', '/auth/sign-in', { body: { email: AGENT.email, password: AGENT.password } });
    expect([locked.status, (await json(locked)).code]).toEqual([429, 'SIGN_IN_LOCKED']);
    for (let i = 0; i < 2; i++)
      await send('POST', '/auth/sign-in', { body: { email: 'nobody@ledger.test', password: 'x' } });
    const lockedUnknown = await send('POST', '/auth/sign-in', { body: { email: 'nobody@ledger.test', password: 'x' } });
    expect(lockedUnknown.status).toBe(429);
    // The session opened before the failures still works: the lock-out is for signing in.
    expect((await send('GET', '/auth/me', { session: agent })).status).toBe(200);
  });

  it('refuses forged and signed-out cookies with 401', async () => {
    expect((await send('GET', '/auth/me', { cookie: `ledger_session=${'A'.repeat(43)}` })).status).toBe(401);
    const second = await signIn(ADMIN.email, ADMIN.password);
    expect((await send('POST', '/auth/sign-out', { session: second })).status).toBe(204);
    const replayed = await send('GET', '/auth/me', { session: second });
    expect([replayed.status, (await json(replayed)).code]).toEqual([401, 'UNAUTHENTICATED']);
    expect((await send('GET', '/auth/me', { session: admin })).status).toBe(200);
  });

  it('signs out everywhere, and a deactivated person is signed out at their next request', async () => {
    const phone = await signIn(ADMIN.email, ADMIN.password);
    const everywhere = await send('POST', '/auth/sign-out-everywhere', { session: phone });
    expect(await json(everywhere)).toEqual({ ended: 2 });
    expect((await send('GET', '/auth/me', { session: admin })).status).toBe(401);
    expect((await crm.post(`/admin/users/${agent.userId}/deactivate`, {}, 'admin')).status).toBe(201);
    expect((await send('GET', '/auth/me', { session: agent })).status).toBe(401);
    const again = await send('POST', '/auth/sign-in', { body: { email: AGENT.email, password: AGENT.password } });
    expect([401, 429]).toContain(again.status);
  });

  it('ends sessions after the idle time and after the absolute lifetime', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ledger-sign-in-expiry-'));
    expect(
      await runUsersCli(
        ['add-admin', '--email', ADMIN.email, '--name', 'Root', '--data-dir', dataDir],
        {},
        io(ADMIN.password).io,
      ),
    ).toBe(0);
    const limits: Record<string, string>[] = [{ CRM_SESSION_IDLE_SECONDS: '1' }, { CRM_SESSION_MAX_SECONDS: '1' }];
    for (const env of limits) {
      const short = await CrmUnderTest.start({ dataDir, env });
      try {
        const reply = await fetch(`${short.url}/auth/sign-in`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(ADMIN),
        });
        const cookie = (reply.headers.get('set-cookie') ?? '').split(';')[0];
        expect((await fetch(`${short.url}/auth/me`, { headers: { cookie } })).status).toBe(200);
        await new Promise((resolve) => setTimeout(resolve, 1300));
        expect((await fetch(`${short.url}/auth/me`, { headers: { cookie } })).status).toBe(401);
      } finally {
        await short.stop({ keepData: true });
      }
    }
  });

  it('the CLI refuses a short password and wrong usage', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ledger-sign-in-cli-'));
    await expect(
      runUsersCli(['add-admin', '--email', 'a@b.test', '--name', 'A', '--data-dir', dataDir], {}, io('short').io),
    ).rejects.toThrow(/password must be 12-256 characters/);
    const usage = io('whatever long enough');
    expect(await runUsersCli(['add-admin', '--email', 'a@b.test'], {}, usage.io)).toBe(2);
    expect(usage.output()).toMatch(/^usage:/);
  });
});
