// The MongoDB read store: one Mongo collection per read-store collection (documents keyed by
// `_id` = id) and one `checkpoints` collection. Uses only what both MongoDB and FerretDB v1
// (SQLite backend) support: no transactions, no collations, no aggregation beyond counting.
import { MongoClient, type AnyBulkWriteOperation, type Collection, type Db } from 'mongodb';
import {
  DEFAULT_SCAN_PAGE_SIZE,
  InvalidReadStoreRequest,
  ReadStoreClosed,
  compileFilter,
  compileSort,
  newestPerId,
  splitPath,
  validateCollectionName,
  validateCommit,
  validatePageSize,
  validatePaging,
  type Filter,
  type FindOptions,
  type ReadDocument,
  type ReadStore,
} from '@ledger/read-store';
import { DUPLICATE_KEY, fromStored, toStored, type StoredDocument } from './mongo-documents';
import { ASIDE_SUFFIX, CollectionSwap, readAcrossSwap } from './collection-swap';
import { AbsentIds, guardedUpsert, insertAbsent, writeGuarded } from './guarded-writes';
import { findByIds } from './find-by-ids';

export interface MongoReadStoreOptions {
  /** A MongoDB connection string, e.g. `mongodb://127.0.0.1:27018/`. */
  uri: string;
  /** The database holding the read models. */
  database: string;
  /**
   * Most write statements per command. Default: unlimited on MongoDB (the driver splits at the
   * server's limits), FERRETDB_STATEMENTS_PER_WRITE on FerretDB (see there).
   */
  statementsPerWrite?: number;
  /** Where checkpoints live; refused as a read-model name. Default `checkpoints`. */
  checkpointsCollection?: string;
}

interface CheckpointRow {
  _id: string;
  position: number;
}

/**
 * Commits are not transactions (FerretDB has none, and a projection does not need one): the
 * documents are written first with a guard that makes re-applying them harmless, then the
 * checkpoint. A crash in between leaves the checkpoint behind the data, never ahead, and the
 * redelivered batch changes nothing it already wrote.
 */
/**
 * FerretDB v1.24 (SQLite backend) keeps one pooled SQLite connection per update statement until
 * the whole command ends, and its pool holds 100: a few concurrent writers sending 50-statement
 * bulk writes (two projection-service instances) exhaust it and every request then waits
 * forever. Commands of at most this many statements keep concurrent writers well inside the pool.
 */
export const FERRETDB_STATEMENTS_PER_WRITE = 8;

/**
 * Connections (= commands in flight) per service: a service's read models, partitions and
 * capped commands all share them, so a FerretDB on PostgreSQL is never asked for more at once
 * than its own connection pool serves well (.ci/services/ferretdb.sh). A `maxPoolSize` in the
 * connection string wins.
 */
export const MAX_CONNECTIONS = 16;

export function connectionCap(uri: string): { maxPoolSize?: number } {
  return /[?&]maxPoolSize=/i.test(uri) ? {} : { maxPoolSize: MAX_CONNECTIONS };
}

async function isFerretDb(client: MongoClient): Promise<boolean> {
  const build = await client.db('admin').command({ buildInfo: 1 });
  return typeof build['ferretdbVersion'] === 'string';
}

export class MongoReadStore implements ReadStore {
  private closed = false;
  private readonly checkpointsName: string;
  private readonly collectionSwap: CollectionSwap;
  /** FerretDB only: ids the last read found absent, inserted rather than upserted (guarded-writes.ts). */
  private readonly absent: AbsentIds | null;

