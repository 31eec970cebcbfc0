// Online backup of a data directory with SQLite's backup API (better-sqlite3 `backup()`), while
// the CRM keeps running and writing: each file is copied page by page from a consistent snapshot.
// Files are copied in an order that keeps the copy coherent across files: read models first (their
// checkpoints can only be behind the log copied after them), then the log, then the keys (a
// superset of the keys the copied log needs), then the rest.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SignedCheckpoint } from '@ledger/event-store';
import { openEventStoreToRead } from '@ledger/event-store-sqlite';

export const MANIFEST = 'backup.json';
/** The backup's last signed checkpoint, as a one-line witness file for `verify --checkpoints`. */
export const CHECKPOINT_FILE = 'checkpoint.ndjson';
export const MANIFEST_FORMAT = 'ledger-crm/backup/v1';
const ORDER = ['read-models.sqlite', 'events.sqlite', 'keys.sqlite'];
/** Non-SQLite files of a data directory that belong in a backup. */
const PLAIN_FILES = ['checkpoint-key.pem'];
export const PAGES_PER_STEP = 1000;
/** Past this many restarts (the CRM wrote meanwhile), the rest is copied in one step. */
const RESTARTS_BEFORE_ONE_STEP = 2;

export interface BackedUpFile {
  name: string;
  bytes: number;
  sha256: string;
}

export interface BackupManifest {
  format: string;
  createdAt: string;
  files: BackedUpFile[];
  eventLogHead: number;
  lastCheckpoint: SignedCheckpoint | null;
}

export type Print = (line: string) => void;

/** The SQLite files of a data directory, in backup order. */
export function sqliteFiles(dataDir: string): string[] {
  const present = readdirSync(dataDir).filter((name) => name.endsWith('.sqlite'));
  const rank = (name: string) => (ORDER.includes(name) ? ORDER.indexOf(name) : ORDER.length);
  return present.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

export function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

const mb = (pages: number, pageSize: number) => `${((pages * pageSize) / 1_048_576).toFixed(1)} MB`;

async function backupFile(source: string, target: string, print: Print, pagesPerStep: number): Promise<void> {
  const db = new Database(source, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    const pageSize = Number(db.pragma('page_size', { simple: true }));
    const name = source.split(/[\\/]/).pop();
    let restarts = 0;
    let previous = Number.POSITIVE_INFINITY;
    const started = Date.now();
    const result = await db.backup(target, {
      progress: ({ totalPages, remainingPages }) => {
        if (remainingPages > previous) restarts++;
        previous = remainingPages;
        print(`  ${name}: ${totalPages - remainingPages} of ${totalPages} pages (${mb(totalPages, pageSize)})…`);
        // A write by the CRM between two steps restarts the copy; under steady load the rest goes in one step.
        return restarts >= RESTARTS_BEFORE_ONE_STEP ? 0x7fffffff : pagesPerStep;
      },
    });
    const pages = result.totalPages;
    const restarted = restarts > 0 ? `, restarted ${restarts} times as the CRM wrote meanwhile` : '';
    print(`  ${name}: done, ${pages} pages (${mb(pages, pageSize)}) in ${Date.now() - started} ms${restarted}`);
  } finally {
    db.close();
  }
}

/** The backed-up log's head and last signed checkpoint, read from the copy. */
async function describeLog(dir: string): Promise<Pick<BackupManifest, 'eventLogHead' | 'lastCheckpoint'>> {
  if (!existsSync(join(dir, 'events.sqlite'))) return { eventLogHead: 0, lastCheckpoint: null };
  const store = openEventStoreToRead(dir);
  try {
    let last: SignedCheckpoint | null = null;
    for (let page = await store.checkpoints(0, 1000); page.length > 0; ) {
      last = page[page.length - 1];
      if (page.length < 1000) break;
      page = await store.checkpoints(last.position, 1000);
    }
    return { eventLogHead: await store.headPosition(), lastCheckpoint: last };
  } finally {
    await store.close();
  }
}

/**
 * Copies every SQLite file (and the checkpoint key) of `dataDir` into `to`, which must be empty or
 * new. `pagesPerStep` trades the copy's speed for the CRM's: between steps its writes go on.
 */
export async function backupDataDir(
  dataDir: string,
  to: string,
  print: Print,
  pagesPerStep = PAGES_PER_STEP,
  now = new Date(),
): Promise<BackupManifest> {
  mkdirSync(to, { recursive: true });
  const files = sqliteFiles(dataDir);
  print(`backing up ${files.length} SQLite files from ${dataDir} to ${to}`);
  for (const name of files) await backupFile(join(dataDir, name), join(to, name), print, pagesPerStep);
  for (const name of PLAIN_FILES) {
    if (existsSync(join(dataDir, name))) copyFileSync(join(dataDir, name), join(to, name));
  }
  const log = await describeLog(to);
  const copied = [...files, ...PLAIN_FILES.filter((name) => existsSync(join(to, name)))];
  const manifest: BackupManifest = {
    format: MANIFEST_FORMAT,
    createdAt: now.toISOString(),
    files: copied.map((name) => ({ name, bytes: statSync(join(to, name)).size, sha256: sha256(join(to, name)) })),
    ...log,
  };
  writeFileSync(join(to, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  if (log.lastCheckpoint) writeFileSync(join(to, CHECKPOINT_FILE), `${JSON.stringify(log.lastCheckpoint)}\n`);
  const checkpoint = log.lastCheckpoint;
  print(
    `backup complete: ${copied.length} files, event log up to position ${log.eventLogHead}` +
      (checkpoint
        ? `, last signed checkpoint at position ${checkpoint.position} (${checkpoint.at})`
        : ', no signed checkpoint yet'),
  );
  return manifest;
}
