// Audit reads are themselves audited: who read which customer's history, state or export, when,
// through which endpoint. An append-only table in its own SQLite file (`audit-access.sqlite`),
// so customer streams carry only customer facts and the log survives read-model rebuilds.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';

export interface AccessEntry {
  id: number;
  at: string;
  actor: string;
  role: string;
  endpoint: string;
  customerId: string | null;
}

export class AccessLog {
  private readonly insert;
  private readonly page;

  private constructor(private readonly db: Database.Database) {
    this.insert = db.prepare<[string, string, string, string, string | null]>(
      'INSERT INTO access_log (at, actor, role, endpoint, customer_id) VALUES (?, ?, ?, ?, ?)',
    );
    this.page = db.prepare<[number, number], AccessEntry>(
      `SELECT id, at, actor, role, endpoint, customer_id AS customerId FROM access_log
       WHERE id > ? ORDER BY id LIMIT ?`,
    );
  }

  static open(dataDir: string): AccessLog {
    mkdirSync(dataDir, { recursive: true });
    const db = new Database(join(dataDir, 'audit-access.sqlite'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    // Entries hold only ids, but nothing personal must ever linger in free space here either.
    db.pragma('secure_delete = ON');
    db.pragma('busy_timeout = 5000');
    // No UPDATE or DELETE path exists in code; the triggers refuse them from any other tool too.
    db.exec(`
      CREATE TABLE IF NOT EXISTS access_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, actor TEXT NOT NULL, role TEXT NOT NULL,
        endpoint TEXT NOT NULL, customer_id TEXT
      ) STRICT;
      CREATE TRIGGER IF NOT EXISTS access_log_no_update BEFORE UPDATE ON access_log
        BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
      CREATE TRIGGER IF NOT EXISTS access_log_no_delete BEFORE DELETE ON access_log
        BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
    `);
    return new AccessLog(db);
  }

  record(entry: Omit<AccessEntry, 'id'>): void {
    this.insert.run(entry.at, entry.actor, entry.role, entry.endpoint, entry.customerId);
  }

  /** Entries after id `after`, oldest first. */
  read(after: number, limit: number): AccessEntry[] {
    return this.page.all(after, limit);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
