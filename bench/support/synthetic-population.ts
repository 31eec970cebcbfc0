// A large read-model population for the query scenario, built in minutes rather than hours:
// a generated history of `seedCustomers` is projected for real (ProjectionRunner), then each
// customer's operational-view and analytics documents are cloned under new ids until there are
// `customers`. The clones are real document shapes with realistic value spreads, but they are
// not backed by events: a fixture for timing queries, not a valid read model to rebuild.
import { join } from 'node:path';
import { SqliteEventStore } from '@ledger/event-store-sqlite';
import { PROJECTIONS, ProjectionRunner } from '@ledger/projection-runner';
import type { ReadDocument } from '@ledger/read-store';
import { EmbeddedReadStore } from '@ledger/read-store-embedded';
import { fillStore } from './history';

const CLONED = ['operational_view', 'customer_analytics'];

export interface Population {
  customers: number;
  seedEvents: number;
  campaignIds: string[];
  sampleIds: string[];
}

async function caughtUp(runner: ProjectionRunner, head: number): Promise<void> {
  while (PROJECTIONS.some((p) => runner.checkpoint(p.name) < head)) await new Promise((r) => setTimeout(r, 20));
}

export async function buildPopulation(dataDir: string, customers: number, seedCustomers: number): Promise<Population> {
  const store = SqliteEventStore.open({ file: join(dataDir, 'events.sqlite'), synchronous: 'NORMAL' });
  const reads = EmbeddedReadStore.open({ file: join(dataDir, 'read-models.sqlite') });
  const seedEvents = await fillStore(store, seedCustomers * 30);
  const head = await store.headPosition();
  const runner = new ProjectionRunner(store, reads);
  await runner.onApplicationBootstrap();
  await caughtUp(runner, head);
  await runner.onApplicationShutdown();

  const sampleIds: string[] = [];
  for (const collection of CLONED) {
    const seeds: ReadDocument[] = [];
    for await (const page of reads.scan(collection, 1000)) seeds.push(...page);
    const customerSeeds = seeds.filter((doc) => 'customerId' in doc || collection === 'customer_analytics');
    for (let start = seeds.length; start < customers; start += 5000) {
      const batch: ReadDocument[] = [];
      for (let i = start; i < Math.min(customers, start + 5000); i++) {
        const seed = customerSeeds[i % customerSeeds.length];
        const id = `syn-${i}`;
        batch.push({ ...seed, id, ...('customerId' in seed ? { customerId: id } : {}) });
        if (collection === 'operational_view' && i % 997 === 0) sampleIds.push(id);
      }
      await reads.commit(collection, batch, head);
    }
  }
  const campaignIds: string[] = [];
  for await (const page of reads.scan('campaigns', 1000)) campaignIds.push(...page.map((d) => d.id));
  await store.close();
  await reads.close();
  return { customers, seedEvents, campaignIds, sampleIds };
}
