// How read-store documents map to stored Mongo documents, and which server errors are
// expected outcomes rather than failures.
import { MongoBulkWriteError, MongoServerError } from 'mongodb';
import { InvalidReadStoreRequest, type ReadDocument } from '@ledger/read-store';

/** A read-store document as stored: `_id` (= id) first, then the document's own fields in order. */
export type StoredDocument = ReadDocument & { _id: string } & Record<string, unknown>;

export const DUPLICATE_KEY = 11000;
const NAMESPACE_NOT_FOUND = 26;
const NOT_IMPLEMENTED = 238;

/**
 * FerretDB v1 refuses an array directly inside an array ("nested arrays are not supported");
 * MongoDB takes them. Such an inner array is stored wrapped as `{ __ledger_array__: [...] }` on
 * both servers, so the stored shape does not depend on the server. The port's filters never
 * reach into nested arrays (no equality to a list; sorting on arrays is outside the contract),
 * so queries are unaffected.
 */
export const NESTED_ARRAY_KEY = '__ledger_array__';

/**
 * FerretDB on PostgreSQL stores documents as jsonb, which refuses U+0000 in a string ("unsupported
 * Unicode escape sequence"); MongoDB takes it. A string holding one is stored as its pieces
 * around the NULs, `{ __ledger_nul__: [...] }`, on both servers. Filters cannot match such a
 * value by equality (none of the CRM's filtered fields can hold a NUL).
 */
export const NUL_STRING_KEY = '__ledger_nul__';
const RESERVED = new Set([NESTED_ARRAY_KEY, NUL_STRING_KEY]);

type Json = unknown;

function encode(value: Json, insideArray: boolean, field: string): Json {
  if (Array.isArray(value)) {
    const items = value.map((item, i) => encode(item, true, `${field}.${i}`));
    return insideArray ? { [NESTED_ARRAY_KEY]: items } : items;
  }
  if (typeof value === 'string' && value.includes('\u0000')) return { [NUL_STRING_KEY]: value.split('\u0000') };
  if (value === null || typeof value !== 'object') return value;
  const copy: Record<string, Json> = {};
  for (const [key, item] of Object.entries(value)) {
    if (RESERVED.has(key)) {
      throw new InvalidReadStoreRequest(`'${key}' is a reserved field name`, `${field}.${key}`);
    }
    copy[key] = encode(item, false, `${field}.${key}`);
  }
  return copy;
}

function decode(value: Json): Json {
  if (Array.isArray(value)) return value.map(decode);
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  const wrapped = (value as Record<string, Json>)[NESTED_ARRAY_KEY];
  if (keys.length === 1 && keys[0] === NESTED_ARRAY_KEY && Array.isArray(wrapped)) return wrapped.map(decode);
  const pieces = (value as Record<string, Json>)[NUL_STRING_KEY];
  if (keys.length === 1 && keys[0] === NUL_STRING_KEY && Array.isArray(pieces)) return pieces.join('\u0000');
  const copy: Record<string, Json> = {};
  for (const key of keys) copy[key] = decode((value as Record<string, Json>)[key]);
  return copy;
}

/**
 * The stored form: `_id` first, then a deep copy of the document (so mutating the input after
 * commit() changes nothing), nested arrays wrapped. `field` names the document in errors.
 */
export function toStored(doc: ReadDocument, field: string): StoredDocument {
  return { _id: doc.id, ...(encode(doc, false, field) as ReadDocument) };
}

export function fromStored<T extends ReadDocument>(stored: StoredDocument): T {
  // `_id` duplicates `id`; leaving it out keeps the round trip exact, key order included.
  const { _id: _key, ...doc } = stored;
  return decode(doc) as T;
}

/**
 * True when a bulk write failed only on duplicate keys: the guarded upserts of documents whose
 * stored version was newer or equal (stale, skipped on purpose). Anything else is a real error.
 */
export function isDuplicateKeyOnly(error: unknown): error is MongoBulkWriteError {
  if (!(error instanceof MongoBulkWriteError) || error.writeConcernError) return false;
  // The driver types writeErrors as one error or a list, depending on how many there were.
  const writeErrors = [error.writeErrors].flat();
  return writeErrors.length > 0 && writeErrors.every((writeError) => writeError.code === DUPLICATE_KEY);
}

/**
 * After a duplicate-key-only bulk failure: the index of the first operation the server did not
 * process (`total` when it processed all, as MongoDB does for unordered writes).
 */
export function firstUnprocessed(error: MongoBulkWriteError, total: number): number {
  const writeErrors = [error.writeErrors].flat();
  const processed = error.result.matchedCount + error.result.upsertedCount + writeErrors.length;
  if (processed >= total) return total;
  return Math.max(...writeErrors.map((writeError) => writeError.index)) + 1;
}

/** The collection does not exist (a drop or rename of a never-written collection). */
export function isNamespaceNotFound(error: unknown): boolean {
  return (
    error instanceof MongoServerError &&
    (error.code === NAMESPACE_NOT_FOUND || /ns not found|does not exist/i.test(error.message))
  );
}

/** The server does not implement an option (FerretDB v1: renameCollection's dropTarget). */
export function isNotImplemented(error: unknown): boolean {
  return error instanceof MongoServerError && error.code === NOT_IMPLEMENTED;
}
