// A large read-model population for the query scenario, built in minutes rather than hours:
// a generated history of `seedCustomers` is projected for real (ProjectionRunner), then each
// customer's operational-view and analytics documents are cloned under new ids until there are
// `customers`. The clones are real document shapes with realistic value spreads, but they are
// not backed by events: a fixture for timing queries, not a valid read model to rebuild.
//
// The clones are written by SQLite itself, straight into the embedded read store's file (as
// read-checkpoints.ts reads it): committing a million documents through the adapter would keep
// every one of them in this process's memory as well, which is what the CRM process is for.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteEventStore } from '@ledger/event-store-sqlite';
import { PROJECTIONS, ProjectionRunner } from '@ledger/projection-runner';
import type { CampaignDoc, CustomerAnalytics } from '@ledger/projections';
import { EmbeddedReadStore } from '@ledger/read-store-embedded';
import { fillStore } from './history';

const CLONED = ['operational_view', 'customer_analytics'];
/** The embedded read store's schema version the statements below are written for. */
const READ_STORE_SCHEMA = 1;
const SAMPLE_EVERY = 997;

export interface Population {
  customers: number;
  seedEvents: number;
  campaignIds: string[];
  campaigns: CampaignDoc[];
  sampleIds: string[];
  /** The generated customers (event streams behind them), for commands during the run. */
  seedCustomerIds: string[];
  /** The analytics documents as stored (seeds and clones, in id order of the seeds' clones), built on demand. */
  analytics(): CustomerAnalytics[];
}

async function caughtUp(runner: ProjectionRunner, head: number): Promise<void> {
  while (PROJECTIONS.some((p) => runner.checkpoint(p.name) < head)) await new Promise((r) => setTimeout(r, 20));
}

const cloneId = (i: number): string => `syn-${String(i).padStart(9, '0')}`;

/** Clone i of a collection copies seed i mod (number of seeds); ids from the number of seeds up. */
function cloneIndexes(seeds: number, customers: number): { from: number; to: number } {
  return { from: seeds, to: Math.max(seeds, customers) };
}

export async function buildPopulation(dataDir: string, customers: number, seedCustomers: number): Promise<Population> {
  const file = join(dataDir, 'read-models.sqlite');
  const store = SqliteEventStore.open({ file: join(dataDir, 'events.sqlite'), synchronous: 'NORMAL' });
  const reads = EmbeddedReadStore.open({ file });
  const seedEvents = await fillStore(store, seedCustomers * 30);
  const head = await store.headPosition();
  const runner = new ProjectionRunner(store, reads);
  await runner.onApplicationBootstrap();
  await caughtUp(runner, head);
  await runner.onApplicationShutdown();
  const analyticsSeeds: CustomerAnalytics[] = [];
  for await (const page of reads.scan<CustomerAnalytics>('customer_analytics', 1000)) analyticsSeeds.push(...page);
  const campaigns: CampaignDoc[] = [];
  for await (const page of reads.scan<CampaignDoc>('campaigns', 1000)) campaigns.push(...page);
  await store.close();
  await reads.close();

  const sampleIds = cloneInSqlite(file, customers);
  return {
    customers,
    seedEvents,
    campaignIds: campaigns.map((c) => c.id),
    campaigns,
    sampleIds,
    seedCustomerIds: analyticsSeeds.map((doc) => doc.customerId),
    analytics: () => {
      const { from, to } = cloneIndexes(analyticsSeeds.length, customers);
      const docs = [...analyticsSeeds];
      for (let i = from; i < to; i++) {
        const seed = analyticsSeeds[i % analyticsSeeds.length];
        docs.push({ ...seed, id: cloneId(i), customerId: cloneId(i) });
      }
      return docs;
    },
  };
}

/** Clones every seed document of CLONED, round after round, in SQL; returns some operational-view ids. */
function cloneInSqlite(file: string, customers: number): string[] {
  const db = new Database(file);
  try {
    const version = db.pragma('user_version', { simple: true });
    if (version !== READ_STORE_SCHEMA) {
      throw new Error(
        `read store schema ${String(version)}: synthetic-population.ts clones schema ${READ_STORE_SCHEMA}`,
      );
    }
    // Seeds in id order get numbers 0.. (row_number); a round clones seed k as `syn-<offset + k>`.
    const round = db.prepare<[number, number, number, number, string, number]>(
      `INSERT INTO documents (collection, id, last_position, body)
       SELECT collection, printf('syn-%09d', ? + seed.k), last_position,
              CASE WHEN json_type(body, '$.customerId') IS NULL
                   THEN json_set(body, '$.id', printf('syn-%09d', ? + seed.k))
                   ELSE json_set(body, '$.id', printf('syn-%09d', ? + seed.k), '$.customerId', printf('syn-%09d', ? + seed.k)) END
       FROM (SELECT collection, last_position, body, row_number() OVER (ORDER BY id) - 1 AS k
             FROM documents WHERE collection = ? AND id NOT LIKE 'syn-%') AS seed
       WHERE seed.k < ?`,
    );
    const seedCount = db.prepare<[string], number>(
      `SELECT count(*) FROM documents WHERE collection = ? AND id NOT LIKE 'syn-%'`,
    );
    const sampleIds: string[] = [];
    for (const collection of CLONED) {
      const seeds = seedCount.pluck().get(collection) ?? 0;
      const { from, to } = cloneIndexes(seeds, customers);
      db.transaction(() => {
        for (let offset = from; offset < to; offset += seeds) {
          const limit = Math.min(seeds, to - offset);
          round.run(offset, offset, offset, offset, collection, limit);
        }
      })();
      if (collection === 'operational_view') {
        for (let i = from; i < to; i++) if (i % SAMPLE_EVERY === 0) sampleIds.push(cloneId(i));
      }
    }
    return sampleIds;
  } finally {
    db.close();
  }
}
