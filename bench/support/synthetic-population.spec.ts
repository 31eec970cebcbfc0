// The clones SQLite writes are what the embedded read store serves, and what `analytics()` hands
// the in-process timings: the same documents under the same ids.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CustomerAnalytics, OperationalView } from '@ledger/projections';
import { EmbeddedReadStore } from '@ledger/read-store-embedded';
import { buildPopulation } from './synthetic-population';

jest.setTimeout(60_000);

describe('buildPopulation', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'ledger-population-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('clones seed documents under new ids until there are as many customers as asked', async () => {
    const population = await buildPopulation(dir, 1200, 20);
    const reads = EmbeddedReadStore.open({ file: join(dir, 'read-models.sqlite') });
    try {
      const stored: CustomerAnalytics[] = [];
      for await (const page of reads.scan<CustomerAnalytics>('customer_analytics')) stored.push(...page);
      const built = population.analytics();
      expect(stored).toHaveLength(1200);
      const byId = (docs: CustomerAnalytics[]) => [...docs].sort((a, b) => (a.id < b.id ? -1 : 1));
      expect(byId(built)).toEqual(byId(stored));
      const seed = stored.find((doc) => !doc.id.startsWith('syn-')) as CustomerAnalytics;
      const clones = stored.filter((doc) => doc.id.startsWith('syn-'));
      expect(clones.every((doc) => doc.customerId === doc.id)).toBe(true);
      expect(
        clones.some(
          (doc) => JSON.stringify({ ...doc, id: seed.id, customerId: seed.customerId }) === JSON.stringify(seed),
        ),
      ).toBe(true);

      expect(await reads.count('operational_view')).toBe(1200);
      expect(population.sampleIds.length).toBeGreaterThan(0);
      for (const id of population.sampleIds) {
        expect((await reads.get<OperationalView>('operational_view', id))?.customerId).toBe(id);
      }
    } finally {
      await reads.close();
    }
  });
});
