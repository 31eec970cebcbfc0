// "Why is this customer in this segment?" agrees with /segments when customers are merged: the
// top survivor of a two-level merge is explained with the group's combined purchases and the
// same scores the analysts' list shows, its members say whom they are counted under, and a
// customer outside the group gets the quintiles of the population as /segments counts it.
import { CrmUnderTest } from './test-support/crm-under-test';
import { HistoryWriter } from './test-support/history-writer';

interface Listed {
  customerId: string;
  r: number;
  f: number;
  m: number;
  rfmSegment: string;
  recencyDays: number;
  frequency: number;
  monetary: number;
}

describe('crm: segment provenance of merged customers', () => {
  let crm: CrmUnderTest;
  // One bag of beans on the web for the amount given, on the date given.
  const { buy } = new HistoryWriter(() => crm);
  beforeAll(async () => {
    crm = await CrmUnderTest.start();
  });
  afterAll(() => crm.stop());

  it('explains the survivor with its group, and sends the members to it', async () => {
    const asOf = '2026-06-01T00:00:00.000Z';
    const people = ['p-a', 'p-b', 'p-c', 'p-w', 'p-x', 'p-y', 'p-z'];
    for (const customerId of people) {
      await crm.post('/customers', {
        customerId,
        kind: 'person',
        name: `Ada ${customerId}`,
        occurredAt: '2026-01-02T00:00:00Z',
      });
    }
    await buy('p-a', '2026-02-01T10:00:00Z', 10);
    await buy('p-b', '2026-03-01T10:00:00Z', 40);
    await buy('p-c', '2026-05-01T10:00:00Z', 70);
    await buy('p-w', '2026-02-10T10:00:00Z', 15);
    await buy('p-x', '2026-04-10T10:00:00Z', 25);
    await buy('p-x', '2026-04-20T10:00:00Z', 25);
    await buy('p-y', '2026-03-15T10:00:00Z', 60);
    await buy('p-z', '2026-01-15T10:00:00Z', 5);
    const merge = (survivor: string, merged: string) =>
      crm.post(`/customers/${survivor}/merges`, { mergedCustomerId: merged, occurredAt: '2026-05-10T00:00:00Z' });
    expect((await merge('p-b', 'p-c')).status).toBe(201);
    const last = await merge('p-a', 'p-b');
    expect(last.status).toBe(201);

    const { body } = await crm.get(`/customers?limit=100&asOf=${asOf}&minPosition=${last.body.position}`, 'analyst');
    const listed = new Map<string, Listed>(body.items.map((item: Listed) => [item.customerId, item]));
    expect([...listed.keys()].sort()).toEqual(['p-a', 'p-w', 'p-x', 'p-y', 'p-z']);
    const why = async (id: string) =>
      (await crm.get(`/audit/customers/${id}/provenance?segment=true&asOf=${asOf}`, 'auditor')).body;

    const survivor = await why('p-a');
    expect(survivor.mergedCustomers.sort()).toEqual(['p-b', 'p-c']);
    expect(
      survivor.behind.purchases.map((p: { customerId: string; amount: number }) => [p.customerId, p.amount]),
    ).toEqual([
      ['p-a', 10],
      ['p-b', 40],
      ['p-c', 70],
    ]);
    expect(survivor.populationSize).toBe(listed.size);
    for (const id of ['p-a', 'p-w', 'p-x', 'p-y', 'p-z']) {
      const { score } = id === 'p-a' ? survivor : await why(id);
      const item = listed.get(id) as Listed;
      const pick = (s: Listed) => [s.r, s.f, s.m, s.rfmSegment, s.recencyDays, s.frequency, s.monetary];
      expect([id, ...pick(score)]).toEqual([id, ...pick(item)]);
    }
    for (const id of ['p-b', 'p-c']) {
      expect(await why(id)).toMatchObject({ score: null, mergedInto: 'p-a' });
    }
    // Before the merges' business time each counts alone, as /segments has them then.
    const early = await crm.get(`/audit/customers/p-c/provenance?segment=true&asOf=2026-05-05T00:00:00Z`, 'auditor');
    expect(early.body.score).toMatchObject({ customerId: 'p-c', frequency: 1, monetary: 70 });
  });
});
