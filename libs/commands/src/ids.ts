// Deterministic ids. A retried command (same idempotency key) must produce the same event ids
// and the same generated entity ids, so the store can deduplicate it and the caller gets
// the original result.
import { createHash, randomUUID } from 'node:crypto';

/** A UUID (version 8 layout, name-based) derived from the given parts. */
export function deterministicUuid(...parts: string[]): string {
  const hex = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A short id for an entity the caller did not name (contact, case, order…), derived from the command id. */
export function derivedId(prefix: string, commandId: string): string {
  return `${prefix}-${createHash('sha256').update(commandId).digest('base64url').slice(0, 16)}`;
}

export function newCommandId(): string {
  return randomUUID();
}

/** Hash of a request as the client sent it (canonical JSON: keys sorted). */
export function requestHash(value: unknown): string {
  return createHash('sha256')
    .update(canonicalJson(value) ?? '')
    .digest('base64url');
}

/**
 * JSON with object keys sorted (by UTF-16 code unit, as Array#sort does) and undefined members
 * dropped. The hash is stored with every event, so the output must never change: a retry after
 * an upgrade has to hash as the first attempt did (ids.spec.ts pins it). Written as loops because
 * it runs on every command.
 */
function canonicalJson(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + (canonicalJson(value[i]) ?? '');
    return out + ']';
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const member = record[key];
    if (member === undefined) continue;
    out += `${first ? '' : ','}${JSON.stringify(key)}:${canonicalJson(member)}`;
    first = false;
  }
  return out + '}';
}
