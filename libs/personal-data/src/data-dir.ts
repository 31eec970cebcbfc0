// Where customer data keys live: in embedded mode their own file in the data directory, so the
// event log can be copied without them; in distributed mode the key-store server every service
// shares (docs/distributed-mode.md "Keys").
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { MongoKeyStore, type MongoKeyStoreOptions } from './mongo-key-store';
import { PersonalDataVault } from './personal-data-vault';
import { SqliteKeyStore } from './sqlite-key-store';

/**
 * Keys made at a time for new customers (key-pool.ts): one fsync of keys.sqlite per this many new
 * customers instead of one per group of commands that registers any; at most this many unused keys
 * are left behind by a crash.
 */
export const KEY_POOL_SIZE = 512;

export function openPersonalDataVault(dataDir: string): PersonalDataVault {
  mkdirSync(dataDir, { recursive: true });
  return new PersonalDataVault(SqliteKeyStore.open(join(dataDir, 'keys.sqlite')), { keyPool: KEY_POOL_SIZE });
}

/** The shared key store when one is configured (`keyStore`), else the data directory's file. */
export async function openConfiguredVault(
  dataDir: string,
  keyStore: (MongoKeyStoreOptions & { cacheMs: number }) | null,
): Promise<PersonalDataVault> {
  if (!keyStore) return openPersonalDataVault(dataDir);
  return new PersonalDataVault(await MongoKeyStore.connect(keyStore), { cacheMs: keyStore.cacheMs });
}
