export * from './sqlite-event-store';
export type { SqliteEventStoreStats } from './sqlite-batch-writer';
export { UnsupportedEventStoreFile, type SqliteSynchronous } from './sqlite-schema';
export * from './data-dir';
