// A merged customer group counts once in the analysts' answers, end to end: after a merge the
// segments count one customer, the lists show the survivor with both histories and not the
// customer merged away (whose signals name the survivor); a date before the merge still shows
// two; the unmerge restores both exactly.
import { CrmUnderTest } from './test-support/crm-under-test';
import { HistoryWriter } from './test-support/history-writer';

describe('crm: a merged customer group in segments and lists', () => {
  let crm: CrmUnderTest;
  // One bag of beans on the web for the amount given, on the date given.
  const { buy } = new HistoryWriter(() => crm);
  beforeAll(async () => {
    crm = await CrmUnderTest.start();
  });
  afterAll(() => crm.stop());

  const listed = async (position: number) => {
    const { body } = await crm.get(`/customers?limit=100&minPosition=${position}`, 'analyst');
    return new Map<string, { frequency: number; monetary: number; recencyDays: number }>(
      body.items.map((item: { customerId: string; frequency: number; monetary: number; recencyDays: number }) => [
        item.customerId,
        item,
      ]),
    );
  };
  const customers = async (query: string) => (await crm.get(`/segments?${query}`, 'analyst')).body.customers;

  it('counts the group once from the merge on, and both again after the unmerge', async () => {
    for (const customerId of ['web-9', 'cc-9', 'other-9']) {
      await crm.post('/customers', { customerId, kind: 'person', name: `Ada ${customerId}` });
    }
    await buy('web-9', '2026-03-01T10:00:00Z', 20);
    await buy('cc-9', '2026-03-05T10:00:00Z', 30);
    const last = await buy('other-9', '2026-03-02T10:00:00Z', 5);
    const before = await listed(last.body.position);
    expect([...before.keys()].sort()).toEqual(['cc-9', 'other-9', 'web-9']);
    expect(await customers(`minPosition=${last.body.position}`)).toBe(3);

    const merge = await crm.post('/customers/web-9/merges', { mergedCustomerId: 'cc-9' });
    expect(merge.status).toBe(201);
    const merged = await listed(merge.body.position);
    expect([...merged.keys()].sort()).toEqual(['other-9', 'web-9']);
    expect(merged.get('web-9')).toMatchObject({ frequency: 2, monetary: 50 });
    expect(merged.get('web-9')?.recencyDays).toBe(before.get('cc-9')?.recencyDays);
    expect(await customers(`minPosition=${merge.body.position}`)).toBe(2);
    // The merge is recorded now: a date before it still counts two customers.
    expect(await customers('asOf=2026-06-01')).toBe(3);
    const signals = await crm.get(`/customers/cc-9/signals?minPosition=${merge.body.position}`, 'agent');
    expect(signals.body).toMatchObject({ customerId: 'cc-9', mergedInto: 'web-9', why: { frequency: 1 } });
    const survivor = await crm.get('/customers/web-9/signals', 'agent');
    expect(survivor.body).toMatchObject({ mergedCustomers: ['cc-9'], why: { frequency: 2, monetary: 50 } });

    const unmerge = await crm.post('/customers/web-9/unmerges', { mergedCustomerId: 'cc-9' });
    expect(unmerge.status).toBe(201);
    const after = await listed(unmerge.body.position);
    expect(after).toEqual(before);
    expect(await customers(`minPosition=${unmerge.body.position}`)).toBe(3);
  });
});
