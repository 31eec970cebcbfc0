// What single sign-on keeps in `sign-in.sqlite`, beside the sessions: sign-ins under way (state,
// nonce and PKCE verifier, single use, ten minutes), the provider's tokens of each session from
// single sign-on (encrypted with a key derived from the session's own token, so the file alone
// reaches neither the CRM nor the provider), and which directory user a provider's subject is.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import { type SignInStore, tokenHash } from './sign-in-store';

export interface SignInFlow {
  state: string;
  nonce: string;
  verifier: string;
  returnTo: string;
  createdAt: number;
}

/** What the provider gave a session, for asking it again later. */
export interface ProviderTokens {
  sub: string;
  refreshToken: string | null;
  accessToken: string | null;
}

export interface OidcSession extends ProviderTokens {
  nextCheckAt: number;
}

/** How long a started sign-in may take at the provider. */
export const FLOW_SECONDS = 600;

const keyOf = (sessionToken: string): Buffer =>
  createHash('sha256').update(`oidc-tokens\u0000${sessionToken}`).digest();

function seal(sessionToken: string, tokens: ProviderTokens): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(sessionToken), iv);
  const sealed = Buffer.concat([cipher.update(JSON.stringify(tokens), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
}

function open(sessionToken: string, value: string): ProviderTokens {
  const raw = Buffer.from(value, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', keyOf(sessionToken), raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return JSON.parse(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8'));
}

/** Nest token of the OidcStore. */
export const OIDC_STORE = Symbol('OIDC_STORE');

export class OidcStore {
  private readonly db: Database.Database;

  constructor(signIn: SignInStore) {
    this.db = signIn.connection;
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

  startFlow(flowId: string, flow: SignInFlow): void {
    // Abandoned sign-ins go when new ones start: the table never grows past ten minutes of them.
    this.db.prepare('DELETE FROM oidc_flows WHERE created_at < ?').run(flow.createdAt - FLOW_SECONDS * 1000);
    this.db
      .prepare(
        'INSERT INTO oidc_flows (flow_hash, state, nonce, verifier, return_to, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(tokenHash(flowId), flow.state, flow.nonce, flow.verifier, flow.returnTo, flow.createdAt);
  }

  /** The flow, removed as it is read: a callback can be answered once. */
  takeFlow(flowId: string): SignInFlow | null {
    const hash = tokenHash(flowId);
    const row = this.db
      .prepare(
        'SELECT state, nonce, verifier, return_to AS returnTo, created_at AS createdAt FROM oidc_flows WHERE flow_hash = ?',
      )
      .get(hash) as SignInFlow | undefined;
    if (row) this.db.prepare('DELETE FROM oidc_flows WHERE flow_hash = ?').run(hash);
    return row ?? null;
  }

  addSession(sessionToken: string, tokens: ProviderTokens, nextCheckAt: number): void {
    this.db
      .prepare('INSERT INTO oidc_sessions (token_hash, tokens, next_check_at) VALUES (?, ?, ?)')
      .run(tokenHash(sessionToken), seal(sessionToken, tokens), nextCheckAt);
  }

  /** After a check; changes nothing when the session ended meanwhile. */
  updateSession(sessionToken: string, tokens: ProviderTokens, nextCheckAt: number): void {
    this.db
      .prepare('UPDATE oidc_sessions SET tokens = ?, next_check_at = ? WHERE token_hash = ?')
      .run(seal(sessionToken, tokens), nextCheckAt, tokenHash(sessionToken));
  }

  /** When the session is next to be checked at the provider; null: not a session from single sign-on. */
  nextCheckAt(sessionToken: string): number | null {
    const row = this.db
      .prepare('SELECT next_check_at AS nextCheckAt FROM oidc_sessions WHERE token_hash = ?')
      .get(tokenHash(sessionToken)) as { nextCheckAt: number } | undefined;
    return row?.nextCheckAt ?? null;
  }

  /** null: not a session from single sign-on. */
  session(sessionToken: string): OidcSession | null {
    const row = this.db
      .prepare('SELECT tokens, next_check_at AS nextCheckAt FROM oidc_sessions WHERE token_hash = ?')
      .get(tokenHash(sessionToken)) as { tokens: string; nextCheckAt: number } | undefined;
    return row ? { ...open(sessionToken, row.tokens), nextCheckAt: row.nextCheckAt } : null;
  }

  linkedUser(subject: string): string | null {
    const row = this.db.prepare('SELECT user_id AS userId FROM oidc_links WHERE subject = ?').get(subject) as
      | { userId: string }
      | undefined;
    return row?.userId ?? null;
  }

  link(subject: string, userId: string): void {
    this.db
      .prepare(
        'INSERT INTO oidc_links (subject, user_id) VALUES (?, ?) ON CONFLICT(subject) DO UPDATE SET user_id = excluded.user_id',
      )
      .run(subject, userId);
  }
}
