// The read-store port: disposable documents built by projections, each with the position
// it last applied, and a checkpoint per projection stored with (or after) the documents.
// Adapters: embedded (SQLite-backed, in-memory index) and MongoDB; both pass read-store.contract.ts.

/**
 * Every stored document carries its key and the last global position applied to it.
 * Documents are JSON: values JSON cannot hold (undefined, BigInt, NaN, Date, functions) are
 * outside the contract. Documents handed out are read-only: an adapter may share one object
 * between callers (the embedded adapter returns deep-frozen objects).
 */
export interface ReadDocument {
  id: string;
  lastPosition: number;
}

/** A document as JSON, with the two fields the store's commit guard needs beside it. */
export interface SerialisedDocument {
  id: string;
  lastPosition: number;
  body: string;
}

/**
 * A small, Mongo-compatible filter language: equality, $in, $ne, $gt/$gte/$lt/$lte, $exists; dotted paths.
 * As in MongoDB: equality to null also matches a missing field; an array field matches when any
 * element does; range operators only compare values of the bound's type (numbers with numbers,
 * strings by code point); a numeric path segment indexes an array ('tags.0'). Conditions or
 * operators set to undefined are ignored. Semantics: `compileFilter` in filter.ts.
 */
export type FieldCondition =
  | string
  | number
  | boolean
  | null
  | {
      $in?: unknown[];
      $ne?: unknown;
      $gt?: number | string;
      $gte?: number | string;
      $lt?: number | string;
      $lte?: number | string;
      $exists?: boolean;
    };
export type Filter = Record<string, FieldCondition>;

export interface FindOptions {
  filter?: Filter;
  /**
   * Field path → 1 ascending / -1 descending; ties are broken by id ascending. Without a sort,
   * documents come in id order. Null and missing sort first ascending; values of different types
   * order as in MongoDB (null < numbers < strings < objects < arrays < booleans). Sorting on
   * array-valued fields is outside the contract.
   */
  sort?: Record<string, 1 | -1>;
  /** Integer ≥ 0. */
  skip?: number;
  /** Integer ≥ 0; 0 returns no documents (unlike MongoDB's "no limit"); absent = no limit. */
  limit?: number;
}

/** Nest token of the configured ReadStore (which adapter: decided by the composition root, libs/platform). */
export const READ_STORE = Symbol('READ_STORE');

export interface ReadStore {
  /** Prepares a collection (and its indexes, for adapters that have them). Idempotent. */
  ensureCollection(collection: string, indexes?: string[]): Promise<void>;
  get<T extends ReadDocument>(collection: string, id: string): Promise<T | null>;
  getMany<T extends ReadDocument>(collection: string, ids: string[]): Promise<Map<string, T>>;
  /**
   * Writes documents and then the checkpoint, so the checkpoint is never ahead of the data.
   * A document is only replaced when its lastPosition is greater than the stored one
   * (a replayed event changes nothing). Within one call the highest lastPosition per id wins.
   * The checkpoint only moves forward: a lower one than stored keeps the stored one. Stored
   * documents are copies, so mutating the inputs afterwards changes nothing.
   */
  commit(collection: string, documents: ReadDocument[], checkpoint: number): Promise<void>;
  /** The highest checkpoint committed; 0 for a collection never committed to. */
  checkpoint(collection: string): Promise<number>;
  find<T extends ReadDocument>(collection: string, options?: FindOptions): Promise<T[]>;
  count(collection: string, filter?: Filter): Promise<number>;
  /**
   * Streams every document in id (code point) order, in pages of at most pageSize (default 1000);
   * no empty pages. Documents committed while a scan runs may or may not appear.
   */
  scan<T extends ReadDocument>(collection: string, pageSize?: number): AsyncIterable<T[]>;
  /** Drops a collection with its checkpoint (used by rebuilds). */
  drop(collection: string): Promise<void>;
  /**
   * Atomically makes `from`'s documents and checkpoint the content of `to`, dropping `from`
   * (and `to`'s old content). An empty or unknown `from` leaves `to` empty. `from` = `to` is refused.
   */
  rename(from: string, to: string): Promise<void>;
  /**
   * Optional: makes overwritten and deleted documents unreadable in the store's own files (an
   * erasure has just been applied). The embedded adapter truncates its write-ahead log; a server
   * store (MongoDB) leaves it to its operator (docs/audit.md).
   */
  scrubFreedSpace?(): Promise<void>;
  /**
   * Optional: `commit` for documents another thread has already serialised (a parallel
   * catch-up's workers, issue 12), so they are not stringified twice. Same rules as `commit`;
   * each body is the JSON of a document with that id and lastPosition.
   */
  commitSerialised?(collection: string, documents: SerialisedDocument[], checkpoint: number): Promise<void>;
  close(): Promise<void>;
}
