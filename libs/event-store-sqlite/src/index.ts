export * from './sqlite-event-store';
export type { SqliteEventStoreStats } from './sqlite-batch-writer';
export { UnsupportedEventStoreFile, type SqliteSynchronous } from './sqlite-schema';
export * from './data-dir';
export { EventStoreInUse, StoreLock, type StoreLockMode } from './store-lock';
// The benchmark's disk ceiling writes rows through the same schema and pragmas as the store.
export { openDatabase } from './sqlite-schema';
