// The label an API key acts under in event metadata (`channel:3f9a…`): it must tell keys apart
// for ever and never reveal them. A keyed HMAC-SHA-256 prefix does both; the 32-bit FNV hash it
// replaces could give two keys one label, and anyone could test a guessed key against it.
// Labels already stored keep their old 8-character form.
import { createHmac, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Hex characters of the HMAC kept: 64 bits, so a collision among a deployment's keys is out of reach. */
export const ACTOR_LABEL_LENGTH = 16;
/** Where the HMAC key is kept when CRM_ACTOR_LABEL_KEY is not set. */
export const ACTOR_LABEL_KEY_FILE = 'actor-label.key';
/** Nest token for the HMAC key. */
export const ACTOR_LABEL_KEY = Symbol('ACTOR_LABEL_KEY');

/** `role:<16 hex>`, the same for the same key and HMAC key. */
export function actorLabel(role: string, apiKey: string, labelKey: Buffer): string {
  const mac = createHmac('sha256', labelKey).update(apiKey, 'utf8').digest('hex');
  return `${role}:${mac.slice(0, ACTOR_LABEL_LENGTH)}`;
}

/**
 * The HMAC key: the configured one (CRM_ACTOR_LABEL_KEY; every instance of a distributed
 * deployment needs the same), or one made once for the data directory and kept in
 * `<dataDir>/actor-label.key`, so labels stay the same across restarts.
 */
export function loadActorLabelKey(configured: string | null, dataDir: string): Buffer {
  if (configured !== null) return Buffer.from(configured, 'utf8');
  const file = join(dataDir, ACTOR_LABEL_KEY_FILE);
  try {
    return readKeyFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  try {
    // 'wx': two processes starting on one data directory keep the first one's key.
    writeFileSync(file, `${key.toString('hex')}\n`, { flag: 'wx', mode: 0o600 });
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return readKeyFile(file);
  }
}

function readKeyFile(file: string): Buffer {
  const hex = readFileSync(file, 'utf8').trim();
  // A damaged file must stop the start, not silently give every key a new label.
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new Error(`${file} must hold 64 hex characters (the actor-label HMAC key)`);
  return Buffer.from(hex, 'hex');
}
