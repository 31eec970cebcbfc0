// A projection thread's documents: a catch-up thread's (catch-up-thread.ts) are every document
// of its read models, seeded; a live thread's (live-thread.ts) are fetched from the main thread
// the first time one is touched and kept from then on. Either way, the commits its workers make
// are kept serialised for the main thread to write.
import type { ProjectedDocument } from '@ledger/projections';
import type { ReadDocument, SerialisedDocument } from '@ledger/read-store';
import type { DocumentStore } from './projection-worker';

export interface ThreadCommit {
  collection: string;
  documents: SerialisedDocument[];
  checkpoint: number;
}

/** Asks the main thread's read store for documents this thread does not hold (those it has). */
export type FetchDocuments = (collection: string, ids: string[]) => Promise<ProjectedDocument[]>;

export class ThreadDocuments implements DocumentStore {
  private readonly collections = new Map<string, Map<string, ProjectedDocument>>();
  /** Ids the main thread had no document for: only this thread writes the collection, so none will appear. */
  private readonly absent = new Map<string, Set<string>>();
  private readonly checkpoints = new Map<string, number>();
  /** Commits since the last take(), in order. */
  private outbox: ThreadCommit[] = [];

  /** Without `fetchMissing` every document was seeded, so one not held does not exist. */
  constructor(private readonly fetchMissing?: FetchDocuments) {}

  /** A read model's documents and checkpoint as the main thread's store has them. */
  seed(collection: string, documents: readonly ProjectedDocument[], checkpoint: number): void {
    const docs = this.documents(collection);
    for (const doc of documents) docs.set(doc.id, doc);
    this.checkpoints.set(collection, checkpoint);
  }

  async ensureCollection(collection: string): Promise<void> {
    this.documents(collection);
  }

  async checkpoint(collection: string): Promise<number> {
    return this.checkpoints.get(collection) ?? 0;
  }

  async getMany<T extends ReadDocument>(collection: string, ids: string[]): Promise<Map<string, T>> {
    const docs = this.documents(collection);
    const found = new Map<string, T>();
    const missing: string[] = [];
    for (const id of ids) {
      const doc = docs.get(id);
      if (doc) found.set(id, doc as unknown as T);
      else if (this.fetchMissing && !this.absent.get(collection)?.has(id)) missing.push(id);
    }
    if (this.fetchMissing && missing.length > 0) {
      // Every document this thread committed is held here, so what the main thread has of the
      // others is current: it is what the collection held when this thread took it over.
      const absent = this.absentIds(collection);
      for (const doc of await this.fetchMissing(collection, missing)) docs.set(doc.id, doc);
      for (const id of missing) {
        const doc = docs.get(id);
        if (doc) found.set(id, doc as unknown as T);
        else absent.add(id);
      }
    }
    return found;
  }

  async commit(collection: string, documents: ReadDocument[], checkpoint: number): Promise<void> {
    const docs = this.documents(collection);
    const serialised: SerialisedDocument[] = [];
    for (const doc of documents) {
      const body = JSON.stringify(doc);
      serialised.push({ id: doc.id, lastPosition: doc.lastPosition, body });
      // Kept as a reload would give it, as the main thread's store does: the next events of
      // this document are applied to exactly what a live build would apply them to.
      docs.set(doc.id, JSON.parse(body) as ProjectedDocument);
    }
    this.checkpoints.set(collection, Math.max(checkpoint, this.checkpoints.get(collection) ?? 0));
    this.outbox.push({ collection, documents: serialised, checkpoint });
  }

  /** Drops what this thread holds of a collection (its read model went elsewhere, or was replaced). */
  forget(collection: string): void {
    this.collections.delete(collection);
    this.absent.delete(collection);
    this.checkpoints.delete(collection);
    this.outbox = this.outbox.filter((commit) => commit.collection !== collection);
  }

  /** The commits made since the last call, for the main thread. */
  take(): ThreadCommit[] {
    const commits = this.outbox;
    this.outbox = [];
    return commits;
  }

  private absentIds(collection: string): Set<string> {
    let ids = this.absent.get(collection);
    if (!ids) {
      ids = new Set();
      this.absent.set(collection, ids);
    }
    return ids;
  }

  private documents(collection: string): Map<string, ProjectedDocument> {
    let docs = this.collections.get(collection);
    if (!docs) {
      docs = new Map();
      this.collections.set(collection, docs);
    }
    return docs;
  }
}
