// Who else has an event store file open. The CRM's processes share it (each holds a shared lock
// while its store is open); an import with --data-dir needs it alone (an exclusive lock): it keeps
// customers' states and new customers' keys in memory as their sole writer, so a CRM appending
// beside it, or a second import, must be refused, not discovered afterwards. The lock is SQLite's
// own on a file beside the store (`<store>.lock`), held by an open transaction: the kernel drops it
// with the process however it ends (kill -9 included), so it is never left stale. The file stays
// empty. POSIX drops a process's locks on a file when it closes any descriptor of it: nothing in
// a process holding the lock may open the file other than through this connection (fs.readFile
// included), or other processes stop seeing the lock.
import Database from 'better-sqlite3';

export type StoreLockMode = 'shared' | 'exclusive';

/** The store is open elsewhere in a way that excludes this open (see StoreLock). */
export class EventStoreInUse extends Error {
  constructor(
    readonly file: string,
    readonly wanted: StoreLockMode,
  ) {
    super(
      wanted === 'exclusive'
        ? `'${file}' is open in another process (a CRM, an import or a tool): this needs the store alone`
        : `'${file}' is open alone in another process (an import with --data-dir, or a restore): try again when it is done`,
    );
    this.name = 'EventStoreInUse';
  }
}

export class StoreLock {
  private constructor(private readonly db: Database.Database) {}

  /** Taken at once or refused with EventStoreInUse: a held lock is not waited for. */
  static take(storeFile: string, mode: StoreLockMode): StoreLock {
    const db = new Database(`${storeFile}.lock`);
    try {
      db.pragma('busy_timeout = 0');
      if (mode === 'exclusive') db.exec('BEGIN EXCLUSIVE');
      else {
        db.exec('BEGIN');
        db.prepare('SELECT count(*) FROM sqlite_master').get(); // a read: SQLite's shared lock, held until the end
      }
      return new StoreLock(db);
    } catch (error) {
      db.close();
      if ((error as { code?: string }).code === 'SQLITE_BUSY') throw new EventStoreInUse(storeFile, mode);
      throw error;
    }
  }

  release(): void {
    if (this.db.open) this.db.close();
  }
}
