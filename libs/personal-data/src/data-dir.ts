// Where customer data keys live: in embedded mode their own file in the data directory
// (embedded-vault.ts); in distributed mode the key-store server every service shares
// (docs/distributed-mode.md "Keys").
import { MongoKeyStore, type MongoKeyStoreOptions } from './mongo-key-store';
import { PersonalDataVault } from './personal-data-vault';
import { openPersonalDataVault } from './embedded-vault';

export { KEY_POOL_SIZE, openPersonalDataVault } from './embedded-vault';

/** The shared key store when one is configured (`keyStore`), else the data directory's file. */
export async function openConfiguredVault(
  dataDir: string,
  keyStore: (MongoKeyStoreOptions & { cacheMs: number }) | null,
): Promise<PersonalDataVault> {
  if (!keyStore) return openPersonalDataVault(dataDir);
  return new PersonalDataVault(await MongoKeyStore.connect(keyStore), { cacheMs: keyStore.cacheMs });
}
