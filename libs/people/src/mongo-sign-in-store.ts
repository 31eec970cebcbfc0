// The sign-in store shared by every service in distributed mode: collections `sign_in_*` in the
// key store's MongoDB database (CRM_KEY_STORE_URI / CRM_KEY_STORE_DATABASE; never the disposable
// read models'), written with `w: majority, j: true`. Nothing is cached: every session check and
// key check reads the store, so a sign-out, a revocation or a lock-out on one host counts on all
// from their next request.
// Only inserts of a new `_id` are relied on to be atomic: on FerretDB a guarded update or an
// `$inc` is a read and a whole-document write (two racing writers both pass, one write is lost).
// So every fact that must count once is an insert: a failed sign-in is a new revision of the
// email's failures (`<subject>:<n>`), a revocation is a document of its own, and whatever changes
// often (last use, last seen) lives apart from what must never be lost (the key, its revocation).
import { MongoClient, type Collection, type Db } from 'mongodb';
import { MongoOidcStore } from './mongo-oidc-store';
import { DURABLE, isDuplicate } from './mongo-writes';
import type { OidcStore } from './oidc-store';
import {
  nextFailures,
  tokenHash,
  type Failures,
  type LockOutPolicy,
  type NewStoredApiKey,
  type SignInStore,
  type StoredApiKey,
  type StoredSession,
} from './sign-in-store';

export interface MongoSignInStoreOptions {
  uri: string;
  database: string;
}

/** Revisions of one email's failures tried before giving up (each lost race is another failure counted). */
const FAILURE_ATTEMPTS = 50;
/** Revisions of an email's failures kept behind the latest (older ones are removed now and then). */
const KEPT_REVISIONS = 100;

interface SessionDocument extends StoredSession {
  _id: string;
}
interface FailureRevision extends Failures {
  _id: string;
  subject: string;
  n: number;
}
interface ApiKeyDocument extends NewStoredApiKey {
  _id: string;
  keyHash: string;
}

export class MongoSignInStore implements SignInStore {
  private readonly credentials: Collection<{ _id: string; hash: string; setAt: number }>;
  private readonly sessions: Collection<SessionDocument>;
  private readonly failureRevisions: Collection<FailureRevision>;
  private readonly keys: Collection<ApiKeyDocument>;
  private readonly revocations: Collection<{ _id: string; revokedAt: number }>;
  private readonly keyUses: Collection<{ _id: string; lastUsedAt: number }>;
  private readonly oidcStore: MongoOidcStore;

  private constructor(
    private readonly client: MongoClient,
    db: Db,
  ) {
    this.credentials = db.collection('sign_in_credentials');
    this.sessions = db.collection('sign_in_sessions');
    this.failureRevisions = db.collection('sign_in_failures');
    this.keys = db.collection('sign_in_api_keys');
    this.revocations = db.collection('sign_in_api_key_revocations');
    this.keyUses = db.collection('sign_in_api_key_uses');
    this.oidcStore = new MongoOidcStore(db);
  }

  static async connect(options: MongoSignInStoreOptions): Promise<MongoSignInStore> {
    // Few connections, as the key store: a FerretDB on PostgreSQL serves a bounded number of commands well.
    const client = new MongoClient(options.uri, /[?&]maxPoolSize=/i.test(options.uri) ? {} : { maxPoolSize: 8 });
    await client.connect();
    const store = new MongoSignInStore(client, client.db(options.database));
    await Promise.all([
      store.sessions.createIndex({ userId: 1 }),
      store.failureRevisions.createIndex({ subject: 1, n: -1 }),
      store.keys.createIndex({ keyHash: 1 }, { unique: true }),
      store.oidcStore.init(),
    ]);
    return store;
  }

  async passwordHash(userId: string): Promise<string | null> {
    return (await this.credentials.findOne({ _id: userId }))?.hash ?? null;
  }

  async setPasswordHash(userId: string, hash: string, at: number): Promise<void> {
    await this.credentials.replaceOne({ _id: userId }, { hash, setAt: at }, { upsert: true, writeConcern: DURABLE });
  }

  async createSession(token: string, session: StoredSession): Promise<void> {
    await this.sessions.insertOne({ _id: tokenHash(token), ...session }, { writeConcern: DURABLE });
  }

  async session(token: string): Promise<StoredSession | null> {
    const found = await this.sessions.findOne({ _id: tokenHash(token) });
    if (!found) return null;
    const { userId, csrfToken, createdAt, lastSeenAt } = found;
    return { userId, csrfToken, createdAt, lastSeenAt };
  }

