// AES-256-GCM for one field value. The result is a tagged string, so an encrypted event keeps
// its shape and schema version: `enc:v1:<base64 of iv(12) | auth tag(16) | ciphertext>`.
// The customer id and field path are the additional authenticated data: a ciphertext copied to
// another customer or field does not decrypt.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export const ENCRYPTED_PREFIX = 'enc:v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export const isEncrypted = (value: unknown): value is string =>
  typeof value === 'string' && value.startsWith(ENCRYPTED_PREFIX);

export function encryptValue(value: unknown, key: Buffer, aad: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  // JSON keeps the value's type (a string stays a string) across the round trip.
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return ENCRYPTED_PREFIX + Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64');
}

/** Throws when the value was not encrypted with this key for this customer and field. */
export function decryptValue(tagged: string, key: Buffer, aad: string): unknown {
  const bytes = Buffer.from(tagged.slice(ENCRYPTED_PREFIX.length), 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  const plain = Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
  return JSON.parse(plain.toString('utf8'));
}
