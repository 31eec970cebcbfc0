// A user's id is derived from their email with a keyed HMAC (the deployment's actor-label key):
// one email is one user, found by sign-in without a lookup table, and the id, which events and
// references keep for ever, reveals nothing about the address once the person is erased.
import { createHmac } from 'node:crypto';

/** Emails compare without case or surrounding blanks: Ada@Example.com is ada@example.com. */
export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

/** `u-` and 24 hex characters (96 bits of the HMAC): no two emails of a deployment share it. */
export function userIdOf(email: string, key: Buffer): string {
  const mac = createHmac('sha256', key)
    .update(`user-email\u0000${normalizeEmail(email)}`, 'utf8')
    .digest('hex');
  return `u-${mac.slice(0, 24)}`;
}
