// A projection thread's documents: a catch-up thread's (catch-up-thread.ts) are every document
// of its read models, seeded at the start; a live thread's (live-thread.ts) are those the main
// thread sent with the batches that touch them, kept from then on. Either way a document not held
// does not exist, and the commits its workers make are kept serialised for the main thread to write.
import type { ProjectedDocument } from '@ledger/projections';
import type { ReadDocument, SerialisedDocument } from '@ledger/read-store';
import type { DocumentStore } from './projection-worker';

export interface ThreadCommit {
  collection: string;
  documents: SerialisedDocument[];
  checkpoint: number;
}

export class ThreadDocuments implements DocumentStore {
  private readonly collections = new Map<string, Map<string, ProjectedDocument>>();
  private readonly checkpoints = new Map<string, number>();
  /** Commits since the last take(), in order. */
  private outbox: ThreadCommit[] = [];

  /** A read model's documents and checkpoint as the main thread's store has them. */
  seed(collection: string, documents: readonly ProjectedDocument[], checkpoint: number): void {
    this.hold(collection, documents);
    this.checkpoints.set(collection, checkpoint);
  }

  /** Documents the main thread's store has, sent before the events that touch them; the checkpoint stays. */
  hold(collection: string, documents: readonly ProjectedDocument[]): void {
    const docs = this.documents(collection);
    for (const doc of documents) docs.set(doc.id, doc);
  }

  /** Drops what this thread holds of a collection (its read model was detached, or failed). */
  forget(collection: string): void {
    this.collections.delete(collection);
    this.checkpoints.delete(collection);
    this.outbox = this.outbox.filter((commit) => commit.collection !== collection);
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
    for (const id of ids) {
      const doc = docs.get(id);
      if (doc) found.set(id, doc as unknown as T);
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

  /** The commits made since the last call, for the main thread. */
  take(): ThreadCommit[] {
    const commits = this.outbox;
    this.outbox = [];
    return commits;
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
