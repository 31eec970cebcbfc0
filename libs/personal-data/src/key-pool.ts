// Keys made ahead of need (issue 12): a new customer's first command used to wait for their key's
// own fsync in keys.sqlite before their events' fsync in the event store: two durable steps per
// new customer. Keys are instead created a few hundred at a time, durably, bound to no one; a new
// customer takes one, and the binding is the event itself: its sealed fields name the key
// (`enc:v2:<key id>:…`), so the key and the customer meet in the one fsync that stores the event.
// Crypto-shredding is unchanged: the key stays only in the key store, and erasing a customer
// destroys every key their stream names. A key taken but never stored with an event (a refused
// command, a crash) is random bytes that protect nothing; the ones still here at close are deleted.
// A pool refilled within a second of its last refill (topped up at a quarter left: an import
// registering thousands of customers) doubles its next reservation, up to MAX_GROWTH times the base: fewer fsyncs of keys.sqlite on the importer's
// main thread, at the price of more unused keys left by a crash (still bound to no one).
import type { KeyStore, PooledKey } from './key-store';

/** A refill this soon after the last one means customers arrive in bulk: reserve more at a time. */
const GROW_WITHIN_MS = 1000;
/** The largest reservation, as a multiple of the base size. */
export const MAX_GROWTH = 8;

export type PoolingKeyStore = KeyStore & Required<Pick<KeyStore, 'reserve' | 'discard'>>;

export const canPool = (keys: KeyStore): keys is PoolingKeyStore =>
  typeof keys.reserve === 'function' && typeof keys.discard === 'function';

export class KeyPool {
  private keys: PooledKey[] = [];
  private refilling: Promise<void> | null = null;
  /** Keys the next reservation makes: the base size, or more while customers arrive in bulk. */
  private next: number;
  private lastReserved = -Infinity;

  constructor(
    private readonly store: PoolingKeyStore,
    /** Keys per reservation at an ordinary pace: one fsync for this many new customers. */
    private readonly size: number,
    private readonly now: () => number = Date.now,
  ) {
    this.next = size;
  }

  /** A key bound to no one, durable already; waits only when the pool is empty. */
  async take(): Promise<PooledKey> {
    for (;;) {
      const key = this.keys.pop();
      if (key) {
        // Topped up before it runs dry, so a burst of new customers rarely waits.
        if (this.keys.length < this.next / 4) this.refill().catch(() => undefined);
        return key;
      }
      await this.refill();
    }
  }

  /** Deletes the keys never handed out. */
  async close(): Promise<void> {
    await this.refilling?.catch(() => undefined);
    const unused = this.keys.splice(0).map((key) => key.id);
    if (unused.length > 0) await this.store.discard(unused);
  }

  private refill(): Promise<void> {
    if (this.refilling) return this.refilling;
    const at = this.now();
    this.next = at - this.lastReserved < GROW_WITHIN_MS ? Math.min(this.next * 2, this.size * MAX_GROWTH) : this.size;
    this.lastReserved = at;
    this.refilling = this.store
      .reserve(this.next)
      .then((keys) => void this.keys.push(...keys))
      .finally(() => (this.refilling = null));
    return this.refilling;
  }
}
