export * from './kafka-messaging';
/** Moved to the messaging port; re-exported for code written before. */
export type { PartitionLag } from '@ledger/messaging';
