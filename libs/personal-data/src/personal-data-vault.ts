// The one object the rest of the CRM talks to about personal data: seal an event before it is
// appended, open stored events before anything reads them, erase a customer. Keys are cached in
// memory, one key-store round trip per batch for the customers not cached. The cache is
// invalidated on erasure two ways: erase() here, and a CustomerErased event among the events
// opened (how a service on another host learns of an erasure, in log order, before it could
// decrypt anything recorded after it). Cached keys also expire after `cacheMs`, which bounds how
// long a service that never sees the event (none in the CRM: see docs) could still decrypt.
// With a key pool (key-pool.ts) a new customer is sealed with a key made ahead of need, which
// their events name; readers then look keys up by those names.
import {
  decryptPersonalFields,
  encryptPersonalFields,
  hasPersonalFields,
  pooledKeyIdsOf,
  type EventLike,
} from './personal-fields.codec';
import { KeyDestroyed, KeyStoreUnavailable, type KeyStore, type StoredKey } from './key-store';
import { KeyPool, canPool } from './key-pool';

const NONE: readonly string[] = [];

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
  /** For a customer this process sealed with a pooled key: that key's id (the events name it). */
  keyId?: string;
}

/** The key an event is sealed with; `id` when it is a pooled one. */
interface SealingKey {
  key: Buffer;
  id?: string;
}

export interface VaultOptions {
  /** How long a key read from the store is trusted (ms). */
  cacheMs?: number;
  /** Most keys kept in memory; the oldest go first. */
  capacity?: number;
  now?: () => number;
  /**
   * Keys made at a time for new customers (key-pool.ts), so that registering one costs no fsync
   * of its own. 0 (the default), or a key store that cannot pool: each customer gets a key of
   * their own, created durably when first needed.
   */
  keyPool?: number;
}

export interface OpenOptions {
  /** Ask the key store for every customer of these events, whatever is cached (the audit API). */
  fresh?: boolean;
}

