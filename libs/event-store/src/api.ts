// What a hash-chain check reports, as the audit endpoints answer it. Types only, free of Node and
// storage, so the console imports them (`@ledger/event-store/api`) instead of copying them.

export type ChainBreakReason = 'content_altered' | 'chain_broken' | 'revision_gap' | 'hash_missing' | 'tail_missing';

export interface ChainBreak {
  streamId: string;
  revision: number;
  eventId: string;
  reason: ChainBreakReason;
  /** What the hash (or, for chain_broken, the prevHash) should be. */
  expected: string;
  stored: string | null;
  message: string;
}
