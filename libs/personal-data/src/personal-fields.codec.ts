// Encrypts and decrypts the personal fields of one event, leaving every other field as it is.
// Pure apart from the random IVs: the key comes in as an argument.
import { decryptValue, encryptValue, isEncrypted } from './field-cipher';
import { personalFieldsOf } from './personal-fields';

export interface EventLike {
  type: string;
  data: unknown;
}

type Data = Record<string, unknown>;

function subjectOf(event: EventLike): string {
  const customerId = (event.data as { customerId?: unknown } | null)?.customerId;
  return typeof customerId === 'string' ? customerId : '';
}

/** Copies `data` along `path`, hands the leaf's holder to `change`; undefined when the path is absent. */
function withLeaf(data: Data, path: string, change: (holder: Data, leaf: string) => void): Data {
  const parts = path.split('.');
  const copy: Data = { ...data };
  let holder = copy;
  for (const part of parts.slice(0, -1)) {
    const next = holder[part];
    if (next === null || typeof next !== 'object') return data;
    holder[part] = { ...(next as Data) };
    holder = holder[part] as Data;
  }
  const leaf = parts[parts.length - 1];
  if (!(leaf in holder) || holder[leaf] === undefined || holder[leaf] === null) return data;
  change(holder, leaf);
  return copy;
}

/** The event with its personal fields as `enc:v1:` strings; an event without any is returned as is. */
export function encryptPersonalFields<E extends EventLike>(event: E, key: Buffer): E {
  const fields = personalFieldsOf(event.type);
  if (fields.length === 0) return event;
  const subject = subjectOf(event);
  let data = event.data as Data;
  for (const path of fields) {
    data = withLeaf(data, path, (holder, leaf) => {
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
  const fields = personalFieldsOf(event.type);
  if (fields.length === 0) return event;
  const subject = subjectOf(event);
  let data = event.data as Data;
  for (const path of fields) {
    data = withLeaf(data, path, (holder, leaf) => {
      const value = holder[leaf];
      if (key === null) holder[leaf] = null;
      else if (isEncrypted(value)) holder[leaf] = decryptValue(value, key, `${subject}/${path}`);
    });
  }
  return data === event.data ? event : { ...event, data };
}