  private constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
    checkpointsName: string,
    /** Most write statements sent in one command (FERRETDB_STATEMENTS_PER_WRITE on FerretDB). */
    private readonly statementsPerWrite: number,
    /** Detected from `buildInfo.ferretdbVersion`: reads and inserts take FerretDB's cheaper paths. */
    private readonly ferretDb: boolean,
  ) {
    this.checkpointsName = checkpointsName;
    this.collectionSwap = new CollectionSwap(client, db.databaseName);
    // MongoDB serves a guarded upsert from the _id index: nothing to gain there.
    this.absent = ferretDb ? new AbsentIds() : null;
  }

  static async connect(options: MongoReadStoreOptions): Promise<MongoReadStore> {
    const checkpoints = options.checkpointsCollection ?? 'checkpoints';
    validateCollectionName(checkpoints, 'checkpointsCollection');
    // ignoreUndefined: the port ignores conditions set to undefined; the driver would send null.
    const client = new MongoClient(options.uri, { ignoreUndefined: true, ...connectionCap(options.uri) });
    await client.connect();
    const ferretDb = await isFerretDb(client);
    const statementsPerWrite =
      options.statementsPerWrite ?? (ferretDb ? FERRETDB_STATEMENTS_PER_WRITE : Number.POSITIVE_INFINITY);
    return new MongoReadStore(client, client.db(options.database), checkpoints, statementsPerWrite, ferretDb);
  }

  async ensureCollection(collection: string, indexes: string[] = []): Promise<void> {
    this.usable(collection);
    indexes.forEach((path, i) => splitPath(path, `indexes[${i}]`));
    try {
      await this.db.createCollection(collection);
    } catch (error) {
      // 48 NamespaceExists: already there, which is what "ensure" wants.
      if ((error as { code?: number }).code !== 48) throw error;
    }
    for (const path of new Set(indexes)) {
      // Ascending single-field indexes serve equality, ranges and sorts in either direction.
      await this.db.collection(collection).createIndex({ [path]: 1 }, { name: `by_${path}` });
    }
  }

  async get<T extends ReadDocument>(collection: string, id: string): Promise<T | null> {
    const stored = await readAcrossSwap(() => this.documents(this.usable(collection)).findOne({ _id: id }));
    return stored ? fromStored<T>(stored) : null;
  }

  async getMany<T extends ReadDocument>(collection: string, ids: string[]): Promise<Map<string, T>> {
    this.usable(collection);
    const found = new Map<string, T>();
    if (ids.length === 0) return found;
    const unique = [...new Set(ids)];
    const stored = await readAcrossSwap(() => findByIds(this.documents(collection), unique, this.ferretDb));
    for (const doc of stored) found.set(doc._id, fromStored<T>(doc));
    this.absent?.learn(collection, unique, new Set(found.keys()));
    return found;
  }

  async commit(collection: string, documents: ReadDocument[], checkpoint: number): Promise<void> {
    this.usable(collection);
    validateCommit(collection, documents, checkpoint);
    const newest = newestPerId(documents);
    // Encoded before anything is sent, so a refused document means nothing was written.
    const stored = documents
      .map((doc, i) => (newest.get(doc.id) === doc ? toStored(doc, `documents[${i}]`) : null))
      .filter((doc): doc is StoredDocument => doc !== null);
    const absent: StoredDocument[] = [];
    const upserts: AnyBulkWriteOperation<StoredDocument>[] = [];
    for (const doc of stored) {
      if (this.absent?.take(collection, doc._id)) absent.push(doc);
      else upserts.push(guardedUpsert(doc));
    }
    const target = this.documents(collection);
    const [createdMeanwhile] = await Promise.all([
      insertAbsent(target, absent),
      writeGuarded(target, upserts, this.statementsPerWrite),
    ]);
    await writeGuarded(target, createdMeanwhile.map(guardedUpsert), this.statementsPerWrite);
    // After the documents: a checkpoint never claims data that is not stored. $max keeps it
    // from moving back when an older batch is replayed.
    // Checkpoint 0 (per-key ordering) never moves it, so nothing is sent. Two first upserts of
    // the same row can race to insert it: MongoDB retries the loser itself, FerretDB reports a
    // duplicate key, and the update, sent again, then finds the row.
    if (checkpoint === 0) return;
    const advance = () =>
      this.checkpoints().updateOne({ _id: collection }, { $max: { position: checkpoint } }, { upsert: true });
    await advance().catch((error: unknown) => {
      if ((error as { code?: unknown }).code !== DUPLICATE_KEY) throw error;
      return advance();
    });
  }

  async checkpoint(collection: string): Promise<number> {
    const row = await this.checkpoints().findOne({ _id: this.usable(collection) });
    return row?.position ?? 0;
  }

  async find<T extends ReadDocument>(collection: string, options: FindOptions = {}): Promise<T[]> {
    this.usable(collection);
    const query = this.query(options.filter);
    // Validated here so an invalid sort is refused the same way as in every adapter.
    compileSort(options.sort);
    const { skip, limit } = validatePaging(options);
    // Limit 0 means "nothing" in the port but "no limit" to MongoDB.
    if (limit === 0) return [];
    // The id tie-break makes pages deterministic; `_id` equals `id`, and is always indexed.
    const read = () => {
      const cursor = this.documents(collection)
        .find(query)
        .sort({ ...(options.sort ?? {}), _id: 1 })
        .skip(skip);
      return (limit === undefined ? cursor : cursor.limit(limit)).toArray();
    };
    return (await readAcrossSwap(read)).map((doc) => fromStored<T>(doc));
  }

  async count(collection: string, filter?: Filter): Promise<number> {
    this.usable(collection);
    const query = this.query(filter);
    return readAcrossSwap(() => this.documents(collection).countDocuments(query));
  }

  async *scan<T extends ReadDocument>(collection: string, pageSize = DEFAULT_SCAN_PAGE_SIZE): AsyncIterable<T[]> {
    const size = validatePageSize(pageSize);
    this.usable(collection);
    // Keyset paging on _id (code point order, as BSON compares UTF-8 bytes): no skip cost,
    // and documents committed meanwhile never shift a page.
    let after: string | undefined;
    for (;;) {
      this.usable(collection);
      const from = after;
      const page = await readAcrossSwap(() =>
        this.documents(collection)
          .find(from === undefined ? {} : { _id: { $gt: from } })
          .sort({ _id: 1 })
          .limit(size)
          .toArray(),
      );
      if (page.length === 0) return;
      yield page.map((doc) => fromStored<T>(doc));
      if (page.length < size) return;
      after = page[page.length - 1]._id;
    }
  }

  async drop(collection: string): Promise<void> {
    this.usable(collection);
    this.absent?.forget(collection);
    await this.collectionSwap.dropIfExists(collection);
    await this.checkpoints().deleteOne({ _id: collection });
  }

  /**
   * Not atomic as a whole (the port asks for it; MongoDB can only rename one collection
   * atomically): the documents move first (collection-swap.ts: atomic on MongoDB, a gap of one
   * round trip on FerretDB), then the checkpoint follows. Between the two, readers of `to` see
   * the new documents with the old checkpoint; a crash there leaves `to` with the old
   * checkpoint, and since the checkpoint only moves forward, the rebuilt documents are
   * re-confirmed by the projection's next commits. Rebuilds pause the live worker around the
   * swap, so no commit interleaves.
   */
  async rename(from: string, to: string): Promise<void> {
    this.usable(from, 'from');
    this.usable(to, 'to');
    if (from === to) throw new InvalidReadStoreRequest(`cannot rename '${from}' onto itself`, 'to');
    this.absent?.forget(from);
    this.absent?.forget(to);
    const moved = await this.checkpoints().findOne({ _id: from });
    // An unknown `from` leaves `to` empty, as the port says.
    if ((await this.collectionSwap.swap(from, to)) === 'source_missing') await this.collectionSwap.dropIfExists(to);
    if (moved) {
      await this.checkpoints().replaceOne({ _id: to }, { position: moved.position }, { upsert: true });
    } else {
      await this.checkpoints().deleteOne({ _id: to });
    }
    await this.checkpoints().deleteOne({ _id: from });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.client.close();
  }

  /** Drops the whole database (tests use one database per run). */
  async dropDatabase(): Promise<void> {
    if (this.closed) throw new ReadStoreClosed();
    await this.db.dropDatabase();
  }

  private query(filter?: Filter): Filter {
    // The port's filter subset is MongoDB syntax: validate it (refusing $where, $regex, …)
    // with the shared rules, then send it unchanged.
    compileFilter(filter);
    return filter ?? {};
  }

  private documents(collection: string): Collection<StoredDocument> {
    return this.db.collection<StoredDocument>(collection);
  }

  private checkpoints(): Collection<CheckpointRow> {
    return this.db.collection<CheckpointRow>(this.checkpointsName);
  }

  private usable(collection: string, field = 'collection'): string {
    if (this.closed) throw new ReadStoreClosed();
    validateCollectionName(collection, field);
    if (collection === this.checkpointsName) {
      throw new InvalidReadStoreRequest(`'${collection}' holds the checkpoints`, field);
    }
    if (collection.endsWith(ASIDE_SUFFIX)) {
      throw new InvalidReadStoreRequest(`names ending with '${ASIDE_SUFFIX}' are reserved for renames`, field);
    }
    return collection;
  }
}
