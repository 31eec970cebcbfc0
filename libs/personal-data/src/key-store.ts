// The key-store port: one data key per customer, held apart from the events so that destroying
// it makes the customer's encrypted fields unreadable everywhere the log has been copied.
// Every operation is asynchronous: in distributed mode the keys live on a server shared by
// every service that encrypts or decrypts (MongoKeyStore), in embedded mode in a SQLite file.
// Creating a key resolves only once the key is durably stored, so nothing encrypted with it can
// be acknowledged before the key would survive a crash.

/** What the store holds for a customer: the key, or the fact that it was destroyed. */
export type StoredKey = Buffer | 'destroyed';

/** A key created ahead of need and bound to no one yet (key-pool.ts). */
export interface PooledKey {
  id: string;
  key: Buffer;
}

/** Prefix of pooled key ids: '/' never occurs in a customer id, so the two never collide. */
export const POOLED_KEY_PREFIX = 'pool/';

export interface KeyStore {
  /**
   * The customer's key, created on first use. Resolves once the key is durably stored; rejects
   * with KeyDestroyed once the customer was erased.
   */
  keyFor(subjectId: string): Promise<Buffer>;
  /**
   * The keys of these customers as stored now (never creates one): a customer without an entry
   * in the map never had a key (recorded before encryption, or not yet created).
   */
  lookup(subjectIds: readonly string[]): Promise<Map<string, StoredKey>>;
  /**
   * Destroys the key for good, and the pooled keys `keyIds` (those the customer's events were
   * sealed with). Idempotent; a later keyFor refuses instead of creating a new one.
   */
  destroy(subjectId: string, keyIds?: readonly string[]): Promise<void>;
  /**
   * Creates `count` keys bound to no one, durably, in one write (optional: a store without it
   * gives each customer a key of their own, created when first needed).
   */
  reserve?(count: number): Promise<PooledKey[]>;
  /** Deletes pooled keys that were never handed out (closing with some left). */
  discard?(keyIds: readonly string[]): Promise<void>;
  /** Stores the keys still being created, then closes. */
  close(): void | Promise<void>;
}

/** The key store did not answer (server down, network): retry later, the events are fine. */
export class KeyStoreUnavailable extends Error {
  constructor(cause: unknown) {
    super(`key store unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'KeyStoreUnavailable';
  }
}

export class KeyDestroyed extends Error {
  constructor(readonly subjectId: string) {
    super(`the data key of '${subjectId}' was destroyed (erased customer)`);
    this.name = 'KeyDestroyed';
  }
}
