// Single sign-on's state in embedded mode, in `sign-in.sqlite` beside the sessions it belongs to:
// a session's provider tokens are removed with the session by a foreign key, however it ends.
import type Database from 'better-sqlite3';
import {
  FLOW_SECONDS,
  openTokens,
  sealTokens,
  type OidcSession,
  type OidcStore,
  type ProviderTokens,
  type SignInFlow,
} from './oidc-store';
import { tokenHash } from './sign-in-store';

export class SqliteOidcStore implements OidcStore {
  constructor(private readonly db: Database.Database) {
    // A session ended any way (signed out, expired, user deactivated) takes its provider tokens with it.
    this.db.pragma('foreign_keys = ON');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS oidc_flows (
        flow_hash TEXT PRIMARY KEY, state TEXT NOT NULL, nonce TEXT NOT NULL, verifier TEXT NOT NULL,
        return_to TEXT NOT NULL, created_at INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE IF NOT EXISTS oidc_sessions (
        token_hash TEXT PRIMARY KEY REFERENCES sessions (token_hash) ON DELETE CASCADE,
        tokens TEXT NOT NULL, next_check_at INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE IF NOT EXISTS oidc_links (subject TEXT PRIMARY KEY, user_id TEXT NOT NULL) STRICT;
    `);
  }

  async startFlow(flowId: string, flow: SignInFlow): Promise<void> {
    this.db.prepare('DELETE FROM oidc_flows WHERE created_at < ?').run(flow.createdAt - FLOW_SECONDS * 1000);
    this.db
      .prepare(
        'INSERT INTO oidc_flows (flow_hash, state, nonce, verifier, return_to, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(tokenHash(flowId), flow.state, flow.nonce, flow.verifier, flow.returnTo, flow.createdAt);
  }

  async takeFlow(flowId: string): Promise<SignInFlow | null> {
    const row = this.db
      .prepare(
        'DELETE FROM oidc_flows WHERE flow_hash = ? RETURNING state, nonce, verifier, return_to AS returnTo, created_at AS createdAt',
      )
      .get(tokenHash(flowId)) as SignInFlow | undefined;
    return row ?? null;
  }

  async addSession(sessionToken: string, tokens: ProviderTokens, nextCheckAt: number): Promise<void> {
    this.db
      .prepare('INSERT INTO oidc_sessions (token_hash, tokens, next_check_at) VALUES (?, ?, ?)')
      .run(tokenHash(sessionToken), sealTokens(sessionToken, tokens), nextCheckAt);
  }

  async updateSession(sessionToken: string, tokens: ProviderTokens, nextCheckAt: number): Promise<void> {
    this.db
      .prepare('UPDATE oidc_sessions SET tokens = ?, next_check_at = ? WHERE token_hash = ?')
      .run(sealTokens(sessionToken, tokens), nextCheckAt, tokenHash(sessionToken));
  }

  async claimCheck(sessionToken: string, now: number, leaseUntil: number): Promise<boolean> {
    return (
      this.db
        .prepare('UPDATE oidc_sessions SET next_check_at = ? WHERE token_hash = ? AND next_check_at <= ?')
        .run(leaseUntil, tokenHash(sessionToken), now).changes > 0
    );
  }

  async nextCheckAt(sessionToken: string): Promise<number | null> {
    const row = this.db
      .prepare('SELECT next_check_at AS nextCheckAt FROM oidc_sessions WHERE token_hash = ?')
      .get(tokenHash(sessionToken)) as { nextCheckAt: number } | undefined;
    return row?.nextCheckAt ?? null;
  }

  async session(sessionToken: string): Promise<OidcSession | null> {
    const row = this.db
      .prepare('SELECT tokens, next_check_at AS nextCheckAt FROM oidc_sessions WHERE token_hash = ?')
      .get(tokenHash(sessionToken)) as { tokens: string; nextCheckAt: number } | undefined;
    return row ? { ...openTokens(sessionToken, row.tokens), nextCheckAt: row.nextCheckAt } : null;
  }

  async linkedUser(subject: string): Promise<string | null> {
    const row = this.db.prepare('SELECT user_id AS userId FROM oidc_links WHERE subject = ?').get(subject) as
      | { userId: string }
      | undefined;
    return row?.userId ?? null;
  }

  async link(subject: string, userId: string): Promise<void> {
    this.db
      .prepare(
        'INSERT INTO oidc_links (subject, user_id) VALUES (?, ?) ON CONFLICT(subject) DO UPDATE SET user_id = excluded.user_id',
      )
      .run(subject, userId);
  }
}
