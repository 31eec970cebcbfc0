// What sign-in keeps beside the event log, in its own SQLite file (`sign-in.sqlite`): password
// hashes (never events: the log is exported, replicated and kept for ever), sessions (by the
// SHA-256 of their token, so the file alone signs nobody in) and failed attempts per email.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** Nest token of the SignInStore. */
export const SIGN_IN_STORE = Symbol('SIGN_IN_STORE');

export interface StoredSession {
  userId: string;
  csrfToken: string;
  createdAt: number;
  lastSeenAt: number;
}

export interface Failures {
  count: number;
  lockedUntil: number;
}

export interface StoredApiKey {
  keyId: string;
  name: string;
  role: string;
  /** Channels the key may write as (X-Source-Channel); null: any. */
  channels: string[] | null;
  createdAt: number;
  createdBy: string;
  revokedAt: number | null;
  lastUsedAt: number | null;
}

type ApiKeyRow = Omit<StoredApiKey, 'channels'> & { channels: string | null };
const API_KEY_COLUMNS =
  'SELECT key_id AS keyId, name, role, channels, created_at AS createdAt, created_by AS createdBy, revoked_at AS revokedAt, last_used_at AS lastUsedAt FROM api_keys';
const fromRow = (row: ApiKeyRow): StoredApiKey => ({
  ...row,
  channels: row.channels === null ? null : (JSON.parse(row.channels) as string[]),
});

export const tokenHash = (token: string): string => createHash('sha256').update(token).digest('hex');

export class SignInStore {
  private constructor(private readonly db: Database.Database) {}

  /** The open file, for the single sign-on tables kept beside the sessions they belong to (oidc-store.ts). */
  get connection(): Database.Database {
    return this.db;
  }

  static open(dataDir: string): SignInStore {
    mkdirSync(dataDir, { recursive: true });
    const db = new Database(join(dataDir, 'sign-in.sqlite'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    // A removed session or password hash must not linger in free pages.
    db.pragma('secure_delete = ON');
    db.pragma('busy_timeout = 5000');
    db.exec(`
      CREATE TABLE IF NOT EXISTS credentials (user_id TEXT PRIMARY KEY, hash TEXT NOT NULL, set_at INTEGER NOT NULL) STRICT;
      CREATE TABLE IF NOT EXISTS sessions (
        token_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL, csrf TEXT NOT NULL,
        created_at INTEGER NOT NULL, last_seen_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX IF NOT EXISTS sessions_by_user ON sessions (user_id);
      CREATE TABLE IF NOT EXISTS api_keys (
        key_id TEXT PRIMARY KEY, key_hash TEXT NOT NULL UNIQUE, name TEXT NOT NULL, role TEXT NOT NULL,
        channels TEXT, created_at INTEGER NOT NULL, created_by TEXT NOT NULL,
        revoked_at INTEGER, last_used_at INTEGER
      ) STRICT;
      CREATE TABLE IF NOT EXISTS failures (subject TEXT PRIMARY KEY, count INTEGER NOT NULL, locked_until INTEGER NOT NULL) STRICT;
    `);
    return new SignInStore(db);
  }

  passwordHash(userId: string): string | null {
    const row = this.db.prepare('SELECT hash FROM credentials WHERE user_id = ?').get(userId) as
      | { hash: string }
      | undefined;
    return row?.hash ?? null;
  }

  setPasswordHash(userId: string, hash: string, at: number): void {
    this.db
      .prepare(
        'INSERT INTO credentials (user_id, hash, set_at) VALUES (?, ?, ?) ON CONFLICT(user_id) DO UPDATE SET hash = excluded.hash, set_at = excluded.set_at',
      )
      .run(userId, hash, at);
  }

  createSession(token: string, session: StoredSession): void {
    this.db
      .prepare('INSERT INTO sessions (token_hash, user_id, csrf, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)')
      .run(tokenHash(token), session.userId, session.csrfToken, session.createdAt, session.lastSeenAt);
  }

  session(token: string): StoredSession | null {
    const row = this.db
      .prepare(
        'SELECT user_id AS userId, csrf AS csrfToken, created_at AS createdAt, last_seen_at AS lastSeenAt FROM sessions WHERE token_hash = ?',
      )
      .get(tokenHash(token)) as StoredSession | undefined;
    return row ?? null;
  }

  touchSession(token: string, at: number): void {
    this.db.prepare('UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?').run(at, tokenHash(token));
  }

  deleteSession(token: string): void {
    this.db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(tokenHash(token));
  }

  /** Every session of the user ("sign out everywhere", a new password). */
  deleteSessionsOf(userId: string): number {
    return this.db.prepare('DELETE FROM sessions WHERE user_id = ?').run(userId).changes;
  }

  failures(subject: string): Failures {
    const row = this.db
      .prepare('SELECT count, locked_until AS lockedUntil FROM failures WHERE subject = ?')
      .get(subject) as Failures | undefined;
    return row ?? { count: 0, lockedUntil: 0 };
  }

  recordFailure(subject: string, failures: Failures): void {
    this.db
      .prepare(
        'INSERT INTO failures (subject, count, locked_until) VALUES (?, ?, ?) ON CONFLICT(subject) DO UPDATE SET count = excluded.count, locked_until = excluded.locked_until',
      )
      .run(subject, failures.count, failures.lockedUntil);
  }

  clearFailures(subject: string): void {
    this.db.prepare('DELETE FROM failures WHERE subject = ?').run(subject);
  }

  addApiKey(key: string, record: Omit<StoredApiKey, 'revokedAt' | 'lastUsedAt'>): void {
    this.db
      .prepare(
        'INSERT INTO api_keys (key_id, key_hash, name, role, channels, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        record.keyId,
        tokenHash(key),
        record.name,
        record.role,
        record.channels ? JSON.stringify(record.channels) : null,
        record.createdAt,
        record.createdBy,
      );
  }

  apiKeyBySecret(key: string): StoredApiKey | null {
    const row = this.db.prepare(`${API_KEY_COLUMNS} WHERE key_hash = ?`).get(tokenHash(key)) as ApiKeyRow | undefined;
    return row ? fromRow(row) : null;
  }

  apiKeys(): StoredApiKey[] {
    return (this.db.prepare(`${API_KEY_COLUMNS} ORDER BY created_at, key_id`).all() as ApiKeyRow[]).map(fromRow);
  }

  /** False when there is no such key or it was already revoked. */
  revokeApiKey(keyId: string, at: number): boolean {
    return (
      this.db.prepare('UPDATE api_keys SET revoked_at = ? WHERE key_id = ? AND revoked_at IS NULL').run(at, keyId)
        .changes > 0
    );
  }

  touchApiKey(keyId: string, at: number): void {
    this.db.prepare('UPDATE api_keys SET last_used_at = ? WHERE key_id = ?').run(at, keyId);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
