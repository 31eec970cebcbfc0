// Argument rules every adapter enforces the same way before touching storage, so a bad call
// fails with the same typed error everywhere and nothing is half-written.
import { InvalidReadStoreRequest } from './read-store.errors';
import type { FindOptions, ReadDocument } from './read-store.port';

export const DEFAULT_SCAN_PAGE_SIZE = 1000;

/** Names MongoDB also accepts as collection names (and that stay readable in SQLite). */
export function validateCollectionName(collection: unknown, field = 'collection'): asserts collection is string {
  if (typeof collection !== 'string' || collection.length === 0 || collection.length > 120) {
    throw new InvalidReadStoreRequest(`a collection name is a string of 1 to 120 characters`, field);
  }
  if (/[$\0]/.test(collection) || collection.startsWith('system.')) {
    throw new InvalidReadStoreRequest(`'${collection}' is not a valid collection name`, field);
  }
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** Refuses, before anything is written, documents that could not be stored or compared. */
export function validateCommit(collection: string, documents: readonly ReadDocument[], checkpoint: number): void {
  validateCollectionName(collection);
  if (!Array.isArray(documents)) throw new InvalidReadStoreRequest('documents must be a list', 'documents');
  documents.forEach((doc, i) => {
    if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
      throw new InvalidReadStoreRequest('a document must be an object', `documents[${i}]`);
    }
    if (typeof doc.id !== 'string' || doc.id.length === 0) {
      throw new InvalidReadStoreRequest('a document id must be a non-empty string', `documents[${i}].id`);
    }
    if (typeof doc.lastPosition !== 'number' || !Number.isFinite(doc.lastPosition)) {
      throw new InvalidReadStoreRequest('lastPosition must be a finite number', `documents[${i}].lastPosition`);
    }
  });
  if (typeof checkpoint !== 'number' || !Number.isFinite(checkpoint) || checkpoint < 0) {
    throw new InvalidReadStoreRequest('a checkpoint is a finite number ≥ 0', 'checkpoint');
  }
}

export interface FindPage {
  skip: number;
  /** Undefined = no limit. */
  limit: number | undefined;
}

/** skip/limit as non-negative integers; limit 0 means "no documents" (not MongoDB's "no limit"). */
export function validatePaging(options: FindOptions = {}): FindPage {
  const { skip = 0, limit } = options;
  if (!isCount(skip)) throw new InvalidReadStoreRequest('skip must be an integer ≥ 0', 'skip');
  if (limit !== undefined && !isCount(limit))
    throw new InvalidReadStoreRequest('limit must be an integer ≥ 0', 'limit');
  return { skip, limit };
}

export function validatePageSize(pageSize: number = DEFAULT_SCAN_PAGE_SIZE): number {
  if (!isCount(pageSize) || pageSize === 0)
    throw new InvalidReadStoreRequest('pageSize must be an integer ≥ 1', 'pageSize');
  return pageSize;
}

/**
 * The commit guard within one batch: per id, the document with the highest lastPosition (the
 * first of equals), in first-seen order. Adapters then apply the same guard against storage.
 */
export function newestPerId<T extends ReadDocument>(documents: readonly T[]): Map<string, T> {
  const newest = new Map<string, T>();
  for (const doc of documents) {
    const seen = newest.get(doc.id);
    if (!seen || doc.lastPosition > seen.lastPosition) newest.set(doc.id, doc);
  }
  return newest;
}
