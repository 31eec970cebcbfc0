// One person, one survivor, end to end: a customer merged into one survivor is refused by a
// second until unmerged, a customer merged away takes no merges (its survivor does), and every
// refusal is a 422 naming the field and the reason, with nothing written.
import { CrmUnderTest } from './test-support/crm-under-test';

describe('crm: merge rules', () => {
  let crm: CrmUnderTest;
  beforeAll(async () => {
    crm = await CrmUnderTest.start();
  });
  afterAll(() => crm.stop());

  it('refuses a second survivor and merging into a customer merged away, writing nothing', async () => {
    for (const customerId of ['r-a', 'r-b', 'r-c', 'r-d']) {
      await crm.post('/customers', { customerId, kind: 'person', name: `Ada ${customerId}` });
    }
    expect((await crm.post('/customers/r-a/merges', { mergedCustomerId: 'r-c' })).status).toBe(201);
    const head = await crm.head();

    const second = await crm.post('/customers/r-b/merges', { mergedCustomerId: 'r-c' });
    expect(second.status).toBe(422);
    expect(second.body).toMatchObject({ code: 'MERGED_ELSEWHERE', field: 'mergedCustomerId' });
    expect(second.body.message).toContain("'r-a'");
    const intoMergedAway = await crm.post('/customers/r-c/merges', { mergedCustomerId: 'r-d' });
    expect(intoMergedAway.status).toBe(422);
    expect(intoMergedAway.body).toMatchObject({ code: 'SURVIVOR_MERGED_AWAY', field: 'customerId' });
    expect(await crm.head()).toBe(head);

    // The survivor with its group may go under another customer; the rule then names the top.
    expect((await crm.post('/customers/r-d/merges', { mergedCustomerId: 'r-a' })).status).toBe(201);
    const deeper = await crm.post('/customers/r-a/merges', { mergedCustomerId: 'r-b' });
    expect(deeper.body).toMatchObject({ code: 'SURVIVOR_MERGED_AWAY', field: 'customerId' });
    expect(deeper.body.message).toContain("'r-d'");

    expect((await crm.post('/customers/r-a/unmerges', { mergedCustomerId: 'r-c' })).status).toBe(201);
    expect((await crm.post('/customers/r-b/merges', { mergedCustomerId: 'r-c' })).status).toBe(201);
  });
});
