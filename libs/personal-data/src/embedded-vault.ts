// The embedded mode's vault: customer data keys in their own file of the data directory, so the
// event log can be copied without them. Its own module (entry `@ledger/personal-data/embedded-vault`)
// so that what only ever opens a data directory (the import CLI) does not load the shared key
// store's MongoDB driver (~130 modules, ~60 ms) with the library's index.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PersonalDataVault } from './personal-data-vault';
import { SqliteKeyStore } from './sqlite-key-store';

/**
 * Keys made at a time for new customers (key-pool.ts): one fsync of keys.sqlite per this many new
 * customers instead of one per group of commands that registers any; at most this many unused keys
 * are left behind by a crash.
 */
export const KEY_POOL_SIZE = 512;

/** `busyTimeoutMs`: how long to wait for another connection's write (the key store's default if absent). */
export function openPersonalDataVault(dataDir: string, options: { busyTimeoutMs?: number } = {}): PersonalDataVault {
  mkdirSync(dataDir, { recursive: true });
  const keys = SqliteKeyStore.open(join(dataDir, 'keys.sqlite'), options);
  return new PersonalDataVault(keys, { keyPool: KEY_POOL_SIZE });
}