  async touchSession(token: string, at: number): Promise<void> {
    // Two hosts touching at once lose one of two nearly equal times: harmless. No upsert: an
    // ended session stays ended.
    await this.sessions.updateOne({ _id: tokenHash(token) }, { $set: { lastSeenAt: at } });
  }

  async deleteSession(token: string): Promise<void> {
    const hash = tokenHash(token);
    await this.sessions.deleteOne({ _id: hash }, { writeConcern: DURABLE });
    await this.oidcStore.forgetSessions({ _id: hash });
  }

  async deleteSessionsOf(userId: string): Promise<number> {
    const { deletedCount } = await this.sessions.deleteMany({ userId }, { writeConcern: DURABLE });
    await this.oidcStore.forgetSessions({ userId });
    return deletedCount;
  }

  async failures(subject: string): Promise<Failures> {
    return (await this.latestFailures(subject))?.failures ?? { count: 0, lockedUntil: 0 };
  }

  async recordFailure(subject: string, now: number, policy: LockOutPolicy): Promise<Failures> {
    for (let attempt = 0; attempt < FAILURE_ATTEMPTS; attempt++) {
      const latest = await this.latestFailures(subject);
      const before = latest?.failures ?? { count: 0, lockedUntil: 0 };
      const after = nextFailures(before, now, policy);
      if (after === before) return before;
      const n = (latest?.n ?? 0) + 1;
      try {
        await this.failureRevisions.insertOne(
          { _id: `${subject}:${n}`, subject, n, ...after },
          { writeConcern: DURABLE },
        );
      } catch (error) {
        // Another service counted a failure of this email first: count this one after it.
        if (isDuplicate(error)) continue;
        throw error;
      }
      // Old revisions go, but never the last ones: a freed id could be taken again by a service
      // that read the failures a moment ago, and count from a stale state.
      if (n % KEPT_REVISIONS === 0)
        await this.failureRevisions.deleteMany({ subject, n: { $lte: n - KEPT_REVISIONS } });
      return after;
    }
    throw new Error(`could not count a failed sign-in after ${FAILURE_ATTEMPTS} attempts`);
  }

  async clearFailures(subject: string): Promise<void> {
    await this.failureRevisions.deleteMany({ subject }, { writeConcern: DURABLE });
  }

  async addApiKey(key: string, record: NewStoredApiKey): Promise<void> {
    await this.keys.insertOne({ _id: record.keyId, keyHash: tokenHash(key), ...record }, { writeConcern: DURABLE });
  }

  async apiKeyBySecret(key: string): Promise<StoredApiKey | null> {
    const found = await this.keys.findOne({ keyHash: tokenHash(key) });
    return found ? (await this.withState([found]))[0] : null;
  }

  async apiKeys(): Promise<StoredApiKey[]> {
    return this.withState(await this.keys.find({}).sort({ createdAt: 1, _id: 1 }).toArray());
  }

  async revokeApiKey(keyId: string, at: number): Promise<boolean> {
    if (!(await this.keys.findOne({ _id: keyId }))) return false;
    try {
      await this.revocations.insertOne({ _id: keyId, revokedAt: at }, { writeConcern: DURABLE });
      return true;
    } catch (error) {
      if (isDuplicate(error)) return false;
      throw error;
    }
  }

  async touchApiKey(keyId: string, at: number): Promise<void> {
    await this.keyUses.replaceOne({ _id: keyId }, { lastUsedAt: at }, { upsert: true });
  }

  oidc(): OidcStore {
    return this.oidcStore;
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  private async latestFailures(subject: string): Promise<{ n: number; failures: Failures } | null> {
    const [latest] = await this.failureRevisions.find({ subject }).sort({ n: -1 }).limit(1).toArray();
    return latest ? { n: latest.n, failures: { count: latest.count, lockedUntil: latest.lockedUntil } } : null;
  }

  private async withState(keys: ApiKeyDocument[]): Promise<StoredApiKey[]> {
    const ids = keys.map((key) => key._id);
    const [revoked, used] = await Promise.all([
      this.revocations.find({ _id: { $in: ids } }).toArray(),
      this.keyUses.find({ _id: { $in: ids } }).toArray(),
    ]);
    const revokedAt = new Map(revoked.map((r) => [r._id, r.revokedAt]));
    const lastUsedAt = new Map(used.map((u) => [u._id, u.lastUsedAt]));
    return keys.map(({ _id, keyHash: _hash, ...key }) => ({
      ...key,
      revokedAt: revokedAt.get(_id) ?? null,
      lastUsedAt: lastUsedAt.get(_id) ?? null,
    }));
  }
}
