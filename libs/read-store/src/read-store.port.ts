// The read-store port: disposable documents built by projections, each with the position
// it last applied, and a checkpoint per projection stored with (or after) the documents.
// Adapters: embedded (SQLite-backed, in-memory index) and MongoDB; both pass read-store.contract.ts.

/** Every stored document carries its key and the last global position applied to it. */
export interface ReadDocument {
  id: string;
  lastPosition: number;
}

/** A small, Mongo-compatible filter language: equality, $in, $ne, $gt/$gte/$lt/$lte, $exists; dotted paths. */
export type FieldCondition =
  | string
  | number
  | boolean
  | null
  | { $in?: unknown[]; $ne?: unknown; $gt?: number | string; $gte?: number | string; $lt?: number | string; $lte?: number | string; $exists?: boolean };
export type Filter = Record<string, FieldCondition>;

export interface FindOptions {
  filter?: Filter;
  /** Field path → 1 ascending / -1 descending; ties are broken by id ascending. */
  sort?: Record<string, 1 | -1>;
  skip?: number;
  limit?: number;
}

export interface ReadStore {
  /** Prepares a collection (and its indexes, for adapters that have them). Idempotent. */
  ensureCollection(collection: string, indexes?: string[]): Promise<void>;
  get<T extends ReadDocument>(collection: string, id: string): Promise<T | null>;
  getMany<T extends ReadDocument>(collection: string, ids: string[]): Promise<Map<string, T>>;
  /**
   * Writes documents and then the checkpoint, so the checkpoint is never ahead of the data.
   * A document is only replaced when its lastPosition is greater than the stored one
   * (a replayed event changes nothing).
   */
  commit(collection: string, documents: ReadDocument[], checkpoint: number): Promise<void>;
  checkpoint(collection: string): Promise<number>;
  find<T extends ReadDocument>(collection: string, options?: FindOptions): Promise<T[]>;
  count(collection: string, filter?: Filter): Promise<number>;
  /** Streams every document in id order, in pages. */
  scan<T extends ReadDocument>(collection: string, pageSize?: number): AsyncIterable<T[]>;
  /** Drops a collection with its checkpoint (used by rebuilds). */
  drop(collection: string): Promise<void>;
  /** Atomically makes `from`'s documents and checkpoint the content of `to`, dropping `from`. */
  rename(from: string, to: string): Promise<void>;
  close(): Promise<void>;
}
