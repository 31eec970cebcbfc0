// What both MongoDB adapters of the sign-in store write with.
import type { WriteConcernSettings } from 'mongodb';

/** A write is acknowledged only once it would survive the primary's crash. */
export const DURABLE: WriteConcernSettings = { w: 'majority', journal: true };

/** The insert lost to another of the same `_id`: the one atomic decision every MongoDB-wire server makes. */
export const isDuplicate = (error: unknown): boolean => (error as { code?: number }).code === 11000;
