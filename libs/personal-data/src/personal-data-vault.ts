// The one object the rest of the CRM talks to about personal data: seal an event before it is
// appended, open a stored event before anything reads it, erase a customer. Keys are cached in
// memory; erase() drops the cached key with the stored one.
import { decryptPersonalFields, encryptPersonalFields, type EventLike } from './personal-fields.codec';
import type { KeyStore } from './key-store';

/** Key id of a staff member's personal data: '/' never occurs in a customer id, so the two never collide. */
export const userKeyId = (userId: string): string => `user/${userId}`;

/** Whose key seals the event: its customer's, or for a directory event its user's. */
const customerIdOf = (event: EventLike): string | undefined => {
  const data = event.data as { customerId?: unknown; userId?: unknown } | null;
  if (typeof data?.customerId === 'string') return data.customerId;
  return typeof data?.userId === 'string' ? userKeyId(data.userId) : undefined;
};

/** Nest token of the PersonalDataVault: seals events before append, opens them before any read (crypto-shredding). */
export const PERSONAL_DATA = Symbol('PERSONAL_DATA');

export class PersonalDataVault {
  /** A customer's key, or 'erased' once it was destroyed. */
  private readonly cache = new Map<string, Buffer | 'erased'>();
  /** Keys being created (not yet durable), shared by every command for that customer meanwhile. */
  private readonly creating = new Map<string, Promise<Buffer>>();

  constructor(private readonly keys: KeyStore) {}

  /**
   * Encrypts the event's personal fields with its customer's key (created on first use).
   * Resolves only once that key is durably stored: an event must never be appended, let alone
   * acknowledged, under a key that a crash could lose.
   */
  async seal<E extends EventLike>(event: E): Promise<E> {
    const customerId = customerIdOf(event);
    if (customerId === undefined) return event;
    const cached = this.cache.get(customerId);
    const key = cached instanceof Buffer ? cached : await this.keyFor(customerId);
    return encryptPersonalFields(event, key);
  }

  /** Decrypts the event's personal fields; an erased customer's read as null. */
  open<E extends EventLike>(event: E): E {
    const customerId = customerIdOf(event);
    if (customerId === undefined) return event;
    const key = this.existingKey(customerId);
    // No key and not erased: a customer recorded before encryption existed; nothing to decrypt.
    if (key === undefined) return event;
    return decryptPersonalFields(event, key === 'erased' ? null : key);
  }

  /** Destroys the customer's key: every copy of their encrypted fields becomes unreadable. */
  erase(customerId: string): void {
    this.keys.destroy(customerId);
    this.cache.set(customerId, 'erased');
  }

  isErased(customerId: string): boolean {
    return this.keys.isDestroyed(customerId);
  }

  /** Stores keys still being created, then closes the key store. */
  close(): void {
    this.keys.close();
  }

  private keyFor(customerId: string): Promise<Buffer> {
    let pending = this.creating.get(customerId);
    if (!pending) {
      // Not cached, or erased: the key store refuses a destroyed key with KeyDestroyed.
      pending = this.keys.keyFor(customerId).then(
        (key) => {
          this.creating.delete(customerId);
          // An erasure while the key was being stored wins: the cache keeps 'erased'.
          if (this.cache.get(customerId) !== 'erased') this.cache.set(customerId, key);
          return key;
        },
        (error: unknown) => {
          this.creating.delete(customerId);
          throw error;
        },
      );
      this.creating.set(customerId, pending);
    }
    return pending;
  }

  private existingKey(customerId: string): Buffer | 'erased' | undefined {
    const cached = this.cache.get(customerId);
    if (cached) return cached;
    const key = this.keys.existingKey(customerId) ?? (this.keys.isDestroyed(customerId) ? 'erased' : undefined);
    // A missing key is not cached: the command side may create it a moment later.
    if (key) this.cache.set(customerId, key);
    return key;
  }
}
