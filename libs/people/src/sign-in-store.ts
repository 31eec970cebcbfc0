// The sign-in store port: what sign-in keeps beside the event log. Password hashes (never events:
// the log is exported, replicated and kept for ever), sessions (by the SHA-256 of their token, so
// the store alone signs nobody in), admin-made API keys (by the SHA-256 of the key), failed
// attempts per email and single sign-on's state (oidc-store.ts). Embedded: `sign-in.sqlite` in the
// data directory (sqlite-sign-in-store.ts); distributed: the shared key store's MongoDB database
// (mongo-sign-in-store.ts), so every service signs the same people in and out. One contract suite
// (sign-in-store.contract.ts) proves both.
import { createHash } from 'node:crypto';
import type { OidcStore } from './oidc-store';

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

/** When repeated failures lock an email: at `maxFailures` in a row, for `lockMs`. */
export interface LockOutPolicy {
  maxFailures: number;
  lockMs: number;
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

export type NewStoredApiKey = Omit<StoredApiKey, 'revokedAt' | 'lastUsedAt'>;

export const tokenHash = (token: string): string => createHash('sha256').update(token).digest('hex');

/** Every method answers from the store itself (no cache): a change made by one service counts on all at once. */
export interface SignInStore {
  passwordHash(userId: string): Promise<string | null>;
  setPasswordHash(userId: string, hash: string, at: number): Promise<void>;

  createSession(token: string, session: StoredSession): Promise<void>;
  session(token: string): Promise<StoredSession | null>;
  touchSession(token: string, at: number): Promise<void>;
  /** Ends the session, and with it single sign-on's tokens of it. */
  deleteSession(token: string): Promise<void>;
  /** Every session of the user ("sign out everywhere", a new password, deactivation). */
  deleteSessionsOf(userId: string): Promise<number>;

  failures(subject: string): Promise<Failures>;
  /**
   * One more failure, counted atomically (two services failing the same email at once count
   * two). The count starts again after an expired lock; reaching `maxFailures` locks the
   * subject until `now + lockMs` (count back to 0); a lock in force is left as it is. Answers
   * the failures as they are after it.
   */
  recordFailure(subject: string, now: number, policy: LockOutPolicy): Promise<Failures>;
  clearFailures(subject: string): Promise<void>;

  addApiKey(key: string, record: NewStoredApiKey): Promise<void>;
  apiKeyBySecret(key: string): Promise<StoredApiKey | null>;
  apiKeys(): Promise<StoredApiKey[]>;
  /** False when there is no such key or it was already revoked. */
  revokeApiKey(keyId: string, at: number): Promise<boolean>;
  touchApiKey(keyId: string, at: number): Promise<void>;

  /** Single sign-on's state in the same database: a session's provider tokens end with the session. */
  oidc(): OidcStore;
  close(): Promise<void>;
}

/** The failures after one more, from the failures before it (the rule both adapters apply). */
export function nextFailures(before: Failures, now: number, policy: LockOutPolicy): Failures {
  // Still locked (a failure that raced the lock): the lock stands as it is.
  if (before.lockedUntil > now) return before;
  const count = (before.lockedUntil > 0 ? 0 : before.count) + 1;
  return count >= policy.maxFailures ? { count: 0, lockedUntil: now + policy.lockMs } : { count, lockedUntil: 0 };
}
