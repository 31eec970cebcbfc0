// Reading documents by id: one `$in`, or on FerretDB one pushed-down find per id when they are few.
import type { Collection } from 'mongodb';
import { inLanes } from './lanes';
import type { StoredDocument } from './mongo-documents';

/**
 * FerretDB v1.24 does not push `$in` down: a `find` by `$in` reads and decodes the whole
 * collection, whatever the number of ids, while `{ _id }` alone is pushed down (still a table
 * scan in PostgreSQL, but no documents leave it but the one). Measured with 2 KB documents
 * (docs/distributed-mode.md): 1 id took 280 ms by `$in` and 6 ms by `findOne` at 5,000
 * documents, 53 vs 3.5 ms at 1,000; 16 ids 279 vs 40 ms and 56 vs 22 ms; past a few dozen ids
 * at 1,000 documents the single `$in` is cheaper (200 ids: 99 vs 441 ms). A live projection
 * reads a handful of documents per batch, a catch-up hundreds.
 */
export const FERRETDB_FINDS_UP_TO = 16;
/** Finds of one read sent at once: a service has 16 connections (MAX_CONNECTIONS) for everything. */
const FINDS_IN_FLIGHT = 8;

export async function findByIds(
  documents: Collection<StoredDocument>,
  ids: string[],
  ferretDb: boolean,
): Promise<StoredDocument[]> {
  if (!ferretDb || ids.length > FERRETDB_FINDS_UP_TO) return documents.find({ _id: { $in: ids } }).toArray();
  const found: StoredDocument[] = [];
  await inLanes(ids, FINDS_IN_FLIGHT, async (id) => {
    const doc = await documents.findOne({ _id: id });
    if (doc) found.push(doc);
  });
  return found;
}
