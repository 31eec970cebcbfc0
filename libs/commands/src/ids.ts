// Deterministic ids. A retried command (same idempotency key) must produce the same event ids
// and the same generated entity ids, so the store can deduplicate it and the caller gets
// the original result.
import { hash, randomUUID } from 'node:crypto';
import { canonicalJson } from '@ledger/event-store';

/** A UUID (version 8 layout, name-based) derived from the given parts. */
export function deterministicUuid(...parts: string[]): string {
  const hex = hash('sha256', parts.join('\u0000'), 'hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A short id for an entity the caller did not name (contact, case, order…), derived from the command id. */
export function derivedId(prefix: string, commandId: string): string {
  return `${prefix}-${hash('sha256', commandId, 'base64url').slice(0, 16)}`;
}

export function newCommandId(): string {
  return randomUUID();
}

/** Hash of a request as the client sent it (canonical JSON: keys sorted), stored with its events. */
export function requestHash(value: unknown): string {
  return hash('sha256', canonicalJson(value), 'base64url');
}
