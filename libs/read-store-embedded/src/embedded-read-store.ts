// The embedded read store: every collection in memory for fast reads, loaded lazily from one
// SQLite file that every commit writes through first (documents and checkpoint in one
// transaction). One process owns the file; another process's writes are not seen.
import {
  DEFAULT_SCAN_PAGE_SIZE,
  InvalidReadStoreRequest,
  ReadStoreClosed,
  newestPerId,
  splitPath,
  validateCollectionName,
  validateCommit,
  validatePageSize,
  type Filter,
  type FindOptions,
  type ReadDocument,
  type ReadStore,
} from '@ledger/read-store';
import { MemoryCollection } from './memory-collection';
import { SqliteReadTables } from './sqlite-read-tables';

export interface EmbeddedReadStoreOptions {
  /** Path of the SQLite file (created if missing), or ':memory:' for throw-away tests. */
  file: string;
  /** How long a write waits for another connection's lock before failing. Default 5000. */
  busyTimeoutMs?: number;
}

/**
 * Documents handed out are the store's own deep-frozen objects, shared between callers:
 * copying every read would cost more than projections and queries, which never mutate, gain.
 */
export class EmbeddedReadStore implements ReadStore {
  private readonly collections = new Map<string, MemoryCollection>();
  private closed = false;

  private constructor(private readonly tables: SqliteReadTables) {}

  static open(options: EmbeddedReadStoreOptions): EmbeddedReadStore {
    return new EmbeddedReadStore(SqliteReadTables.open(options.file, options.busyTimeoutMs));
  }

  async ensureCollection(collection: string, indexes: string[] = []): Promise<void> {
    this.usable(collection);
    // All paths are checked before any index is built, so a bad one changes nothing.
    indexes.forEach((path, i) => splitPath(path, `indexes[${i}]`));
    this.loaded(collection).addIndexes(indexes);
  }

  async get<T extends ReadDocument>(collection: string, id: string): Promise<T | null> {
    return (this.loaded(this.usable(collection)).get(id) as T | undefined) ?? null;
  }

  async getMany<T extends ReadDocument>(collection: string, ids: string[]): Promise<Map<string, T>> {
    const state = this.loaded(this.usable(collection));
    const found = new Map<string, T>();
    for (const id of ids) {
      const doc = state.get(id);
      if (doc) found.set(id, doc as T);
    }
    return found;
  }

  async commit(collection: string, documents: ReadDocument[], checkpoint: number): Promise<void> {
    this.usable(collection);
    validateCommit(collection, documents, checkpoint);
    const state = this.loaded(collection);
    const fresh = [...newestPerId(documents).values()].filter((doc) => {
      const stored = state.get(doc.id);
      return !stored || doc.lastPosition > stored.lastPosition;
    });
    // SQLite first: if the transaction throws, memory has not been touched either.
    const written = this.tables.commit(collection, fresh, checkpoint);
    // Memory takes its copy from the stored JSON, so it holds exactly what a reload would.
    for (const { body } of written) state.put(JSON.parse(body) as ReadDocument);
    state.checkpoint = Math.max(state.checkpoint, checkpoint);
  }

  async checkpoint(collection: string): Promise<number> {
    this.usable(collection);
    // No need to load a whole collection to answer this.
    return this.collections.get(collection)?.checkpoint ?? this.tables.checkpoint(collection);
  }

  async find<T extends ReadDocument>(collection: string, options?: FindOptions): Promise<T[]> {
    return this.loaded(this.usable(collection)).find(options) as T[];
  }

  async count(collection: string, filter?: Filter): Promise<number> {
    return this.loaded(this.usable(collection)).count(filter);
  }

  async *scan<T extends ReadDocument>(collection: string, pageSize = DEFAULT_SCAN_PAGE_SIZE): AsyncIterable<T[]> {
    const size = validatePageSize(pageSize);
    const state = this.loaded(this.usable(collection));
    const ids = state.orderedIds();
    for (let start = 0; start < ids.length; start += size) {
      this.usable(collection);
      // A drop or rename since the last page ends the scan instead of serving detached data.
      if (this.collections.get(collection) !== state) return;
      const page = ids.slice(start, start + size).map((id) => state.get(id) as T);
      yield page;
    }
  }

  async drop(collection: string): Promise<void> {
    this.usable(collection);
    this.tables.drop(collection);
    this.collections.delete(collection);
  }

  async rename(from: string, to: string): Promise<void> {
    this.usable(from, 'from');
    this.usable(to, 'to');
    if (from === to) throw new InvalidReadStoreRequest(`cannot rename '${from}' onto itself`, 'to');
    this.tables.rename(from, to);
    // `to` takes over `from`'s memory (indexes included, as MongoDB keeps the source's indexes);
    // an unloaded `from` leaves `to` to be loaded from SQLite on first use.
    const moving = this.collections.get(from);
    this.collections.delete(from);
    this.collections.delete(to);
    if (moving) this.collections.set(to, moving);
  }

  async scrubFreedSpace(): Promise<void> {
    if (this.closed) throw new ReadStoreClosed();
    this.tables.truncateWal();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.collections.clear();
    this.tables.close();
  }

  private usable(collection: string, field = 'collection'): string {
    if (this.closed) throw new ReadStoreClosed();
    validateCollectionName(collection, field);
    return collection;
  }

  /** The collection in memory, read from SQLite on first use. */
  private loaded(collection: string): MemoryCollection {
    let state = this.collections.get(collection);
    if (!state) {
      const checkpoint = this.tables.checkpoint(collection);
      const docs = (function* (bodies: Iterable<string>) {
        for (const body of bodies) yield JSON.parse(body) as ReadDocument;
      })(this.tables.bodies(collection));
      state = new MemoryCollection(docs, checkpoint);
      this.collections.set(collection, state);
    }
    return state;
  }
}
