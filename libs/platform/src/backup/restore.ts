// Restores a backup made by backupDataDir into a data directory (the CRM on it must be stopped:
// the event store's lock refuses a restore while anything has it open).
// Every file is checked against the manifest's SHA-256 before anything is written, and a
// non-empty target is refused unless forced: a restore overwrites the log.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { EventStoreInUse, StoreLock, eventStoreFile } from '@ledger/event-store-sqlite';
import { MANIFEST, MANIFEST_FORMAT, sha256, type BackupManifest, type Print } from './sqlite-backup';

export class RestoreRefused extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'RestoreRefused';
  }
}

function readManifest(from: string): BackupManifest {
  const file = join(from, MANIFEST);
  if (!existsSync(file)) throw new RestoreRefused(`'${from}' is not a backup: ${MANIFEST} is missing`);
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as BackupManifest;
  if (manifest.format !== MANIFEST_FORMAT) {
    throw new RestoreRefused(`'${file}' has format '${String(manifest.format)}', expected '${MANIFEST_FORMAT}'`);
  }
  return manifest;
}

/** The files the CRM keeps in a data directory: what a forced restore replaces. */
const owned = (name: string) => /\.sqlite(-wal|-shm|-journal)?$/.test(name) || name === 'checkpoint-key.pem';

export function restoreDataDir(from: string, dataDir: string, print: Print, force = false): BackupManifest {
  const manifest = readManifest(from);
  for (const file of manifest.files) {
    const path = join(from, file.name);
    if (!existsSync(path)) throw new RestoreRefused(`the backup is incomplete: ${file.name} is missing`);
    if (sha256(path) !== file.sha256)
      throw new RestoreRefused(`the backup is damaged: ${file.name} does not match its SHA-256`);
  }
  const present = existsSync(dataDir) ? readdirSync(dataDir) : [];
  if (present.length > 0 && !force) {
    throw new RestoreRefused(`'${dataDir}' is not empty (${present.length} entries); pass --force to replace its data`);
  }
  mkdirSync(dataDir, { recursive: true });
  // Held while the files are replaced: a CRM (or an import) still running on them is refused.
  const lock = lockStore(dataDir);
  try {
    // Old WAL and shared-memory files must go with their databases, or SQLite would replay them.
    for (const name of present.filter(owned)) rmSync(join(dataDir, name), { force: true });
    for (const file of manifest.files) {
      copyFileSync(join(from, file.name), join(dataDir, file.name));
      print(`  restored ${file.name} (${file.bytes.toLocaleString('en-US')} bytes)`);
    }
  } finally {
    lock?.release();
  }
  const checkpoint = manifest.lastCheckpoint;
  print(
    `restored the backup of ${manifest.createdAt} into ${dataDir}: event log up to position ${manifest.eventLogHead}` +
      (checkpoint
        ? `; verify it with: npm run verify -- --data-dir ${dataDir} --checkpoints ${join(from, 'checkpoint.ndjson')}`
        : ''),
  );
  return manifest;
}

/** The event store's lock, alone, when the directory holds a store; refused while anything has it open. */
function lockStore(dataDir: string): StoreLock | undefined {
  const store = eventStoreFile(dataDir);
  if (!existsSync(store)) return undefined;
  try {
    return StoreLock.take(store, 'exclusive');
  } catch (error) {
    if (!(error instanceof EventStoreInUse)) throw error;
    throw new RestoreRefused(
      `'${dataDir}' is in use by a running CRM (or an import): stop it before restoring into it`,
    );
  }
}
