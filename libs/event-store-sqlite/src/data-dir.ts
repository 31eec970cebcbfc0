// Where the embedded event store lives in a data directory; shared by the apps' composition
// root and the offline tools (the verify CLI) so both open the same file the same way.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteEventStore, type SqliteEventStoreOptions } from './sqlite-event-store';
import type { SqliteSynchronous } from './sqlite-schema';

/** The event store's file in a data directory. */
export const eventStoreFile = (dataDir: string): string => join(dataDir, 'events.sqlite');

/** Whether `dataDir` holds an event store: the offline tools refuse one that does not. */
export const holdsEventStore = (dataDir: string): boolean => existsSync(eventStoreFile(dataDir));

/**
 * The embedded event store of a data directory. Offline tools (verify) pass `mustExist`, so that
 * a mistyped directory is refused instead of becoming an empty store.
 */
export function openEmbeddedEventStore(
  dataDir: string,
  durability: SqliteSynchronous = 'FULL',
  options: Pick<SqliteEventStoreOptions, 'mustExist' | 'lock'> = {},
): SqliteEventStore {
  if (!options.mustExist) mkdirSync(dataDir, { recursive: true });
  return SqliteEventStore.open({
    file: eventStoreFile(dataDir),
    synchronous: durability,
    mustExist: options.mustExist,
    lock: options.lock,
  });
}

/**
 * A data directory's store for a tool that only reads it (verify, export, a backup's description):
 * it reads a snapshot, so it takes no lock: it neither waits for an import nor keeps one out.
 */
export const openEventStoreToRead = (dataDir: string): SqliteEventStore =>
  openEmbeddedEventStore(dataDir, 'FULL', { mustExist: true, lock: 'none' });
