export { EsdbEventStore, type EsdbEventStoreOptions } from './esdb-event-store';
export { EsdbNumberOutOfRange, EsdbUnreadableEvent, EsdbUnsupportedPosition, EventIdClaimPending } from './esdb-errors';
export type { BackoffOptions } from '@ledger/retry';
