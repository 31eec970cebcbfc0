// AES-256-GCM for one field value. The result is a tagged string, so an encrypted event keeps
// its shape and schema version: `enc:v1:<base64 of iv(12) | auth tag(16) | ciphertext>` under the
// customer's own key, or `enc:v2:<key id>:<same>` under a pooled key (key-pool.ts), which the
// value names because nothing else binds that key to the customer until the event is stored.
// The customer id and field path are the additional authenticated data: a ciphertext copied to
// another customer or field does not decrypt.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export const ENCRYPTED_PREFIX = 'enc:v1:';
export const POOLED_PREFIX = 'enc:v2:';
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** IVs drawn per call to the CSPRNG: one call per 1,024 fields instead of one per field. */
const IVS_PER_DRAW = 1024;

export const isEncrypted = (value: unknown): value is string =>
  typeof value === 'string' && (value.startsWith(ENCRYPTED_PREFIX) || value.startsWith(POOLED_PREFIX));

/** The pooled key a value was sealed with (`enc:v2:`), or null for a customer's own key (`enc:v1:`). */
export function keyIdOf(tagged: string): string | null {
  if (!tagged.startsWith(POOLED_PREFIX)) return null;
  const end = tagged.indexOf(':', POOLED_PREFIX.length);
  return end < 0 ? null : tagged.slice(POOLED_PREFIX.length, end);
}

/** Where the base64 payload starts. */
function payloadStart(tagged: string): number {
  if (!tagged.startsWith(POOLED_PREFIX)) return ENCRYPTED_PREFIX.length;
  return tagged.indexOf(':', POOLED_PREFIX.length) + 1;
}

let ivPool: Buffer = Buffer.alloc(0);
let ivOffset = 0;

/** A fresh random IV. Each slice of the pool is handed out once, so IVs are as random and unique as randomBytes'. */
function nextIv(): Buffer {
  if (ivOffset + IV_BYTES > ivPool.length) {
    ivPool = randomBytes(IV_BYTES * IVS_PER_DRAW);
    ivOffset = 0;
  }
  const iv = ivPool.subarray(ivOffset, ivOffset + IV_BYTES);
  ivOffset += IV_BYTES;
  return iv;
}

/** `keyId` names a pooled key (see the header); without it the value is `enc:v1:`. */
export function encryptValue(value: unknown, key: Buffer, aad: string, keyId?: string): string {
  const iv = nextIv();
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  // JSON keeps the value's type (a string stays a string) across the round trip.
  const ciphertext = withRest(cipher.update(JSON.stringify(value), 'utf8'), cipher.final());
  const prefix = keyId === undefined ? ENCRYPTED_PREFIX : `${POOLED_PREFIX}${keyId}:`;
  return prefix + Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64');
}

/** Throws when the value was not encrypted with this key for this customer and field. */
export function decryptValue(tagged: string, key: Buffer, aad: string): unknown {
  const bytes = Buffer.from(tagged.slice(payloadStart(tagged)), 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  // final() verifies the tag and throws when it does not match.
  const plain = withRest(decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final());
  return JSON.parse(plain.toString('utf8'));
}

/** GCM is a stream mode: final() returns no bytes, so the usual concat (a copy) is skipped. */
const withRest = (head: Buffer, rest: Buffer): Buffer => (rest.length === 0 ? head : Buffer.concat([head, rest]));
