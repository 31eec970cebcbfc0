// Encrypts and decrypts the personal fields of one event, leaving every other field as it is.
// Pure apart from the random IVs: the key comes in as an argument.
import { decryptValue, encryptValue, isEncrypted, keyIdOf } from './field-cipher';
import { PERSONAL_FIELDS } from './personal-fields';

interface FieldPath {
  /** `changes.city`: also the field's part of the additional authenticated data. */
  path: string;
  parts: readonly string[];
}

/** Paths per event type, split once: every command and every projected event goes through here. */
const PATHS_BY_TYPE: ReadonlyMap<string, readonly FieldPath[]> = new Map(
  Object.entries(PERSONAL_FIELDS).map(([type, paths]) => [
    type,
    paths.map((path) => ({ path, parts: path.split('.') })),
  ]),
);
const NO_PATHS: readonly FieldPath[] = [];

const pathsOf = (type: string): readonly FieldPath[] => PATHS_BY_TYPE.get(type) ?? NO_PATHS;

export interface EventLike {
  type: string;
  data: unknown;
}

type Data = Record<string, unknown>;

function subjectOf(event: EventLike): string {
  const customerId = (event.data as { customerId?: unknown } | null)?.customerId;
  return typeof customerId === 'string' ? customerId : '';
}

/** Copies `data` along the path, hands the leaf's holder to `change`; `data` itself when the path is absent. */
function withLeaf(data: Data, parts: readonly string[], change: (holder: Data, leaf: string) => void): Data {
  const copy: Data = { ...data };
  let holder = copy;
  for (let i = 0; i < parts.length - 1; i++) {
    const next = holder[parts[i]];
    if (next === null || typeof next !== 'object') return data;
    holder = holder[parts[i]] = { ...(next as Data) };
  }
  const leaf = parts[parts.length - 1];
  if (!(leaf in holder) || holder[leaf] === undefined || holder[leaf] === null) return data;
  change(holder, leaf);
  return copy;
}

/** Whether events of this type carry personal fields at all (most do not: purchases, consents…). */
export const hasPersonalFields = (type: string): boolean => pathsOf(type).length > 0;

/** The value at `parts` inside `data`, if any. */
function leafOf(data: Data, parts: readonly string[]): unknown {
  let holder: unknown = data;
  for (const part of parts) {
    if (holder === null || typeof holder !== 'object') return undefined;
    holder = (holder as Data)[part];
  }
  return holder;
}

/** The pooled keys (key-pool.ts) the event's personal fields were sealed with, each once. */
export function pooledKeyIdsOf(event: EventLike): string[] {
  const ids: string[] = [];
  for (const { parts } of pathsOf(event.type)) {
    const value = leafOf(event.data as Data, parts);
    const id = typeof value === 'string' ? keyIdOf(value) : null;
    if (id !== null && !ids.includes(id)) ids.push(id);
  }
  return ids;
}

/**
 * The event with its personal fields as `enc:v1:` strings, or `enc:v2:<keyId>:` ones when the key
 * is a pooled one named `keyId`; an event without any is returned as is.
 */
export function encryptPersonalFields<E extends EventLike>(event: E, key: Buffer, keyId?: string): E {
  const fields = pathsOf(event.type);
  if (fields.length === 0) return event;
  const subject = subjectOf(event);
  let data = event.data as Data;
  for (const { path, parts } of fields) {
    data = withLeaf(data, parts, (holder, leaf) => {
      if (!isEncrypted(holder[leaf])) holder[leaf] = encryptValue(holder[leaf], key, `${subject}/${path}`, keyId);
    });
  }
  return data === event.data ? event : { ...event, data };
}

/** A reader's keys for one event: the customer's own (if any) and the pooled ones by id (null: destroyed). */
export interface OpeningKeys {
  own: Buffer | undefined;
  pooled(keyId: string): Buffer | null;
}

/**
 * The event with its personal fields readable again. With no key (`null`: the customer was
 * erased) every personal field reads as null, whether it was stored encrypted or, in a log older
 * than encryption, in the clear: no reader ever shows an erased customer's personal data. A field
 * sealed with a pooled key that was destroyed reads as null too.
 */
export function decryptPersonalFields<E extends EventLike>(event: E, keys: Buffer | null | OpeningKeys): E {
  const fields = pathsOf(event.type);
  if (fields.length === 0) return event;
  const subject = subjectOf(event);
  const keyOf = (value: string): Buffer | null | undefined => {
    const pooled = keyIdOf(value);
    if (keys === null) return null;
    if (!('pooled' in keys)) return pooled === null ? keys : undefined;
    return pooled === null ? keys.own : keys.pooled(pooled);
  };
  let data = event.data as Data;
  for (const { path, parts } of fields) {
    data = withLeaf(data, parts, (holder, leaf) => {
      const value = holder[leaf];
      if (keys === null) holder[leaf] = null;
      else if (isEncrypted(value)) {
        const key = keyOf(value);
        // undefined: no own key and not erased, as for a log older than encryption; left as stored.
        if (key !== undefined) holder[leaf] = key === null ? null : decryptValue(value, key, `${subject}/${path}`);
      }
    });
  }
  return data === event.data ? event : { ...event, data };
}
