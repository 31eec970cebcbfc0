// Keys made ahead of need (issue 12): a new customer's first command used to wait for their key's
// own fsync in keys.sqlite before their events' fsync in the event store: two durable steps per
// new customer. Keys are instead created a few hundred at a time, durably, bound to no one; a new
// customer takes one, and the binding is the event itself: its sealed fields name the key
// (`enc:v2:<key id>:…`), so the key and the customer meet in the one fsync that stores the event.
// Crypto-shredding is unchanged: the key stays only in the key store, and erasing a customer
// destroys every key their stream names. A key taken but never stored with an event (a refused
// command, a crash) is random bytes that protect nothing; the ones still here at close are deleted.
import type { KeyStore, PooledKey } from './key-store';

export type PoolingKeyStore = KeyStore & Required<Pick<KeyStore, 'reserve' | 'discard'>>;

export const canPool = (keys: KeyStore): keys is PoolingKeyStore =>
  typeof keys.reserve === 'function' && typeof keys.discard === 'function';

export class KeyPool {
  private keys: PooledKey[] = [];
  private refilling: Promise<void> | null = null;

  constructor(
    private readonly store: PoolingKeyStore,
    /** Keys per reservation: one fsync for this many new customers. */
    private readonly size: number,
  ) {}

  /** A key bound to no one, durable already; waits only when the pool is empty. */
  async take(): Promise<PooledKey> {
    for (;;) {
      const key = this.keys.pop();
      if (key) {
        // Topped up before it runs dry, so a burst of new customers rarely waits.
        if (this.keys.length < this.size / 4) this.refill().catch(() => undefined);
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
    this.refilling ??= this.store
      .reserve(this.size)
      .then((keys) => void this.keys.push(...keys))
      .finally(() => (this.refilling = null));
    return this.refilling;
  }
}
