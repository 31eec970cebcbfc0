// How a commit's documents reach the server: guarded upserts (replace only an older version),
// and on FerretDB plain inserts for the documents the last read found absent.
import { MongoBulkWriteError, type AnyBulkWriteOperation, type Collection } from 'mongodb';
import { inLanes } from './lanes';
import { DUPLICATE_KEY, firstUnprocessed, isDuplicateKeyOnly, type StoredDocument } from './mongo-documents';

/** Capped commands of one commit sent at once (they name different documents). */
const COMMANDS_IN_FLIGHT = 4;

/** Ids remembered as absent per collection; past this the memory is dropped (it is only a hint). */
const MOST_ABSENT_IDS = 50_000;

/**
 * FerretDB v1.24 on PostgreSQL answers every update, replace and find by first selecting the
 * rows its filter matches. It pushes `{ _id: <string> }` down as jsonb containment
 * (`_jsonb->'_id' @> '"…"'`), which its own btree index on `_jsonb->'_id'` cannot serve, so
 * each statement scans the table; `$in` is not pushed down at all. An insert selects nothing:
 * the unique index refuses a duplicate. Measured (docs/distributed-mode.md): 200 new 2 KB
 * documents took 29–50 ms as one insert and 234–607 ms as guarded upserts.
 *
 * So on FerretDB the store remembers which ids its last read of a collection found absent, and
 * a commit inserts those documents. The guard is not weakened: an insert succeeds only where
 * no version is stored (any version is older than none); one that another writer created
 * meanwhile fails as a duplicate key and goes through the guarded upsert like every other
 * document. A wrong hint costs a round trip, never a write the guard would refuse.
 */
export class AbsentIds {
  private readonly ids = new Map<string, Set<string>>();

  /** After a read of `requested` ids of which `found` exist. */
  learn(collection: string, requested: Iterable<string>, found: ReadonlySet<string>): void {
    let absent = this.ids.get(collection);
    if (!absent) this.ids.set(collection, (absent = new Set()));
    for (const id of requested) {
      if (found.has(id)) absent.delete(id);
      else absent.add(id);
    }
    if (absent.size > MOST_ABSENT_IDS) this.ids.delete(collection);
  }

  /** True when `id` was last read as absent; the hint is used up either way. */
  take(collection: string, id: string): boolean {
    return this.ids.get(collection)?.delete(id) ?? false;
  }

  forget(collection: string): void {
    this.ids.delete(collection);
  }
}

/** The guard as one statement: replace only an older version, or insert when there is none. */
export function guardedUpsert(doc: StoredDocument): AnyBulkWriteOperation<StoredDocument> {
  return {
    replaceOne: {
      // When a newer or equal version is stored the filter misses, the upsert tries to insert
      // the same _id and fails with a duplicate key, which here means "stale, skip".
      filter: { _id: doc._id, lastPosition: { $lt: doc.lastPosition } },
      replacement: doc,
      upsert: true,
    },
  };
}

/**
 * Inserts documents believed absent, unordered; returns those the server refused as
 * duplicates (created meanwhile), for the guarded path. Any other failure is thrown.
 */
export async function insertAbsent(
  documents: Collection<StoredDocument>,
  docs: StoredDocument[],
): Promise<StoredDocument[]> {
  if (docs.length === 0) return [];
  try {
    await documents.insertMany(docs, { ordered: false });
    return [];
  } catch (error) {
    if (!(error instanceof MongoBulkWriteError) || error.writeConcernError) throw error;
    const writeErrors = [error.writeErrors].flat();
    if (writeErrors.some((writeError) => writeError.code !== DUPLICATE_KEY)) throw error;
    // Unordered inserts are all attempted (FerretDB retries them one by one after a failure),
    // so exactly the reported ones are left.
    return writeErrors.map((writeError) => docs[writeError.index]);
  }
}

/**
 * Runs guarded upserts, unordered, in commands of at most `perCommand` statements. MongoDB
 * applies every operation and reports the stale ones as duplicate keys; FerretDB v1 stops at the
 * first error even when unordered, so the operations after it are sent again until every one
 * was processed. Where commands are capped (FerretDB), up to COMMANDS_IN_FLIGHT of them run at
 * once: each names other documents, and a commit waits on round trips far more than on the
 * server's work.
 */
export async function writeGuarded(
  documents: Collection<StoredDocument>,
  operations: AnyBulkWriteOperation<StoredDocument>[],
  perCommand: number,
): Promise<void> {
  const commands: AnyBulkWriteOperation<StoredDocument>[][] = [];
  for (let i = 0; i < operations.length; i += perCommand) commands.push(operations.slice(i, i + perCommand));
  await inLanes(commands, COMMANDS_IN_FLIGHT, (command) => writeStatements(documents, command));
}

async function writeStatements(
  documents: Collection<StoredDocument>,
  operations: AnyBulkWriteOperation<StoredDocument>[],
): Promise<void> {
  let pending = operations;
  while (pending.length > 0) {
    try {
      await documents.bulkWrite(pending, { ordered: false });
      return;
    } catch (error) {
      if (!isDuplicateKeyOnly(error)) throw error;
      pending = pending.slice(firstUnprocessed(error, pending.length));
    }
  }
}
