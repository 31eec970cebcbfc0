// End to end on the running app: a channel records facts over HTTP and an agent sees them
// in the customer 360 straight after (read-your-writes), with idempotency and concurrency.
import { CrmUnderTest } from './test-support/crm-under-test';

describe('crm: recording customer facts', () => {
  let crm: CrmUnderTest;
  beforeAll(async () => {
    crm = await CrmUnderTest.start();
  });
  afterAll(() => crm.stop());

  const register = (customerId: string, extra: Record<string, unknown> = {}) =>
    crm.post('/customers', {
      customerId,
      kind: 'person',
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      country: 'GB',
      ...extra,
    });

  it('registers a customer, records a contact and a purchase, and the agent sees them at once', async () => {
    const registered = await register('ada');
    expect(registered.status).toBe(201);
    expect(registered.body).toMatchObject({ streamId: 'customer-ada', revision: 0, replayed: false });
    expect(registered.headers.get('etag')).toBe('"0"');

    const contact = await crm.post('/customers/ada/contacts', {
      channel: 'phone',
      direction: 'inbound',
      reason: 'billing question',
      agentId: 'agent-12',
      durationSeconds: 240,
      outcome: 'resolved',
    });
    expect(contact.status).toBe(201);
    const purchase = await crm.post('/customers/ada/purchases', {
      orderId: 'order-1',
      lines: [{ sku: 'ESP-100', quantity: 1, unitPrice: 399, category: 'espresso-machine' }],
      currency: 'EUR',
      channel: 'web',
    });
    expect(purchase.status).toBe(201);
    expect(purchase.body.events.map((e: { type: string }) => e.type)).toEqual(['PurchaseRecorded', 'OfferMade']);

    const view = await crm.get(`/customers/ada?minPosition=${purchase.body.position}`, 'agent');
    expect(view.status).toBe(200);
    expect(view.body.profile.name).toBe('Ada Lovelace');
    expect(view.body.lastContacts[0]).toMatchObject({ channel: 'phone', reason: 'billing question' });
    expect(view.body.totals.spend).toBe(399);
    expect(view.body.pendingOffers.map((o: { sku: string }) => o.sku)).toEqual(['GRD-10']);
    expect(view.body.lastPosition).toBeGreaterThanOrEqual(purchase.body.position);
  });

  it('opens a complaint with an SLA from the policy, escalates and resolves it', async () => {
    await register('bob');
    const opened = await crm.post('/customers/bob/complaints', {
      caseId: 'case-1',
      category: 'delivery',
      severity: 'high',
      channel: 'email',
      description: 'Parcel arrived damaged',
      occurredAt: '2026-11-20T10:00:00Z',
    });
    expect(opened.status).toBe(201);
    let view = await crm.get(`/customers/bob?minPosition=${opened.body.position}&now=2026-11-21T08:00:00Z`, 'agent');
    expect(view.body.openComplaints).toEqual([
      expect.objectContaining({ caseId: 'case-1', slaDueAt: '2026-11-21T10:00:00.000Z', slaStatus: 'due_soon' }),
    ]);
    view = await crm.get('/customers/bob?now=2026-11-22T08:00:00Z', 'agent');
    expect(view.body.openComplaints[0].slaStatus).toBe('breached');

    const escalated = await crm.post('/customers/bob/complaints/case-1/escalate', { reason: 'customer called twice' });
    expect(escalated.status).toBe(201);
    const resolved = await crm.post('/customers/bob/complaints/case-1/resolve', { resolution: 'replacement sent' });
    expect(resolved.status).toBe(201);
    const again = await crm.post('/customers/bob/complaints/case-1/resolve', { resolution: 'twice' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'COMPLAINT_ALREADY_RESOLVED', field: 'caseId' });
    view = await crm.get(`/customers/bob?minPosition=${resolved.body.position}`, 'agent');
    expect(view.body.openComplaints).toEqual([]);
  });

  it('answers a retried command with the first result and appends nothing', async () => {
    await register('cy');
    const body = { channel: 'chat', direction: 'inbound', reason: 'opening hours' };
    const first = await crm.post('/customers/cy/contacts', body, 'channel', { 'Idempotency-Key': 'till-7-0001' });
    const head = await crm.head();
    const retry = await crm.post('/customers/cy/contacts', body, 'channel', { 'Idempotency-Key': 'till-7-0001' });
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body).toMatchObject({ position: first.body.position, revision: first.body.revision, replayed: true });
    expect(retry.body.events).toEqual(first.body.events);
    expect(await crm.head()).toBe(head);

    const reused = await crm.post('/customers/cy/contacts', { ...body, reason: 'other' }, 'channel', {
      'Idempotency-Key': 'till-7-0001',
    });
    expect(reused.status).toBe(422);
    expect(reused.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', field: 'Idempotency-Key' });
    expect(await crm.head()).toBe(head);
  });

  it('refuses a stale If-Match with 409 and writes nothing; concurrent agents lose no update', async () => {
    const registered = await register('dee');
    // Account managers are people of the directory.
    const manager = await crm.post(
      '/admin/users',
      { name: 'Am One', email: 'am1@ledger.test', roles: ['agent'] },
      'admin',
    );
    const ok = await crm.post('/customers/dee/account-manager', { accountManagerId: manager.body.userId }, 'agent', {
      'If-Match': `"${registered.body.revision}"`,
    });
    expect(ok.status).toBe(201);
    const head = await crm.head();
    const stale = await crm.post('/customers/dee/account-manager', { accountManagerId: 'am-2' }, 'agent', {
      'If-Match': `"${registered.body.revision}"`,
    });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'EXPECTED_VERSION_MISMATCH', field: 'If-Match' });
    expect(await crm.head()).toBe(head);

    const contacts = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        crm.post('/customers/dee/contacts', { channel: 'web', direction: 'inbound', reason: `visit ${i}` }),
      ),
    );
    expect(contacts.every((c) => c.status === 201)).toBe(true);
    const revisions = contacts.map((c) => c.body.revision).sort((a, b) => a - b);
    expect(new Set(revisions).size).toBe(20);
    const last = Math.max(...contacts.map((c) => c.body.position));
    const view = await crm.get(`/customers/dee?minPosition=${last}`, 'agent');
    expect(view.body.totals.contactsByChannel.web).toBe(20);
  });

  it('refuses outbound marketing on a channel whose consent was withdrawn', async () => {
    await register('eve');
    await crm.post('/campaigns', {
      campaignId: 'spring',
      name: 'Spring sale',
      channel: 'sms',
      startsAt: '2026-01-01T00:00:00Z',
      endsAt: '2027-12-31T00:00:00Z',
      budget: 1000,
      currency: 'EUR',
    });
    const withdrawn = await crm.post('/customers/eve/consents', {
      channel: 'sms',
      purpose: 'marketing',
      status: 'withdrawn',
    });
    expect(withdrawn.status).toBe(201);
    const head = await crm.head();
    const refused = await crm.post('/customers/eve/contacts', {
      channel: 'sms',
      direction: 'outbound',
      reason: 'spring offer',
      campaignId: 'spring',
    });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: 'CONSENT_WITHDRAWN', field: 'channel' });
    expect(await crm.head()).toBe(head);
  });

  it('runs a batch: one malformed item and nothing is written; otherwise outcomes per item', async () => {
    await register('fay');
    const head = await crm.head();
    const bad = await crm.post('/commands/batch', {
      commands: [
        { command: 'RecordContact', customerId: 'fay', body: { channel: 'web', direction: 'inbound', reason: 'a' } },
        { command: 'RecordContact', customerId: 'fay', body: { channel: 'pigeon', direction: 'inbound', reason: 'b' } },
      ],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.problems).toEqual([expect.objectContaining({ field: 'commands[1].body.channel' })]);
    expect(await crm.head()).toBe(head);

    const mixed = await crm.post('/commands/batch', {
      commands: [
        { command: 'RecordContact', customerId: 'fay', body: { channel: 'web', direction: 'inbound', reason: 'a' } },
        { command: 'RecordContact', customerId: 'nobody', body: { channel: 'web', direction: 'inbound', reason: 'b' } },
        { command: 'GiveFeedback', customerId: 'fay', body: { kind: 'csat', score: 5, channel: 'web' } },
      ],
    });
    expect(mixed.status).toBe(200);
    expect(mixed.body).toMatchObject({ succeeded: 2, failed: 1 });
    expect(mixed.body.results.map((r: { status: number }) => r.status)).toEqual([201, 404, 201]);
    expect(mixed.body.results[1].error).toMatchObject({ code: 'UNKNOWN_CUSTOMER' });
  });

  it('runs a partial batch: valid items are written, malformed ones are reported with field and reason', async () => {
    await register('gus');
    const head = await crm.head();
    const partial = await crm.post('/commands/batch?mode=partial', {
      commands: [
        { command: 'RecordContact', customerId: 'gus', body: { channel: 'web', direction: 'inbound', reason: 'a' } },
        { command: 'RecordContact', customerId: 'gus', body: { channel: 'pigeon', direction: 'inbound', reason: 'b' } },
        { command: 'GiveFeedback', body: { kind: 'csat', score: 5, channel: 'web' } },
        { command: 'RecordContact', customerId: 'nobody', body: { channel: 'web', direction: 'inbound', reason: 'c' } },
        { command: 'GiveFeedback', customerId: 'gus', body: { kind: 'csat', score: 4, channel: 'web' } },
      ],
    });
    expect(partial.status).toBe(200);
    expect(partial.body).toMatchObject({ mode: 'partial', succeeded: 2, failed: 3 });
    expect(partial.body.results.map((r: { status: number }) => r.status)).toEqual([201, 400, 400, 404, 201]);
    expect(partial.body.results[1].error.problems).toEqual([
      { field: 'commands[1].body.channel', reason: expect.stringContaining('must be one of') },
    ]);
    expect(partial.body.results[2].error.problems).toEqual([
      { field: 'commands[2].customerId', reason: 'GiveFeedback needs a customerId' },
    ]);
    expect(await crm.head()).toBe(head + 2);

    // An item whose own envelope fields are wrong (not a customer id, no such command) fails alone too.
    const envelope = [
      {
        command: 'RecordContact',
        customerId: 'has space',
        body: { channel: 'web', direction: 'inbound', reason: 'd' },
      },
      { command: 'RecordCall', customerId: 'gus', body: {} },
      { command: 'RecordContact', customerId: 'gus', body: { channel: 'web', direction: 'inbound', reason: 'e' } },
    ];
    const atomic = await crm.post('/commands/batch', { commands: envelope });
    expect([atomic.status, atomic.body.problems.map((p: { field: string }) => p.field)]).toEqual([
      400,
      ['commands[0].customerId', 'commands[1].command'],
    ]);
    expect(await crm.head()).toBe(head + 2);
    const alone = await crm.post('/commands/batch?mode=partial', { commands: envelope });
    expect(alone.body.results.map((r: { status: number }) => r.status)).toEqual([400, 400, 201]);
    expect(alone.body.results[0].error.problems).toEqual([
      { field: 'commands[0].customerId', reason: 'customerId must be a customer id' },
    ]);
    expect(await crm.head()).toBe(head + 3);

    const unknownMode = await crm.post('/commands/batch?mode=sometimes', {
      commands: [{ command: 'GiveFeedback', customerId: 'gus', body: { kind: 'csat', score: 3, channel: 'web' } }],
    });
    expect(unknownMode.status).toBe(400);
    expect(unknownMode.body).toMatchObject({ field: 'mode' });
    expect(await crm.head()).toBe(head + 3);
  });

  it('documents the batch request shape, its modes and examples in OpenAPI', async () => {
    const spec = await crm.get('/docs/openapi.json', null);
    const batch = spec.body.paths['/commands/batch'].post;
    expect(batch.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'mode', in: 'query' })]));
    expect(Object.keys(batch.requestBody.content['application/json'].examples)).toHaveLength(2);
    const item = spec.body.components.schemas.BatchItemDto;
    expect(Object.keys(item.properties)).toEqual(['command', 'customerId', 'caseId', 'idempotencyKey', 'body']);
  });

  it('serves the OpenAPI description at /docs', async () => {
    const spec = await crm.get('/docs/openapi.json', null);
    expect(spec.status).toBe(200);
    expect(Object.keys(spec.body.paths)).toEqual(
      expect.arrayContaining(['/customers', '/customers/{customerId}/contacts']),
    );
    const page = await crm.get('/docs', null);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('x-powered-by')).toBeNull();
  });
});
