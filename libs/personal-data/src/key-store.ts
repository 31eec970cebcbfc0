// The key-store port: one data key per customer, held apart from the events so that destroying
// it makes the customer's encrypted fields unreadable everywhere the log has been copied.
// Synchronous because the embedded store is; a remote KMS adapter would put a cache in front.

export interface KeyStore {
  /** The customer's key, created on first use. Throws KeyDestroyed once the customer was erased. */
  keyFor(subjectId: string): Buffer;
  /** The key if it exists and was not destroyed; null otherwise (never creates one). */
  existingKey(subjectId: string): Buffer | null;
  /** Destroys the key for good. Idempotent; a later keyFor refuses instead of creating a new one. */
  destroy(subjectId: string): void;
  isDestroyed(subjectId: string): boolean;
  close(): void;
}

export class KeyDestroyed extends Error {
  constructor(readonly subjectId: string) {
    super(`the data key of '${subjectId}' was destroyed (erased customer)`);
    this.name = 'KeyDestroyed';
  }
}
