// Where customer data keys live in a data directory: their own file, so the event log can be
// copied without them.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PersonalDataVault } from './personal-data-vault';
import { SqliteKeyStore } from './sqlite-key-store';

export function openPersonalDataVault(dataDir: string): PersonalDataVault {
  mkdirSync(dataDir, { recursive: true });
  return new PersonalDataVault(SqliteKeyStore.open(join(dataDir, 'keys.sqlite')));
}
