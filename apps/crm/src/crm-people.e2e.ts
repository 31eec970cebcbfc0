// The directory of people over real HTTP (issue 17, part 1): admins add people, change roles and
// team, deactivate and reactivate them; every change is an event in the user's stream; the list
// comes from the users read model; assignees and account managers must be active users.
import { CrmUnderTest } from './test-support/crm-under-test';

describe('crm: the directory of people', () => {
  let crm: CrmUnderTest;
  let position = 0;
  const admin = async (method: string, path: string, body?: unknown) => {
    const reply = await crm.request(method, path, { as: 'admin', body });
    if (reply.status < 300 && typeof reply.body?.position === 'number')
      position = Math.max(position, reply.body.position);
    return reply;
  };
  const directory = async (query = '') => (await crm.get(`/admin/users?minPosition=${position}${query}`)).body;

  beforeAll(async () => {
    crm = await CrmUnderTest.start();
  });
  afterAll(() => crm.stop());

  let ada: string;
  let bo: string;

  it('adds people with roles and team, derives one id per email, and lists them by name', async () => {
    const added = await admin('POST', '/admin/users', {
      name: 'Ada Agent',
      email: 'Ada@Ledger.test',
      roles: ['agent', 'auditor'],
      team: 'north',
    });
    expect(added.status).toBe(201);
    expect(added.body.events.map((e: { type: string }) => e.type)).toEqual(['UserAdded']);
    ada = added.body.userId;
    expect(ada).toMatch(/^u-[0-9a-f]{24}$/);
    expect(added.body.streamId).toBe(`user-${ada}`);
    bo = (await admin('POST', '/admin/users', { name: 'Bo Boss', email: 'bo@ledger.test', roles: ['admin'] })).body
      .userId;

    const list = await directory();
    expect(list.total).toBe(2);
    expect(list.items[0]).toEqual({
      userId: ada,
      name: 'Ada Agent',
      email: 'ada@ledger.test',
      roles: ['agent', 'auditor'],
      team: 'north',
      active: true,
      addedAt: expect.any(String),
      deactivatedAt: null,
    });
    expect((await crm.get(`/admin/users/${bo}?minPosition=${position}`)).body).toMatchObject({
      name: 'Bo Boss',
      team: null,
    });
  });

  it('refuses the same email twice (any case) with 409 and writes nothing', async () => {
    const head = await crm.head();
    const again = await admin('POST', '/admin/users', {
      name: 'Ada Again',
      email: ' ADA@ledger.TEST ',
      roles: ['agent'],
    });
    expect(again.status).toBe(400); // blanks are not part of an email address
    const twice = await admin('POST', '/admin/users', {
      name: 'Ada Again',
      email: 'ADA@ledger.TEST',
      roles: ['agent'],
    });
    expect([twice.status, twice.body.code, twice.body.field]).toEqual([409, 'USER_ALREADY_ADDED', 'email']);
    expect(await crm.head()).toBe(head);
  });

  it('refuses bad input naming the field, and unknown users with 404, writing nothing', async () => {
    const head = await crm.head();
    const bad: [string, string, unknown, string][] = [
      ['POST', '/admin/users', { email: 'x@ledger.test', roles: ['agent'] }, 'name'],
      ['POST', '/admin/users', { name: 'X', roles: ['agent'] }, 'email'],
      ['POST', '/admin/users', { name: 'X', email: 'not-an-email', roles: ['agent'] }, 'email'],
      ['POST', '/admin/users', { name: 'X', email: 'x@ledger.test', roles: [] }, 'roles'],
      ['POST', '/admin/users', { name: 'X', email: 'x@ledger.test', roles: ['channel'] }, 'roles'],
      ['POST', '/admin/users', { name: 'X', email: 'x@ledger.test', roles: 'agent' }, 'roles'],
      ['PATCH', `/admin/users/${ada}/roles`, { roles: ['root'] }, 'roles'],
      ['PATCH', `/admin/users/${ada}/team`, { team: '' }, 'team'],
      ['PATCH', '/admin/users/not%20an%20id/roles', { roles: ['agent'] }, 'userId'],
    ];
    for (const [method, path, body, field] of bad) {
      const reply = await admin(method, path, body);
      expect([path, reply.status, reply.body.field]).toEqual([path, 400, field]);
    }
    const unknown = await admin('POST', '/admin/users/u-000000000000000000000000/deactivate', {});
    expect([unknown.status, unknown.body.code]).toEqual([404, 'UNKNOWN_USER']);
    expect(await crm.head()).toBe(head);
    expect((await crm.get('/admin/users/u-000000000000000000000000')).status).toBe(404);
    expect((await crm.get('/admin/users?role=root')).body.field).toBe('role');
    expect((await crm.get('/admin/users?active=maybe')).body.field).toBe('active');
  });

  it('changes roles and team, deactivates and reactivates, each an event; filters follow', async () => {
    const roles = await admin('PATCH', `/admin/users/${ada}/roles`, { roles: ['agent'] });
    expect(roles.body.events.map((e: { type: string }) => e.type)).toEqual(['UserRolesChanged']);
    const same = await admin('PATCH', `/admin/users/${ada}/roles`, { roles: ['agent'] });
    expect([same.status, same.body.events]).toEqual([200, []]);
    expect((await admin('PATCH', `/admin/users/${ada}/team`, {})).body.events[0].type).toBe('UserTeamChanged');
    const off = await admin('POST', `/admin/users/${ada}/deactivate`, { reason: 'left the company' });
    expect(off.body.events[0].type).toBe('UserDeactivated');
    expect((await directory('&active=false')).items.map((u: { userId: string }) => u.userId)).toEqual([ada]);
    expect((await directory('&role=admin')).items.map((u: { userId: string }) => u.userId)).toEqual([bo]);
    expect((await directory(`&team=north`)).items).toEqual([]);
    const user = (await crm.get(`/admin/users/${ada}?minPosition=${position}`)).body;
    expect(user).toMatchObject({ roles: ['agent'], team: null, active: false, deactivatedAt: expect.any(String) });
  });

  it('assigns work only to active people of the directory (422 otherwise, nothing written)', async () => {
    await crm.post('/customers', { customerId: 'c1', kind: 'person', name: 'Cy' }, 'agent');
    await crm.post(
      '/customers/c1/complaints',
      { caseId: 'k1', severity: 'low', channel: 'phone', category: 'billing', description: 'x' },
      'agent',
    );
    const head = await crm.head();
    const stranger = await crm.post('/customers/c1/complaints/k1/assign', { assigneeId: 'agent-7' }, 'agent');
    expect([stranger.status, stranger.body.code, stranger.body.field]).toEqual([422, 'UNKNOWN_USER', 'assigneeId']);
    const gone = await crm.post('/customers/c1/complaints/k1/assign', { assigneeId: ada }, 'agent');
    expect([gone.status, gone.body.code, gone.body.field]).toEqual([422, 'USER_DEACTIVATED', 'assigneeId']);
    const manager = await crm.post('/customers/c1/account-manager', { accountManagerId: ada }, 'agent');
    expect([manager.status, manager.body.field]).toEqual([422, 'accountManagerId']);
    expect(await crm.head()).toBe(head);

    expect((await admin('POST', `/admin/users/${ada}/reactivate`, {})).body.events[0].type).toBe('UserReactivated');
    expect((await crm.post('/customers/c1/complaints/k1/assign', { assigneeId: ada }, 'agent')).status).toBe(201);
    expect((await crm.post('/customers/c1/account-manager', { accountManagerId: bo }, 'agent')).status).toBe(201);
  });

  it('is for admins only: other roles get 403, no key 401', async () => {
    for (const role of ['channel', 'agent', 'analyst', 'auditor'] as const) {
      expect([role, (await crm.get('/admin/users', role)).status]).toEqual([role, 403]);
      const add = await crm.post('/admin/users', { name: 'Eve', email: 'eve@ledger.test', roles: ['admin'] }, role);
      expect([role, add.status]).toEqual([role, 403]);
    }
    expect((await crm.get('/admin/users', null)).status).toBe(401);
    expect((await crm.post(`/admin/users/${bo}/deactivate`, {}, null)).status).toBe(401);
  });

  it('keeps free-text assignees when configured for a migration (CRM_STAFF_REFERENCES=free-text)', async () => {
    const legacy = await CrmUnderTest.start({ env: { CRM_STAFF_REFERENCES: 'free-text' } });
    try {
      await legacy.post('/customers', { customerId: 'c1', kind: 'person', name: 'Cy' }, 'agent');
      expect((await legacy.post('/customers/c1/account-manager', { accountManagerId: 'am-7' }, 'agent')).status).toBe(
        201,
      );
    } finally {
      await legacy.stop();
    }
  });
});
