// AES-256-GCM for one field value. The result is a tagged string, so an encrypted event keeps
// its shape and schema version: `enc:v1:<base64 of iv(12) | auth tag(16) | ciphertext>`.
// The customer id and field path are the additional authenticated data: a ciphertext copied to
// another customer or field does not decrypt.
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { RandomPool } from './random-pool';

export const ENCRYPTED_PREFIX = 'enc:v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** IVs drawn per call to the CSPRNG: one call per 1,024 fields instead of one per field. */
const IVS_PER_DRAW = 1024;

export const isEncrypted = (value: unknown): value is string =>
  typeof value === 'string' && value.startsWith(ENCRYPTED_PREFIX);

const ivs = new RandomPool(IV_BYTES * IVS_PER_DRAW);

export function encryptValue(value: unknown, key: Buffer, aad: string): string {
  const iv = ivs.take(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  // JSON keeps the value's type (a string stays a string) across the round trip.
  const ciphertext = withRest(cipher.update(JSON.stringify(value), 'utf8'), cipher.final());
  return ENCRYPTED_PREFIX + Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64');
}

/** Throws when the value was not encrypted with this key for this customer and field. */
export function decryptValue(tagged: string, key: Buffer, aad: string): unknown {
  const bytes = Buffer.from(tagged.slice(ENCRYPTED_PREFIX.length), 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  // final() verifies the tag and throws when it does not match.
  const plain = withRest(decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final());
  return JSON.parse(plain.toString('utf8'));
}

/** GCM is a stream mode: final() returns no bytes, so the usual concat (a copy) is skipped. */
const withRest = (head: Buffer, rest: Buffer): Buffer => (rest.length === 0 ? head : Buffer.concat([head, rest]));
