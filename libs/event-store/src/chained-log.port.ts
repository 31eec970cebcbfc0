// What a store with a global chain offers beyond the EventStore port: its chain, its stream
// heads as it records them, and the signed checkpoints made over it. The embedded SQLite store
// has it; EventStoreDB does not (yet), so checkpointing is off there (docs/audit.md).
import type { ChainEntry, GlobalHead, SignedCheckpoint } from './global-chain';

/** A stream's head as the store records it (what the next append will link to). */
export interface RecordedStreamHead {
  streamId: string;
  revision: number;
  lastHash: string | null;
}

export interface ChainedLog {
  /** Position and global hash of the last event; position 0 for an empty log. */
  globalHead(): Promise<GlobalHead>;
  /** Entries with position > fromPosition, in position order. */
  readChain(fromPosition: number, maxCount: number): Promise<ChainEntry[]>;
  /** Every stream's recorded head, in id order, after `after`. */
  streamHeads(after: string, limit: number): Promise<RecordedStreamHead[]>;
  saveCheckpoint(checkpoint: SignedCheckpoint): Promise<void>;
  /** Stored checkpoints in position order, after position `after`. */
  checkpoints(after: number, limit: number): Promise<SignedCheckpoint[]>;
}

export function isChainedLog(store: object): store is ChainedLog {
  const candidate = store as Partial<ChainedLog>;
  return typeof candidate.globalHead === 'function' && typeof candidate.saveCheckpoint === 'function';
}
