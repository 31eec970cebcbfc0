// Machine API keys as real credentials (issue 17, part 4): made and revoked by admins, shown once,
// stored only as a hash, one role and optionally a list of channels, with a last-used time; the
// published development keys only in development.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '@ledger/config';
import { CrmUnderTest } from './test-support/crm-under-test';

describe('crm: API keys for machines', () => {
  let crm: CrmUnderTest;
  beforeAll(async () => {
    crm = await CrmUnderTest.start();
  });
  afterAll(() => crm.stop());

  const as = (key: string, method: string, path: string, body?: unknown, channel?: string) =>
    fetch(`${crm.url}${path}`, {
      method,
      headers: {
        'x-api-key': key,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(channel ? { 'x-source-channel': channel } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it('creates a key shown once, stored only hashed; it works for its role, and its last use is kept', async () => {
    const created = await crm.post(
      '/admin/api-keys',
      { name: 'web shop', role: 'channel', channels: ['web'] },
      'admin',
    );
    expect(created.status).toBe(201);
    const { key, keyId } = created.body;
    expect(key).toMatch(/^ledger_[A-Za-z0-9_-]{43}$/);
    expect(created.body).toMatchObject({
      name: 'web shop',
      role: 'channel',
      channels: ['web'],
      revokedAt: null,
      lastUsedAt: null,
    });
    const listed = (await crm.get('/admin/api-keys')).body.items;
    expect(listed).toEqual([expect.objectContaining({ keyId, name: 'web shop' })]);
    expect(JSON.stringify(listed)).not.toContain(key);
    for (const file of readdirSync(crm.dataDir).filter((f) => f.startsWith('sign-in'))) {
      expect(readFileSync(join(crm.dataDir, file)).includes(Buffer.from(key))).toBe(false);
    }

    const registered = await as(key, 'POST', '/customers', { customerId: 'c1', kind: 'person', name: 'Cy' }, 'web');
    expect(registered.status).toBe(201);
    const history = await crm.get('/audit/customers/c1/events', 'auditor');
    expect(history.body.events[0].actor).toBe(`key:${keyId}`);
    expect((await crm.get('/admin/api-keys')).body.items[0].lastUsedAt).toEqual(expect.any(String));
    // Its role and its channels bind it.
    expect((await as(key, 'GET', '/customers/c1')).status).toBe(403);
    const elsewhere = await as(
      key,
      'POST',
      '/customers/c1/contacts',
      { channel: 'phone', direction: 'inbound' },
      'till',
    );
    expect([elsewhere.status, ((await elsewhere.json()) as { code: string }).code]).toEqual([
      403,
      'CHANNEL_NOT_ALLOWED',
    ]);
  });

  it('refuses a revoked key with 401 from the next request, and bad requests with 4xx', async () => {
    const { key, keyId } = (await crm.post('/admin/api-keys', { name: 'integration', role: 'analyst' }, 'admin')).body;
    expect((await as(key, 'GET', '/kpis')).status).toBe(200);
    expect((await crm.post(`/admin/api-keys/${keyId}/revoke`, {}, 'admin')).status).toBe(200);
    const revoked = await as(key, 'GET', '/kpis');
    expect([revoked.status, ((await revoked.json()) as { message: string }).message]).toEqual([
      401,
      'unknown or revoked API key',
    ]);
    const again = await crm.post(`/admin/api-keys/${keyId}/revoke`, {}, 'admin');
    expect([again.status, again.body.code]).toEqual([422, 'API_KEY_ALREADY_REVOKED']);
    expect((await crm.post('/admin/api-keys/k-nothing/revoke', {}, 'admin')).body.code).toBe('UNKNOWN_API_KEY');
    for (const [body, field] of [
      [{ role: 'channel' }, 'name'],
      [{ name: 'x', role: 'root' }, 'role'],
      [{ name: 'x', role: 'channel', channels: ['Not Valid'] }, 'channels'],
    ] as const) {
      const reply = await crm.post('/admin/api-keys', body, 'admin');
      expect([reply.status, reply.body.field]).toEqual([400, field]);
    }
    expect((await crm.post('/admin/api-keys', { name: 'x', role: 'admin' }, 'agent')).status).toBe(403);
  });

  it('accepts the published development keys only in development', () => {
    expect(loadConfig({}).usingDevelopmentKeys).toBe(true);
    const production = loadConfig({ NODE_ENV: 'production' });
    expect([production.usingDevelopmentKeys, production.apiKeys.size]).toEqual([false, 0]);
  });
});
