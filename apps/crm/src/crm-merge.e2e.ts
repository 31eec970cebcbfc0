// Reversible merge end to end: two records of one person, merged (the survivor's 360 shows both
// histories), unmerged (both 360s exactly as before), audited, and erased together; and a
// survivor merged in turn into a third customer, with its whole group.
import { CrmUnderTest } from './test-support/crm-under-test';

describe('crm: merging duplicate customers, reversibly', () => {
  let crm: CrmUnderTest;
  beforeAll(async () => {
    crm = await CrmUnderTest.start();
  });
  afterAll(() => crm.stop());

  /** The 360 without what moves with every event or read. */
  const view = async (id: string, position: number) => {
    const { body } = await crm.get(`/customers/${id}?minPosition=${position}&now=2026-06-01T00:00:00Z`, 'agent');
    const { lastPosition: _p, updatedAt: _u, readAt: _r, ...rest } = body;
    return rest;
  };

  it('merges, shows both histories under the survivor, unmerges exactly, and erases both', async () => {
    await crm.post('/customers', {
      customerId: 'web-1',
      kind: 'person',
      name: 'Ada Lovelace',
      email: 'ada@example.com',
    });
    await crm.post('/customers/web-1/purchases', {
      orderId: 'o-1',
      lines: [{ sku: 'TEA', quantity: 2, unitPrice: 5.5 }],
      currency: 'EUR',
      channel: 'web',
      occurredAt: '2026-03-01T10:00:00Z',
    });
    await crm.post('/customers', {
      customerId: 'cc-7',
      kind: 'person',
      name: 'Lovelace, Ada',
      email: 'ada@example.com',
    });
    await crm.post('/customers/cc-7/contacts', {
      channel: 'phone',
      direction: 'inbound',
      reason: 'where is my tea',
      occurredAt: '2026-03-02T10:00:00Z',
    });
    const last = await crm.post('/customers/cc-7/purchases', {
      orderId: 'o-9',
      lines: [{ sku: 'CUP', quantity: 1, unitPrice: 9 }],
      currency: 'EUR',
      channel: 'phone',
      occurredAt: '2026-03-03T10:00:00Z',
    });
    const before = {
      survivor: await view('web-1', last.body.position),
      merged: await view('cc-7', last.body.position),
    };

    const merge = await crm.post('/customers/web-1/merges', { mergedCustomerId: 'cc-7' });
    expect(merge.status).toBe(201);
    expect(merge.body.events.map((e: { type: string }) => e.type)).toEqual(['CustomersMerged']);
    const combined = await view('web-1', merge.body.position);
    expect(combined.totals).toMatchObject({ purchases: 2, spend: 20, netSpend: 20 });
    expect(combined.lastContacts.map((c: { reason: string }) => c.reason)).toEqual(['where is my tea']);
    expect(combined.mergedCustomers).toEqual([{ customerId: 'cc-7', name: 'Lovelace, Ada' }]);
    // The customer merged away keeps their own 360, identical but for where they went.
    expect(await view('cc-7', merge.body.position)).toEqual({
      ...before.merged,
      mergedInto: { customerId: 'web-1', name: 'Ada Lovelace' },
    });
    const found = await crm.get(`/customers/search?q=lovelace&minPosition=${merge.body.position}`, 'agent');
    const results = new Map(
      found.body.results.map((r: { customerId: string; mergedInto?: unknown }) => [r.customerId, r.mergedInto]),
    );
    expect(results).toEqual(
      new Map([
        ['web-1', undefined],
        ['cc-7', { customerId: 'web-1', name: 'Ada Lovelace' }],
      ]),
    );
    expect((await crm.post('/customers/cc-7/merges', { mergedCustomerId: 'web-1' })).body).toMatchObject({
      code: 'MERGE_CYCLE',
    });

    const history = await crm.get('/audit/customers/web-1/events', 'auditor');
    expect(history.body.events.map((e: { type: string }) => e.type)).toContain('CustomersMerged');

    const unmerge = await crm.post('/customers/web-1/unmerges', { mergedCustomerId: 'cc-7' });
    expect(unmerge.status).toBe(201);
    expect(await view('web-1', unmerge.body.position)).toEqual(before.survivor);
    expect(await view('cc-7', unmerge.body.position)).toEqual(before.merged);
    expect((await crm.post('/customers/web-1/unmerges', { mergedCustomerId: 'cc-7' })).body).toMatchObject({
      code: 'NOT_MERGED',
    });

    await crm.post('/customers/web-1/merges', { mergedCustomerId: 'cc-7' });
    const erased = await crm.post('/customers/web-1/erasure', { reason: 'GDPR art. 17' }, 'admin');
    expect(erased.status).toBe(201);
    const head = await crm.head();
    expect((await view('cc-7', head)).erased).toBe(true);
    expect((await view('cc-7', head)).profile.name).toBeNull();
  });
  it('merges a survivor with its group into a third customer, and unmerges one level exactly', async () => {
    const register = (customerId: string) =>
      crm.post('/customers', { customerId, kind: 'person', name: `Grace ${customerId}` });
    const buy = (customerId: string, orderId: string, unitPrice: number) =>
      crm.post(`/customers/${customerId}/purchases`, {
        orderId,
        lines: [{ sku: 'INK', quantity: 1, unitPrice }],
        currency: 'EUR',
        channel: 'web',
        occurredAt: '2026-04-01T10:00:00Z',
      });
    await register('g-a');
    await buy('g-a', 'a-1', 10);
    await register('g-b');
    await crm.post('/customers/g-b/contacts', {
      channel: 'email',
      direction: 'inbound',
      reason: 'refill',
      occurredAt: '2026-04-02T10:00:00Z',
    });
    await register('g-c');
    const last = await buy('g-c', 'c-1', 30);
    const cBefore = await view('g-c', last.body.position);

    const first = await crm.post('/customers/g-a/merges', { mergedCustomerId: 'g-b' });
    expect(first.status).toBe(201);
    const aWithB = await view('g-a', first.body.position);
    const second = await crm.post('/customers/g-c/merges', { mergedCustomerId: 'g-a' });
    expect(second.status).toBe(201);
    const all = await view('g-c', second.body.position);
    expect(all.totals).toMatchObject({ purchases: 2, spend: 40 });
    expect(all.lastContacts.map((c: { reason: string }) => c.reason)).toEqual(['refill']);
    expect(all.mergedCustomers.map((m: { customerId: string }) => m.customerId).sort()).toEqual(['g-a', 'g-b']);
    // g-a's own 360 still shows its group, one level below, and names the top survivor; so does g-b's.
    expect(await view('g-a', second.body.position)).toEqual({
      ...aWithB,
      mergedInto: { customerId: 'g-c', name: 'Grace g-c' },
    });
    expect((await view('g-b', second.body.position)).mergedInto).toEqual({ customerId: 'g-c', name: 'Grace g-c' });

    const circle = await crm.post('/customers/g-b/merges', { mergedCustomerId: 'g-c' });
    expect(circle.body).toMatchObject({ code: 'MERGE_CYCLE', field: 'mergedCustomerId' });
    const twice = await crm.post('/customers/g-c/merges', { mergedCustomerId: 'g-b' });
    expect(twice.body).toMatchObject({ code: 'ALREADY_MERGED', field: 'mergedCustomerId' });

    const undo = await crm.post('/customers/g-c/unmerges', { mergedCustomerId: 'g-a' });
    expect(undo.status).toBe(201);
    expect(await view('g-c', undo.body.position)).toEqual(cBefore);
    expect(await view('g-a', undo.body.position)).toEqual(aWithB);
    expect((await view('g-b', undo.body.position)).mergedInto).toEqual({ customerId: 'g-a', name: 'Grace g-a' });

    await crm.post('/customers/g-c/merges', { mergedCustomerId: 'g-a' });
    await crm.post('/customers/g-c/erasure', { reason: 'GDPR art. 17' }, 'admin');
    const head = await crm.head();
    for (const id of ['g-a', 'g-b', 'g-c']) expect((await view(id, head)).erased).toBe(true);
  });
});
