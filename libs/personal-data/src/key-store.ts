// The key-store port: one data key per customer, held apart from the events so that destroying
// it makes the customer's encrypted fields unreadable everywhere the log has been copied.
// Creating a key is asynchronous: it resolves only once the key is durably stored, so nothing
// encrypted with it can be acknowledged before the key would survive a crash. Reading an
// existing key and destroying one stay synchronous because the embedded store is.

export interface KeyStore {
  /**
   * The customer's key, created on first use. Resolves once the key is durably stored; rejects
   * with KeyDestroyed once the customer was erased.
   */
  keyFor(subjectId: string): Promise<Buffer>;
  /** The key if it exists and was not destroyed; null otherwise (never creates one). */
  existingKey(subjectId: string): Buffer | null;
  /** Destroys the key for good. Idempotent; a later keyFor refuses instead of creating a new one. */
  destroy(subjectId: string): void;
  isDestroyed(subjectId: string): boolean;
  /** Stores the keys still being created, then closes. */
  close(): void;
}

export class KeyDestroyed extends Error {
  constructor(readonly subjectId: string) {
    super(`the data key of '${subjectId}' was destroyed (erased customer)`);
    this.name = 'KeyDestroyed';
  }
}
