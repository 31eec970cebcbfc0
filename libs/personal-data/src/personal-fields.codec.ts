// Encrypts and decrypts the personal fields of one event, leaving every other field as it is.
// Pure apart from the random IVs: the key comes in as an argument.
import { decryptValue, encryptValue, isEncrypted } from './field-cipher';
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

/** The event with its personal fields as `enc:v1:` strings; an event without any is returned as is. */
export function encryptPersonalFields<E extends EventLike>(event: E, key: Buffer): E {
  const fields = pathsOf(event.type);
  if (fields.length === 0) return event;
  const subject = subjectOf(event);
  let data = event.data as Data;
  for (const { path, parts } of fields) {
    data = withLeaf(data, parts, (holder, leaf) => {
      if (!isEncrypted(holder[leaf])) holder[leaf] = encryptValue(holder[leaf], key, `${subject}/${path}`);
    });
  }
  return data === event.data ? event : { ...event, data };
}

/**
 * The event with its personal fields readable again. With no key (the customer was erased) every
 * personal field reads as null, whether it was stored encrypted or, in a log older than
 * encryption, in the clear: no reader ever shows an erased customer's personal data.
 */
export function decryptPersonalFields<E extends EventLike>(event: E, key: Buffer | null): E {
  const fields = pathsOf(event.type);
  if (fields.length === 0) return event;
  const subject = subjectOf(event);
  let data = event.data as Data;
  for (const { path, parts } of fields) {
    data = withLeaf(data, parts, (holder, leaf) => {
      const value = holder[leaf];
      if (key === null) holder[leaf] = null;
      else if (isEncrypted(value)) holder[leaf] = decryptValue(value, key, `${subject}/${path}`);
    });
  }
  return data === event.data ? event : { ...event, data };
}
