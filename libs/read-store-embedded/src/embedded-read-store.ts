// The embedded read store: every collection in memory for fast reads, loaded lazily from one
// SQLite file. Writes go to a writer thread (worker-writer.ts) that commits each one as one
// transaction (documents and checkpoint together); memory takes a commit once the file has it,
// so what readers see is what a reload would give. One process owns the file; another
// process's writes are not seen.
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
  type SerialisedDocument,
} from '@ledger/read-store';
import { MemoryCollection } from './memory-collection';
import { InlineWriter, type ReadTablesWriter, type WriteOp } from './read-tables-writer';
import { SqliteReadTables, type StoredRow } from './sqlite-read-tables';
import { WorkerWriter } from './worker-writer';

export interface EmbeddedReadStoreOptions {
  /** Path of the SQLite file (created if missing), or ':memory:' for throw-away tests. */
  file: string;
  /** How long a write waits for another connection's lock before failing. Default 5000. */
  busyTimeoutMs?: number;
  /**
   * 'thread' (default for files): SQLite's writes run on a writer thread. 'inline': on the
   * calling thread, as ':memory:' always does (no second connection can see its database).
   */
  writer?: 'thread' | 'inline';
}

function serialise(doc: ReadDocument): string {
  try {
    return JSON.stringify(doc);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InvalidReadStoreRequest(`document '${doc.id}' cannot be stored as JSON: ${reason}`, 'documents');
  }
}

/**
 * Documents handed out are the store's own deep-frozen objects, shared between callers:
 * copying every read would cost more than projections and queries, which never mutate, gain.
 */
export class EmbeddedReadStore implements ReadStore {
  /**
   * Invariant: a collection with a write posted but not settled is in this map (commit loads
   * it first, drop and rename put their result here at once), so loading an absent one from
   * SQLite on this thread never misses a write still on its way.
   */
  private readonly collections = new Map<string, MemoryCollection>();
  /** Index paths asked for per collection, rebuilt when memory is reloaded after a failed write. */
  private readonly indexPaths = new Map<string, Set<string>>();
  private readonly writer: ReadTablesWriter;
  private closed = false;

  /** `tables`: this thread's connection, for loads and checkpoints (and writes when inline). */
  private constructor(
    private readonly tables: SqliteReadTables,
    options: EmbeddedReadStoreOptions,
  ) {
    const inline = options.writer === 'inline' || options.file === ':memory:';
    const forget = () => this.forgetMemory();
    this.writer = inline
      ? new InlineWriter(tables, forget)
      : new WorkerWriter({ file: options.file, busyTimeoutMs: options.busyTimeoutMs }, forget);
  }

  static open(options: EmbeddedReadStoreOptions): EmbeddedReadStore {
    // Opened here first: a file that is not a read store is refused at once, not by the thread.
    return new EmbeddedReadStore(SqliteReadTables.open(options.file, options.busyTimeoutMs), options);
  }

  async ensureCollection(collection: string, indexes: string[] = []): Promise<void> {
    this.usable(collection);
    // All paths are checked before any index is built, so a bad one changes nothing.
    indexes.forEach((path, i) => splitPath(path, `indexes[${i}]`));
    const paths = this.indexPaths.get(collection) ?? new Set<string>();
    for (const path of indexes) paths.add(path);
    this.indexPaths.set(collection, paths);
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
    await this.write(collection, documents, checkpoint, serialise);
  }

  async commitSerialised(collection: string, documents: SerialisedDocument[], checkpoint: number): Promise<void> {
    this.usable(collection);
    validateCommit(collection, documents, checkpoint);
    documents.forEach((doc, i) => {
      if (typeof doc.body !== 'string') {
        throw new InvalidReadStoreRequest('a serialised document needs its JSON body', `documents[${i}].body`);
      }
    });
    await this.write(collection, documents, checkpoint, (doc) => doc.body);
  }

  /** Both commits: the newest version of each document, if newer than the stored one, with its JSON. */
  private async write<D extends ReadDocument>(
    collection: string,
    documents: D[],
    checkpoint: number,
    body: (doc: D) => string,
  ): Promise<void> {
    const state = this.loaded(collection);
    const rows: StoredRow[] = [];
    for (const doc of newestPerId(documents).values()) {
      if (state.isNewer(doc)) rows.push({ id: doc.id, lastPosition: doc.lastPosition, body: body(doc) });
    }
    // SQLite first: if the transaction fails, memory has not been touched either.
    await this.writer.write({ kind: 'commit', collection, rows, checkpoint });
    // Memory takes its copy from the stored JSON, so it holds exactly what a reload would. The
    // guard runs again: another commit may have landed first. `state` is applied even if a
    // rename has moved it meanwhile (the rename came after this commit in the file too).
    for (const row of rows) if (state.isNewer(row)) state.put(JSON.parse(row.body) as ReadDocument);
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
    // Memory shows the drop at once (see `collections`); the file follows in order.
    this.collections.set(collection, new MemoryCollection([], 0));
    this.indexPaths.delete(collection);
    await this.writer.write({ kind: 'drop', collection });
  }

  async rename(from: string, to: string): Promise<void> {
    this.usable(from, 'from');
    this.usable(to, 'to');
    if (from === to) throw new InvalidReadStoreRequest(`cannot rename '${from}' onto itself`, 'to');
    // `to` takes over `from`'s memory (indexes included, as MongoDB keeps the source's indexes).
    this.collections.set(to, this.loaded(from));
    this.collections.set(from, new MemoryCollection([], 0));
    const paths = this.indexPaths.get(from);
    this.indexPaths.delete(from);
    if (paths) this.indexPaths.set(to, paths);
    else this.indexPaths.delete(to);
    await this.writer.write({ kind: 'rename', from, to });
  }

  async scrubFreedSpace(): Promise<void> {
    if (this.closed) throw new ReadStoreClosed();
    // Behind every write already posted, so the versions they replaced are scrubbed too.
    await this.writer.write({ kind: 'scrub' } satisfies WriteOp);
  }

  /** Lets every write already accepted reach the file, then closes it. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.writer.close();
    } finally {
      this.collections.clear();
      this.tables.close();
    }
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
      state.addIndexes([...(this.indexPaths.get(collection) ?? [])]);
      this.collections.set(collection, state);
    }
    return state;
  }

  /**
   * A write failed, so memory may be ahead of the file (a drop or rename shows at once). The
   * writer has refused everything posted after it, so the file is what memory must be again:
   * every collection is reloaded from it on next use.
   */
  private forgetMemory(): void {
    this.collections.clear();
  }
}
