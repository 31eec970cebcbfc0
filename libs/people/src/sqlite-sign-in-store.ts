// The sign-in store in embedded mode: its own SQLite file in the data directory
// (`sign-in.sqlite`), written durably (synchronous FULL) with secure_delete, so a removed session
// or password hash does not linger in free pages. better-sqlite3 answers synchronously; the port
// is asynchronous for the shared (MongoDB) adapter.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { OidcStore } from './oidc-store';
import {
  nextFailures,
  tokenHash,
  type Failures,
  type LockOutPolicy,
  type NewStoredApiKey,
  type SignInStore,
  type StoredApiKey,
  type StoredSession,
} from './sign-in-store';
import { SqliteOidcStore } from './sqlite-oidc-store';

type ApiKeyRow = Omit<StoredApiKey, 'channels'> & { channels: string | null };
const API_KEY_COLUMNS =
  'SELECT key_id AS keyId, name, role, channels, created_at AS createdAt, created_by AS createdBy, revoked_at AS revokedAt, last_used_at AS lastUsedAt FROM api_keys';
const fromRow = (row: ApiKeyRow): StoredApiKey => ({
  ...row,
  channels: row.channels === null ? null : (JSON.parse(row.channels) as string[]),
});

export class SqliteSignInStore implements SignInStore {
  private oidcStore: SqliteOidcStore | undefined;

  private constructor(private readonly db: Database.Database) {}

  static open(dataDir: string): SqliteSignInStore {
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
    return new SqliteSignInStore(db);
  }

  async passwordHash(userId: string): Promise<string | null> {
    const row = this.db.prepare('SELECT hash FROM credentials WHERE user_id = ?').get(userId) as
      | { hash: string }
      | undefined;
    return row?.hash ?? null;
  }

  async setPasswordHash(userId: string, hash: string, at: number): Promise<void> {
    this.db
      .prepare(
        'INSERT INTO credentials (user_id, hash, set_at) VALUES (?, ?, ?) ON CONFLICT(user_id) DO UPDATE SET hash = excluded.hash, set_at = excluded.set_at',
      )
      .run(userId, hash, at);
  }

  async createSession(token: string, session: StoredSession): Promise<void> {
    this.db
      .prepare('INSERT INTO sessions (token_hash, user_id, csrf, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)')
      .run(tokenHash(token), session.userId, session.csrfToken, session.createdAt, session.lastSeenAt);
  }

  async session(token: string): Promise<StoredSession | null> {
    const row = this.db
      .prepare(
        'SELECT user_id AS userId, csrf AS csrfToken, created_at AS createdAt, last_seen_at AS lastSeenAt FROM sessions WHERE token_hash = ?',
      )
      .get(tokenHash(token)) as StoredSession | undefined;
    return row ?? null;
  }

  async touchSession(token: string, at: number): Promise<void> {
    this.db.prepare('UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?').run(at, tokenHash(token));
  }

  async deleteSession(token: string): Promise<void> {
    this.db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(tokenHash(token));
  }

  async deleteSessionsOf(userId: string): Promise<number> {
    return this.db.prepare('DELETE FROM sessions WHERE user_id = ?').run(userId).changes;
  }

  async failures(subject: string): Promise<Failures> {
    return this.failuresNow(subject);
  }

  async recordFailure(subject: string, now: number, policy: LockOutPolicy): Promise<Failures> {
    // IMMEDIATE: the read and the write are one step for every process on this file.
    return this.db
      .transaction(() => {
        const after = nextFailures(this.failuresNow(subject), now, policy);
        this.db
          .prepare(
            'INSERT INTO failures (subject, count, locked_until) VALUES (?, ?, ?) ON CONFLICT(subject) DO UPDATE SET count = excluded.count, locked_until = excluded.locked_until',
          )
          .run(subject, after.count, after.lockedUntil);
        return after;
      })
      .immediate();
  }

  async clearFailures(subject: string): Promise<void> {
    this.db.prepare('DELETE FROM failures WHERE subject = ?').run(subject);
  }

  async addApiKey(key: string, record: NewStoredApiKey): Promise<void> {
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

  async apiKeyBySecret(key: string): Promise<StoredApiKey | null> {
    const row = this.db.prepare(`${API_KEY_COLUMNS} WHERE key_hash = ?`).get(tokenHash(key)) as ApiKeyRow | undefined;
    return row ? fromRow(row) : null;
  }

  async apiKeys(): Promise<StoredApiKey[]> {
    return (this.db.prepare(`${API_KEY_COLUMNS} ORDER BY created_at, key_id`).all() as ApiKeyRow[]).map(fromRow);
  }

  async revokeApiKey(keyId: string, at: number): Promise<boolean> {
    return (
      this.db.prepare('UPDATE api_keys SET revoked_at = ? WHERE key_id = ? AND revoked_at IS NULL').run(at, keyId)
        .changes > 0
    );
  }

  async touchApiKey(keyId: string, at: number): Promise<void> {
    this.db.prepare('UPDATE api_keys SET last_used_at = ? WHERE key_id = ?').run(at, keyId);
  }

  oidc(): OidcStore {
    this.oidcStore ??= new SqliteOidcStore(this.db);
    return this.oidcStore;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  private failuresNow(subject: string): Failures {
    const row = this.db
      .prepare('SELECT count, locked_until AS lockedUntil FROM failures WHERE subject = ?')
      .get(subject) as Failures | undefined;
    return row ?? { count: 0, lockedUntil: 0 };
  }
}