export class PersonalDataVault {
  private readonly cache = new Map<string, Cached>();
  /** Keys being created (not yet durable), shared by every command for that customer meanwhile. */
  private readonly creating = new Map<string, Promise<SealingKey>>();
  private readonly pool: KeyPool | null;
  /**
   * Key-store lookups in flight, per customer. A projection service opens the same new events
   * once per read model, at the same moment: they wait on one lookup instead of each asking
   * (on FerretDB a lookup reads the whole key collection, docs/distributed-mode.md).
   */
  private readonly lookingUp = new Map<string, Promise<void>>();
  /** New customers' own-key lookups asked in this turn (a chunk's registrations): one key-store call. */
  private sealingLookup: { ids: string[]; found: Promise<Map<string, StoredKey>> } | null = null;
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
    const poolSize = options.keyPool ?? 0;
    this.pool = poolSize > 0 && canPool(keys) ? new KeyPool(keys, poolSize, this.now) : null;
  }

  /**
   * Encrypts the event's personal fields with its customer's key (created on first use).
   * Resolves only once that key is durably stored: an event must never be appended, let alone
   * acknowledged, under a key that a crash could lose.
   */
  async seal<E extends EventLike>(event: E): Promise<E> {
    const customerId = customerIdOf(event);
    // Nothing to seal: no key is made for an event without personal fields (a purchase).
    if (customerId === undefined || !hasPersonalFields(event.type)) return event;
    const cached = this.cached(customerId);
    const { key, id } =
      cached instanceof Buffer ? { key: cached, id: this.cache.get(customerId)?.keyId } : await this.keyFor(customerId);
    return encryptPersonalFields(event, key, id);
  }

  /** Decrypts the events' personal fields; an erased customer's read as null. */
  async openAll<E extends EventLike>(events: readonly E[], options: OpenOptions = {}): Promise<E[]> {
    const erasedHere = new Set<string>();
    const wanted = new Set<string>();
    const want = (id: string) => {
      if (options.fresh || this.cached(id) === undefined) wanted.add(id);
    };
    // The pooled keys each event names, found once for the lookup and for the decryption.
    const pooledPerEvent = events.map((event) => (hasPersonalFields(event.type) ? pooledKeyIdsOf(event) : NONE));
    events.forEach((event, i) => {
      const customerId = customerIdOf(event);
      if (customerId === undefined) return;
      if (event.type === 'CustomerErased') erasedHere.add(customerId);
      else if (hasPersonalFields(event.type)) {
        // Fields sealed with pooled keys need those keys (destroyed ones say the customer was
        // erased); fields sealed with the customer's own key, or in the clear, the customer's.
        const pooled = pooledPerEvent[i];
        if (pooled.length > 0) pooled.forEach(want);
        else want(customerId);
      }
    });
    // The erasure is in the log: every event of that customer reads as erased, as it would
    // once the key store answers 'destroyed' (it may not yet: the key goes after the event).
    for (const customerId of erasedHere) {
      this.remember(customerId, 'erased');
      wanted.delete(customerId);
    }
    if (wanted.size > 0) await this.lookUp([...wanted], options.fresh === true);
    return events.map((event, i) => this.openOne(event, pooledPerEvent[i]));
  }

  /** One event: openAll of one. */
  async open<E extends EventLike>(event: E, options: OpenOptions = {}): Promise<E> {
    return (await this.openAll([event], options))[0];
  }

  /**
   * Destroys the customer's keys: every copy of their encrypted fields becomes unreadable.
   * `stored` are the customer's events as stored: the pooled keys they name are destroyed too.
   */
  async erase(customerId: string, stored: readonly EventLike[] = []): Promise<void> {
    const keyIds = new Set(stored.flatMap(pooledKeyIdsOf));
    const bound = this.cache.get(customerId)?.keyId;
    if (bound) keyIds.add(bound);
    this.remember(customerId, 'erased');
    for (const id of keyIds) this.remember(id, 'erased');
    await this.keys.destroy(customerId, [...keyIds]);
  }

  async isErased(customerId: string): Promise<boolean> {
    return (await this.keys.lookup([customerId])).get(customerId) === 'destroyed';
  }

  /** Stores keys still being created, then closes the key store. */
  async close(): Promise<void> {
    await this.pool?.close();
    await this.keys.close();
  }

  /** `pooled`: the pooled keys the event names (pooledKeyIdsOf). */
  private openOne<E extends EventLike>(event: E, pooled: readonly string[]): E {
    const customerId = customerIdOf(event);
    if (customerId === undefined || !hasPersonalFields(event.type)) return event;
    const own = this.cache.get(customerId)?.key;
    if (own === 'erased') return decryptPersonalFields(event, null);
    // No key, not erased, nothing pooled: recorded before encryption existed; nothing to decrypt.
    if (own === undefined && pooled.length === 0) return event;
    return decryptPersonalFields(event, {
      own,
      pooled: (id) => {
        const key = this.cache.get(id)?.key;
        return key instanceof Buffer ? key : null;
      },
    });
  }

  /** The cached key or 'erased'; undefined when not cached or expired. */
  private cached(customerId: string): Buffer | 'erased' | undefined {
    const entry = this.cache.get(customerId);
    if (!entry) return undefined;
    if (entry.key !== 'erased' && entry.until <= this.now()) return undefined;
    return entry.key;
  }

  private remember(customerId: string, key: Buffer | 'erased', keyId?: string): void {
    this.cache.delete(customerId);
    this.cache.set(customerId, { key, keyId, until: key === 'erased' ? Infinity : this.now() + this.cacheMs });
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

  private keyFor(customerId: string): Promise<SealingKey> {
    let pending = this.creating.get(customerId);
    if (!pending) {
      // Not cached, or erased: the key store refuses a destroyed key with KeyDestroyed.
      const creating = this.pool
        ? this.pooledKeyFor(customerId, this.pool)
        : this.keys.keyFor(customerId).then((key): SealingKey => ({ key }));
      pending = creating.then(
        (sealing) => {
          this.creating.delete(customerId);
          // An erasure while the key was being stored wins: the cache keeps 'erased'.
          if (this.cache.get(customerId)?.key !== 'erased') this.remember(customerId, sealing.key, sealing.id);
          return sealing;
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

  /**
   * The customer's own key when they have one (made before pooling), the pooled key this process
   * sealed them with before (cache expired), or a fresh one from the pool; never for an erased one.
   */
  private async pooledKeyFor(customerId: string, pool: KeyPool): Promise<SealingKey> {
    const stored = await this.storedKeyOf(customerId);
    if (stored === 'destroyed') throw new KeyDestroyed(customerId);
    if (stored) return { key: stored };
    const earlier = this.cache.get(customerId);
    if (earlier?.keyId && earlier.key instanceof Buffer) return { key: earlier.key, id: earlier.keyId };
    return pool.take();
  }

  /** The customer's key as the key store holds it, asked together with the others asked in this turn. */
  private async storedKeyOf(customerId: string): Promise<StoredKey | undefined> {
    let batch = this.sealingLookup;
    if (!batch) {
      const ids: string[] = [];
      const found = Promise.resolve().then(() => {
        this.sealingLookup = null;
        return this.keys.lookup(ids);
      });
      batch = this.sealingLookup = { ids, found };
    }
    batch.ids.push(customerId);
    return (await batch.found).get(customerId);
  }
}
