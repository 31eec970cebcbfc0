// The one object the rest of the CRM talks to about personal data: seal an event before it is
// appended, open stored events before anything reads them, erase a customer. Keys are cached in
// memory, one key-store round trip per batch for the customers not cached. The cache is
// invalidated on erasure two ways: erase() here, and a CustomerErased event among the events
// opened (how a service on another host learns of an erasure, in log order, before it could
// decrypt anything recorded after it). Cached keys also expire after `cacheMs`, which bounds how
// long a service that never sees the event (none in the CRM: see docs) could still decrypt.
import { decryptPersonalFields, encryptPersonalFields, type EventLike } from './personal-fields.codec';
import { KeyStoreUnavailable, type KeyStore, type StoredKey } from './key-store';

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

interface Cached {
  key: Buffer | 'erased';
  /** Time (ms) after which a key is read again from the store; never for 'erased'. */
  until: number;
}

export interface VaultOptions {
  /** How long a key read from the store is trusted (ms). */
  cacheMs?: number;
  /** Most keys kept in memory; the oldest go first. */
  capacity?: number;
  now?: () => number;
}

export interface OpenOptions {
  /** Ask the key store for every customer of these events, whatever is cached (the audit API). */
  fresh?: boolean;
}

export class PersonalDataVault {
  private readonly cache = new Map<string, Cached>();
  /** Keys being created (not yet durable), shared by every command for that customer meanwhile. */
  private readonly creating = new Map<string, Promise<Buffer>>();
  /**
   * Key-store lookups in flight, per customer. A projection service opens the same new events
   * once per read model, at the same moment: they wait on one lookup instead of each asking
   * (on FerretDB a lookup reads the whole key collection, docs/distributed-mode.md).
   */
  private readonly lookingUp = new Map<string, Promise<void>>();
  private readonly cacheMs: number;
  private readonly capacity: number;
  private readonly now: () => number;
  /** Key-store lookups made (for tests and the benchmark: one per batch with a cache miss). */
  lookups = 0;

  constructor(
    private readonly keys: KeyStore,
    options: VaultOptions = {},
  ) {
    this.cacheMs = options.cacheMs ?? 60_000;
    this.capacity = options.capacity ?? 100_000;
    this.now = options.now ?? Date.now;
  }

  /**
   * Encrypts the event's personal fields with its customer's key (created on first use).
   * Resolves only once that key is durably stored: an event must never be appended, let alone
   * acknowledged, under a key that a crash could lose.
   */
  async seal<E extends EventLike>(event: E): Promise<E> {
    const customerId = customerIdOf(event);
    if (customerId === undefined) return event;
    const cached = this.cached(customerId);
    const key = cached instanceof Buffer ? cached : await this.keyFor(customerId);
    return encryptPersonalFields(event, key);
  }

  /** Decrypts the events' personal fields; an erased customer's read as null. */
  async openAll<E extends EventLike>(events: readonly E[], options: OpenOptions = {}): Promise<E[]> {
    const erasedHere = new Set<string>();
    const wanted = new Set<string>();
    for (const event of events) {
      const customerId = customerIdOf(event);
      if (customerId === undefined) continue;
      if (event.type === 'CustomerErased') erasedHere.add(customerId);
      else if (options.fresh || this.cached(customerId) === undefined) wanted.add(customerId);
    }
    // The erasure is in the log: every event of that customer reads as erased, as it would
    // once the key store answers 'destroyed' (it may not yet: the key goes after the event).
    for (const customerId of erasedHere) {
      this.remember(customerId, 'erased');
      wanted.delete(customerId);
    }
    if (wanted.size > 0) await this.lookUp([...wanted], options.fresh === true);
    return events.map((event) => this.openOne(event));
  }

  /** One event: openAll of one. */
  async open<E extends EventLike>(event: E, options: OpenOptions = {}): Promise<E> {
    return (await this.openAll([event], options))[0];
  }

  /** Destroys the customer's key: every copy of their encrypted fields becomes unreadable. */
  async erase(customerId: string): Promise<void> {
    this.remember(customerId, 'erased');
    await this.keys.destroy(customerId);
  }

  async isErased(customerId: string): Promise<boolean> {
    return (await this.keys.lookup([customerId])).get(customerId) === 'destroyed';
  }

  /** Stores keys still being created, then closes the key store. */
  async close(): Promise<void> {
    await this.keys.close();
  }

  private openOne<E extends EventLike>(event: E): E {
    const customerId = customerIdOf(event);
    if (customerId === undefined) return event;
    const key = this.cache.get(customerId)?.key;
    // No key and not erased: a customer recorded before encryption existed; nothing to decrypt.
    if (key === undefined) return event;
    return decryptPersonalFields(event, key === 'erased' ? null : key);
  }

  /** The cached key or 'erased'; undefined when not cached or expired. */
  private cached(customerId: string): Buffer | 'erased' | undefined {
    const entry = this.cache.get(customerId);
    if (!entry) return undefined;
    if (entry.key !== 'erased' && entry.until <= this.now()) return undefined;
    return entry.key;
  }

  private remember(customerId: string, key: Buffer | 'erased'): void {
    this.cache.delete(customerId);
    this.cache.set(customerId, { key, until: key === 'erased' ? Infinity : this.now() + this.cacheMs });
    if (this.cache.size > this.capacity) {
      // Never forget an erasure this process learnt before the key store may know it.
      for (const [id, entry] of this.cache) {
        if (entry.key !== 'erased') {
          this.cache.delete(id);
          break;
        }
      }
    }
  }

  /** Caches the keys of `customerIds`, joining lookups in flight unless a fresh read is asked for. */
  private async lookUp(customerIds: string[], fresh: boolean): Promise<void> {
    const waits: Promise<void>[] = [];
    const ask: string[] = [];
    for (const customerId of customerIds) {
      const inFlight = fresh ? undefined : this.lookingUp.get(customerId);
      if (inFlight) waits.push(inFlight);
      else ask.push(customerId);
    }
    if (ask.length > 0) {
      const lookup = this.ask(ask);
      for (const customerId of ask) this.lookingUp.set(customerId, lookup);
      const settled = lookup.finally(() => {
        for (const customerId of ask) if (this.lookingUp.get(customerId) === lookup) this.lookingUp.delete(customerId);
      });
      waits.push(settled);
    }
    await Promise.all(waits);
  }

  private async ask(customerIds: string[]): Promise<void> {
    this.lookups++;
    const found = await this.keys.lookup(customerIds).catch((error: unknown): Map<string, StoredKey> => {
      throw new KeyStoreUnavailable(error);
    });
    for (const customerId of customerIds) {
      // An erasure learnt meanwhile (a CustomerErased opened, erase()) wins over what was read.
      if (this.cache.get(customerId)?.key === 'erased') continue;
      const stored = found.get(customerId);
      if (stored === 'destroyed') this.remember(customerId, 'erased');
      else if (stored) this.remember(customerId, stored);
      // A missing key is not cached: the command side may create it a moment later.
      else this.cache.delete(customerId);
    }
  }

  private keyFor(customerId: string): Promise<Buffer> {
    let pending = this.creating.get(customerId);
    if (!pending) {
      // Not cached, or erased: the key store refuses a destroyed key with KeyDestroyed.
      pending = this.keys.keyFor(customerId).then(
        (key) => {
          this.creating.delete(customerId);
          // An erasure while the key was being stored wins: the cache keeps 'erased'.
          if (this.cache.get(customerId)?.key !== 'erased') this.remember(customerId, key);
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
}
