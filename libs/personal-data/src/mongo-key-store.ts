// Customer data keys on a MongoDB(-wire) server, shared by every service that encrypts or
// decrypts in distributed mode, in a database of its own (never the read models' database: a
// read-model rebuild, a dropped generation or an operator clearing read models must not be
// able to touch keys, and the keys can be given their own server, credentials and backups).
// One document per customer: { _id: customer id, key: 32 random bytes, createdAt, destroyedAt }.
// Destruction replaces the key with null in place; no other document changes. Keys asked for in
// one turn of the event loop are created with one unordered bulk write, acknowledged by a
// journalled majority, then read back (another service may have created the key first).
import { randomBytes } from 'node:crypto';
import { Binary, MongoClient, type Collection, type WriteConcernSettings } from 'mongodb';
import { KeyDestroyed, type KeyStore, type StoredKey } from './key-store';

export interface MongoKeyStoreOptions {
  uri: string;
  database: string;
}

interface KeyDocument {
  _id: string;
  key: Binary | null;
  createdAt: Date;
  destroyedAt?: Date;
}

/** Most keys created in one bulk write. */
const MAX_KEYS_PER_WRITE = 500;
/** A key is acknowledged only once it would survive the primary's crash. */
const DURABLE: WriteConcernSettings = { w: 'majority', journal: true };

interface Waiting {
  subjectId: string;
  resolve(key: Buffer): void;
  reject(error: unknown): void;
}

/**
 * Two services upserting one customer's key at once: the loser's insert fails with a duplicate
 * key, and the key the winner stored is read back.
 */
function duplicatesOnly(error: unknown): void {
  const errors = (error as { writeErrors?: Array<{ code?: number }> | { code?: number } }).writeErrors;
  const list = Array.isArray(errors) ? errors : errors ? [errors] : [];
  if (list.length === 0 || list.some((e) => e.code !== 11000)) throw error;
}

const bytes = (binary: Binary): Buffer => Buffer.from(binary.read(0, binary.length()));

export class MongoKeyStore implements KeyStore {
  private waiting: Waiting[] = [];
  private scheduled: NodeJS.Immediate | undefined;
  private readonly inFlight = new Set<Promise<void>>();

  private constructor(
    private readonly client: MongoClient,
    private readonly keys: Collection<KeyDocument>,
  ) {}

  static async connect(options: MongoKeyStoreOptions): Promise<MongoKeyStore> {
    // Few connections: key reads are cached, and a FerretDB on PostgreSQL serves a bounded number
    // of commands well (.ci/services/ferretdb.sh). The URI's maxPoolSize wins.
    const client = new MongoClient(options.uri, /[?&]maxPoolSize=/i.test(options.uri) ? {} : { maxPoolSize: 8 });
    await client.connect();
    const keys = client.db(options.database).collection<KeyDocument>('data_keys');
    return new MongoKeyStore(client, keys);
  }

  keyFor(subjectId: string): Promise<Buffer> {
    return new Promise<Buffer>((resolve, reject) => {
      this.waiting.push({ subjectId, resolve, reject });
      this.scheduled ??= setImmediate(() => this.flush());
    });
  }

  async lookup(subjectIds: readonly string[]): Promise<Map<string, StoredKey>> {
    const found = new Map<string, StoredKey>();
    if (subjectIds.length === 0) return found;
    const docs = await this.keys.find({ _id: { $in: [...new Set(subjectIds)] } }).toArray();
    for (const doc of docs) {
      if (doc.destroyedAt || !doc.key) found.set(doc._id, 'destroyed');
      else found.set(doc._id, bytes(doc.key));
    }
    return found;
  }

  async destroy(subjectId: string, keyIds: readonly string[] = []): Promise<void> {
    const now = new Date();
    // Upsert: erasing a customer whose key was never created still blocks creating one later.
    for (const id of [subjectId, ...keyIds]) {
      await this.keys.updateOne(
        { _id: id },
        { $set: { key: null }, $min: { destroyedAt: now }, $setOnInsert: { createdAt: now } },
        { upsert: true, writeConcern: DURABLE },
      );
    }
  }

  async close(): Promise<void> {
    while (this.waiting.length > 0 || this.inFlight.size > 0) {
      if (this.waiting.length > 0) this.flush();
      await Promise.allSettled([...this.inFlight]);
    }
    await this.client.close();
  }

  private flush(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0, MAX_KEYS_PER_WRITE);
      const write = this.create(batch).finally(() => this.inFlight.delete(write));
      this.inFlight.add(write);
    }
  }

  private async create(batch: Waiting[]): Promise<void> {
    try {
      let missing = [...new Set(batch.map((w) => w.subjectId))];
      const stored = new Map<string, StoredKey>();
      // A duplicate key (another service won the race) may stop FerretDB's unordered write
      // early: whatever is still missing is upserted again, a handful of rounds at most.
      for (let round = 0; missing.length > 0; round++) {
        if (round === 5) throw new Error(`could not store data keys for ${missing.length} customers`);
        await this.upsert(missing);
        const found = await this.lookup(missing);
        for (const [subjectId, key] of found) stored.set(subjectId, key);
        missing = missing.filter((subjectId) => !found.has(subjectId));
      }
      for (const w of batch) {
        const key = stored.get(w.subjectId);
        if (key instanceof Buffer) w.resolve(key);
        else w.reject(new KeyDestroyed(w.subjectId));
      }
    } catch (error) {
      for (const w of batch) w.reject(error);
    }
  }

  /** Insert-if-absent: a key created by another service, or destroyed meanwhile, is kept. */
  private async upsert(subjects: string[]): Promise<void> {
    const now = new Date();
    await this.keys
      .bulkWrite(
        subjects.map((subjectId) => ({
          updateOne: {
            filter: { _id: subjectId },
            update: { $setOnInsert: { key: new Binary(randomBytes(32)), createdAt: now } },
            upsert: true,
          },
        })),
        { ordered: false, writeConcern: DURABLE },
      )
      .catch(duplicatesOnly);
  }
}
