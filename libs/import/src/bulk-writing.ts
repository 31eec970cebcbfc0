// The stores and the bulk path of one writer of an embedded data directory: the embedded sink's
// own, or one of its writer threads' (writer-threads.ts). Same validation, deciders and event
// store as the CRM; the customers' states kept between chunks belong to the writer that writes
// their streams, so each customer has exactly one writer.
import { loadConfig, systemClock } from '@ledger/config';
import {
  BulkCommandWriter,
  CommandExecutor,
  OwnedCustomerStates,
  type BatchItemResult,
} from '@ledger/commands/embedded';
import type { PreparedUnit } from '@ledger/commands/batch-prepare';
import { openPersonalDataVault } from '@ledger/personal-data/embedded-vault';
import { mkdirSync } from 'node:fs';
import { SqliteEventStore, eventStoreFile, type SqliteEventStoreStats } from '@ledger/event-store-sqlite';
import type { UnitOutcome } from './sinks';

export interface BulkWriting {
  writer: BulkCommandWriter;
  store: SqliteEventStore;
  states: OwnedCustomerStates;
  close(): Promise<void>;
}

export interface BulkWritingOptions {
  /**
   * 'exclusive': the sink, which keeps the data directory to itself for the whole import;
   * 'none': its writer threads, which write under that lock.
   */
  lock: 'exclusive' | 'none';
  /** Bound on the customers' decider states kept between chunks (OwnedCustomerStates' default if absent). */
  stateCacheBytes?: number;
}

/** What a writer has written: transactions (one fsync each), appends, events, and the states it keeps. */
export type WriterStats = SqliteEventStoreStats & { statesKept: number; statesBytes: number };

/**
 * How long a writer thread waits for the store (or the key store) its siblings are committing to.
 * Under the sink's exclusive lock only they can be in the way, and each commit ends: a slow disk
 * makes the wait longer, never a reason to fail the import.
 */
const SIBLING_WAIT_MS = 10 * 60_000;

export function openBulkWriting(
  dataDir: string,
  env: Record<string, string | undefined>,
  options: BulkWritingOptions,
): BulkWriting {
  const config = loadConfig({ ...env, CRM_DATA_DIR: dataDir });
  mkdirSync(config.dataDir, { recursive: true });
  const waits = options.lock === 'none' ? { busyTimeoutMs: SIBLING_WAIT_MS } : {};
  // A chunk of 1,000 rows makes up to ~2,000 appends (rows and first-seen customers): one transaction.
  const store = SqliteEventStore.open({
    file: eventStoreFile(config.dataDir),
    synchronous: config.durability,
    maxBatch: 5000,
    lock: options.lock,
    ...waits,
  });
  let vault;
  try {
    vault = openPersonalDataVault(config.dataDir, waits);
  } catch (error) {
    void store.close(); // its lock with it
    throw error;
  }
  const executor = new CommandExecutor(store, config, systemClock, vault);
  const states = new OwnedCustomerStates(store, vault, { maxBytes: options.stateCacheBytes });
  const writer = new BulkCommandWriter(
    store,
    vault,
    config,
    systemClock,
    (command, commandOptions) => executor.execute(command, commandOptions),
    states,
  );
  const openVault = vault;
  return {
    writer,
    store,
    states,
    close: async () => {
      await store.close();
      await openVault.close();
    },
  };
}

export function sumOfStats(all: WriterStats[]): WriterStats {
  const sum: WriterStats = { transactions: 0, appends: 0, events: 0, statesKept: 0, statesBytes: 0 };
  for (const stats of all) for (const key of Object.keys(sum) as (keyof WriterStats)[]) sum[key] += stats[key];
  return sum;
}

export function writerStats(writing: BulkWriting): WriterStats {
  const { states, bytes } = writing.states.size;
  return { ...writing.store.stats(), statesKept: states, statesBytes: bytes };
}

/** Each unit's outcome: its items' results, in order, with what the mapping noted; or why it was not mapped. */
export function unitOutcomes(prepared: PreparedUnit[], results: BatchItemResult[]): UnitOutcome[] {
  let offset = 0;
  return prepared.map((unit) =>
    'items' in unit ? { results: results.slice(offset, (offset += unit.items.length)), notes: unit.notes } : unit,
  );
}

/** The items of the units that were mapped, as one chunk for the bulk path. */
export const itemsOf = (prepared: PreparedUnit[]) => prepared.flatMap((unit) => ('items' in unit ? unit.items : []));
