// The complaints queue and assignment over real HTTP: open complaints across customers by SLA
// due time, filters, paging and SLA status at a given instant; assigning a case (and its
// refusals, retries and concurrency guard); resolution and erasure as the queue shows them.
import { CrmUnderTest } from './test-support/crm-under-test';

const NOW = '2026-11-02T07:00:00.000Z';

describe('crm: complaints queue and assignment', () => {
  let crm: CrmUnderTest;
  let position = 0;
  // Assignees are people of the directory (CRM_STAFF_REFERENCES=directory, the default).
  let agent7: string, lead3: string, agent1: string, agent2: string;
  const person = async (name: string, roles = ['agent']) => {
    const reply = await crm.post('/admin/users', { name, email: `${name}@ledger.test`, roles }, 'admin');
    expect(reply.status).toBe(201);
    return reply.body.userId as string;
  };

  const write = async (path: string, body: unknown, headers?: Record<string, string>) => {
    const reply = await crm.post(path, body, 'agent', headers);
    if (reply.status < 300) position = Math.max(position, reply.body.position);
    return reply;
  };
  const queue = (query = '') => crm.get(`/complaints?now=${NOW}&minPosition=${position}${query}`, 'agent');
  const cases = async (query = '') => {
    const reply = await queue(query);
    expect(reply.status).toBe(200);
    return reply.body.items.map((item: { caseId: string }) => item.caseId);
  };
  const complaint = (
    customerId: string,
    caseId: string,
    severity: string,
    channel: string,
    category: string,
    at: string,
  ) =>
    write(`/customers/${customerId}/complaints`, {
      caseId,
      severity,
      channel,
      category,
      description: `${category} problem ${caseId}`,
      occurredAt: at,
    });

  beforeAll(async () => {
    crm = await CrmUnderTest.start();
    [agent7, lead3, agent1, agent2] = [
      await person('agent7'),
      await person('lead3'),
      await person('agent1'),
      await person('agent2'),
    ];
    await write('/customers', { customerId: 'c1', kind: 'person', name: 'Ada Lovelace' });
    await write('/customers', { customerId: 'c2', kind: 'person', name: 'علی رضایی' });
    await complaint('c1', 'k1', 'critical', 'phone', 'delivery', '2026-11-01T08:00:00Z'); // due 11-01 12:00
    await complaint('c1', 'k2', 'low', 'email', 'billing', '2026-11-01T09:00:00Z'); // due 11-06 09:00
    await complaint('c2', 'k3', 'high', 'chat', 'delivery', '2026-11-01T10:00:00Z'); // due 11-02 10:00
    await complaint('c2', 'k4', 'medium', 'phone', 'product', '2026-11-01T07:00:00Z'); // due 11-04 07:00
  });
  afterAll(() => crm.stop());

  it('lists every open complaint across customers by SLA due time, with the SLA clock at `now`', async () => {
    const reply = await queue();
    expect(reply.body).toMatchObject({ total: 4, limit: 50, offset: 0, now: NOW });
    expect(reply.body.items.map((i: { caseId: string; sla: string }) => [i.caseId, i.sla])).toEqual([
      ['k1', 'breached'],
      ['k3', 'due_soon'],
      ['k4', 'on_track'],
      ['k2', 'on_track'],
    ]);
    expect(reply.body.items[1]).toEqual({
      customerId: 'c2',
      customerName: 'علی رضایی',
      caseId: 'k3',
      category: 'delivery',
      severity: 'high',
      channel: 'chat',
      description: 'delivery problem k3',
      openedAt: '2026-11-01T10:00:00.000Z',
      dueAt: '2026-11-02T10:00:00.000Z',
      escalated: false,
      assigneeId: null,
      sla: 'due_soon',
    });
  });

  it('filters by severity, category and channel, sorts and pages', async () => {
    expect(await cases('&severity=critical')).toEqual(['k1']);
    expect(await cases('&category=delivery')).toEqual(['k1', 'k3']);
    expect(await cases('&channel=phone')).toEqual(['k1', 'k4']);
    expect(await cases('&channel=phone&category=product')).toEqual(['k4']);
    expect(await cases('&sort=openedAt&order=desc')).toEqual(['k3', 'k2', 'k1', 'k4']);
    expect(await cases('&sort=severity&order=desc')).toEqual(['k1', 'k3', 'k4', 'k2']);
    const page = await queue('&limit=2&offset=1');
    expect(page.body).toMatchObject({ total: 4, limit: 2, offset: 1 });
    expect(page.body.items.map((i: { caseId: string }) => i.caseId)).toEqual(['k3', 'k4']);
  });

  it('refuses unknown parameter values, naming the parameter, and needs read:customer', async () => {
    const bad: [string, string][] = [
      ['severity', 'urgent'],
      ['channel', 'pigeon'],
      ['category', 'x'.repeat(101)],
      ['assignee', 'not an id!'],
      ['status', 'closed'],
      ['sort', 'name'],
      ['order', 'up'],
      ['limit', '0'],
      ['limit', '201'],
      ['offset', '-1'],
      ['now', 'yesterday'],
    ];
    for (const [name, value] of bad) {
      const reply = await crm.get(`/complaints?${name}=${encodeURIComponent(value)}`, 'agent');
      expect([name, value, reply.status, reply.body.field]).toEqual([name, value, 400, name]);
    }
    expect((await crm.get('/complaints', 'channel')).status).toBe(403);
    expect((await crm.get('/complaints', null)).status).toBe(401);
  });

  it('assigns a case: the queue and the 360 view show the assignee, and filter by it', async () => {
    const assigned = await write('/customers/c2/complaints/k3/assign', {
      assigneeId: agent7,
      note: 'speaks Persian',
    });
    expect(assigned.status).toBe(201);
    expect(assigned.body.events.map((e: { type: string }) => e.type)).toEqual(['ComplaintAssigned']);
    expect(await cases(`&assignee=${agent7}`)).toEqual(['k3']);
    expect(await cases('&assignee=none')).toEqual(['k1', 'k4', 'k2']);
    expect((await queue(`&assignee=${agent7}`)).body.items[0].assigneeId).toBe(agent7);
    const view = await crm.get(`/customers/c2?minPosition=${position}`, 'agent');
    expect(
      view.body.openComplaints.map((c: { caseId: string; assigneeId: string }) => [c.caseId, c.assigneeId]),
    ).toEqual([
      ['k4', null],
      ['k3', agent7],
    ]);
  });

  it('writes nothing when the case already is with that person, and replays an idempotent retry', async () => {
    const head = await crm.head();
    const again = await write('/customers/c2/complaints/k3/assign', { assigneeId: agent7 });
    expect(again.status).toBe(200);
    expect(again.body.events).toEqual([]);
    const key = { 'Idempotency-Key': 'assign-k4-once' };
    const first = await write('/customers/c2/complaints/k4/assign', { assigneeId: lead3 }, key);
    const retry = await write('/customers/c2/complaints/k4/assign', { assigneeId: lead3 }, key);
    expect([first.status, retry.status]).toEqual([201, 200]);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body.position).toBe(first.body.position);
    expect(await crm.head()).toBe(head + 1);
  });

  it('refuses a stale If-Match, an unknown case, a resolved case and bad input, writing nothing', async () => {
    const head = await crm.head();
    const stale = await write('/customers/c1/complaints/k1/assign', { assigneeId: agent1 }, { 'If-Match': '"0"' });
    expect([stale.status, stale.body.code]).toEqual([409, 'EXPECTED_VERSION_MISMATCH']);
    const unknown = await write('/customers/c1/complaints/k9/assign', { assigneeId: agent1 });
    expect([unknown.status, unknown.body.code, unknown.body.field]).toEqual([404, 'UNKNOWN_COMPLAINT', 'caseId']);
    const nobody = await write('/customers/c9/complaints/k1/assign', { assigneeId: agent1 });
    expect([nobody.status, nobody.body.code]).toEqual([404, 'UNKNOWN_CUSTOMER']);
    for (const [body, field] of [
      [{}, 'assigneeId'],
      [{ assigneeId: 'has spaces' }, 'assigneeId'],
      [{ assigneeId: agent1, note: 'x'.repeat(1001) }, 'note'],
      [{ assigneeId: agent1, occurredAt: 'soon' }, 'occurredAt'],
    ] as const) {
      const reply = await write('/customers/c1/complaints/k1/assign', body);
      expect([reply.status, reply.body.field]).toEqual([400, field]);
    }
    expect(await crm.head()).toBe(head);
    await write('/customers/c1/complaints/k2/resolve', { resolution: 'refunded' });
    const resolved = await write('/customers/c1/complaints/k2/assign', { assigneeId: agent1 });
    expect([resolved.status, resolved.body.code]).toEqual([422, 'COMPLAINT_RESOLVED']);
    expect(await cases()).toEqual(['k1', 'k3', 'k4']); // the resolved case left the queue
  });

  it('accepts assignments in a batch, each needing its case id', async () => {
    const missing = await crm.post(
      '/commands/batch',
      { commands: [{ command: 'AssignComplaint', customerId: 'c1', body: { assigneeId: agent2 } }] },
      'agent',
    );
    expect([missing.status, missing.body.field]).toEqual([400, 'commands[0].caseId']);
    const batch = await crm.post(
      '/commands/batch',
      { commands: [{ command: 'AssignComplaint', customerId: 'c1', caseId: 'k1', body: { assigneeId: agent2 } }] },
      'agent',
    );
    expect(batch.status).toBe(200);
    expect(batch.body).toMatchObject({ succeeded: 1, failed: 0 });
    position = batch.body.results[0].result.position;
    expect(await cases(`&assignee=${agent2}`)).toEqual(['k1']);
  });

  it('shows no name and no description for an erased customer', async () => {
    const erased = await crm.request('POST', '/customers/c2/erasure', { as: 'admin', body: { reason: 'asked' } });
    expect(erased.status).toBe(201);
    position = erased.body.position;
    const items = (await queue('&category=delivery')).body.items;
    const k3 = items.find((i: { caseId: string }) => i.caseId === 'k3');
    expect(k3).toMatchObject({ customerId: 'c2', customerName: null, assigneeId: agent7 });
    expect(k3).not.toHaveProperty('description');
  });

  it('documents search, the queue and assignment in OpenAPI with parameters, responses and errors', async () => {
    const { paths, components } = (await crm.get('/docs/openapi.json', null)).body;
    const search = paths['/customers/search'].get;
    expect(search.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['q', 'limit']));
    expect(Object.keys(search.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403']));
    const list = paths['/complaints'].get;
    expect(list.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining([
        'severity',
        'category',
        'channel',
        'assignee',
        'status',
        'sort',
        'order',
        'limit',
        'offset',
        'now',
      ]),
    );
    expect(Object.keys(list.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403']));
    expect(components.schemas.QueueItemDto.properties).toHaveProperty('sla');
    expect(components.schemas.CustomerSearchResultDto.properties).toHaveProperty('matchedOn');
    const assign = paths['/customers/{customerId}/complaints/{caseId}/assign'].post;
    expect(Object.keys(assign.responses)).toEqual(expect.arrayContaining(['200', '201', '400', '404', '409', '422']));
    expect(assign.summary).toMatch(/permission write/);
  });
});
