// Roles by API key: 401 without a valid key, 403 when the role may not do it.
import { CrmUnderTest, type Role } from './test-support/crm-under-test';

describe('crm: access by role', () => {
  let crm: CrmUnderTest;
  /** Where ada's registration is in the log: reads wait for the read models to reach it. */
  let registered: number;
  beforeAll(async () => {
    crm = await CrmUnderTest.start();
    registered = (await crm.post('/customers', { customerId: 'ada', kind: 'person', name: 'Ada' })).body.position;
    // The role matrix below reads ada's 360 without a position: wait once until it is there.
    expect((await crm.get(`/customers/ada?minPosition=${registered}`, 'agent')).status).toBe(200);
  });
  afterAll(() => crm.stop());

  it('answers 401 without a key or with an unknown one', async () => {
    expect((await crm.request('GET', '/customers/ada', { as: null })).status).toBe(401);
    const unknown = await crm.request('GET', '/customers/ada', {
      as: null,
      headers: { 'x-api-key': 'not-a-key-at-all' },
    });
    expect(unknown.status).toBe(401);
    expect(unknown.body.code).toBe('UNAUTHENTICATED');
    const bearer = await crm.request('GET', `/customers/ada?minPosition=${registered}`, {
      as: null,
      headers: { authorization: 'Bearer test-agent-key-1' },
    });
    expect(bearer.status).toBe(200);
  });

  const matrix: Array<[string, string, Role[], Role[]]> = [
    ['POST', '/customers/ada/contacts', ['channel', 'agent', 'admin'], ['analyst', 'auditor']],
    ['GET', '/customers/ada', ['agent', 'analyst', 'auditor', 'admin'], ['channel']],
    ['GET', '/segments', ['analyst', 'admin'], ['channel', 'agent', 'auditor']],
    ['GET', '/kpis', ['analyst', 'admin'], ['channel', 'agent', 'auditor']],
    ['GET', '/admin/projections', ['admin'], ['channel', 'agent', 'analyst', 'auditor']],
  ];

  it.each(matrix)('%s %s', async (method, path, allowed, refused) => {
    const body = method === 'POST' ? { channel: 'web', direction: 'inbound', reason: 'visit' } : undefined;
    for (const role of allowed) {
      const reply = await crm.request(method, path, { as: role, body });
      expect([role, reply.status]).toEqual([role, method === 'POST' ? 201 : 200]);
    }
    for (const role of refused) {
      const reply = await crm.request(method, path, { as: role, body });
      expect([role, reply.status]).toEqual([role, 403]);
      expect(reply.body.code).toBe('FORBIDDEN');
    }
  });
});
