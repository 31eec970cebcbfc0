// Sign-in with email and password, and the sessions it opens. Unknown emails and wrong passwords
// take one path (an Argon2 verification, against a dummy hash when there is no user) and get one
// answer; repeated failures lock the email for a while, whether or not it belongs to anyone.
import { randomBytes, createHmac } from 'node:crypto';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { CLOCK, CRM_CONFIG, type Clock, type CrmConfig } from '@ledger/config';
import { UnknownUser } from '@ledger/domain';
import {
  ACTOR_LABEL_KEY,
  RefusedRequest,
  normalizeEmail,
  userIdOf,
  type Principal,
  type SessionAuthenticator,
} from '@ledger/http';
import { ApiKeys } from './api-keys';
import { Directory, type Person } from './directory';
import { OidcSessions } from './oidc-sessions';
import { checkPassword, dummyHash, hashPassword, verifyPassword } from './passwords';
import { SIGN_IN_STORE, type SignInStore, tokenHash } from './sign-in-store';

export interface OpenedSession {
  token: string;
  principal: Principal;
  maxAgeSeconds: number;
}

/** The one answer for an unknown email and a wrong password. */
const refused = () =>
  new RefusedRequest(
    401,
    'SIGN_IN_FAILED',
    'the email or the password is wrong, or the account is not active',
    'password',
  );

@Injectable()
export class SignInService implements SessionAuthenticator, OnApplicationShutdown {
  constructor(
    @Inject(SIGN_IN_STORE) private readonly store: SignInStore,
    @Inject(CRM_CONFIG) private readonly config: CrmConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ACTOR_LABEL_KEY) private readonly labelKey: Buffer,
    private readonly directory: Directory,
    private readonly apiKeys: ApiKeys,
    private readonly oidcSessions: OidcSessions,
  ) {}

  authenticateKey(key: string): Promise<Principal | null> {
    return this.apiKeys.authenticate(key);
  }

  async signIn(email: string, password: string): Promise<OpenedSession> {
    const subject = this.subjectOf(email);
    const now = this.now();
    const failures = await this.store.failures(subject);
    if (failures.lockedUntil > now) {
      const retryAfter = Math.ceil((failures.lockedUntil - now) / 1000);
      throw new RefusedRequest(
        429,
        'SIGN_IN_LOCKED',
        `too many failed sign-ins for this email: try again in ${retryAfter} s`,
        'email',
      );
    }
    const userId = userIdOf(email, this.labelKey);
    const stored = await this.store.passwordHash(userId);
    // Always one Argon2 verification, so timing does not tell whether the email has an account.
    const matches = await verifyPassword(stored ?? (await dummyHash()), password);
    const person = matches && stored ? await this.directory.person(userId) : null;
    if (!person?.active) {
      // Counted in the store, atomically: failures on every service add up to one lock-out.
      await this.store.recordFailure(subject, now, {
        maxFailures: this.config.signIn.maxFailures,
        lockMs: this.config.signIn.lockSeconds * 1000,
      });
      throw refused();
    }
    await this.store.clearFailures(subject);
    return this.openSession(person);
  }

  /** A new session for someone already verified (by password here, by the provider in oidc-sign-in.ts). */
  async openSession(person: Person): Promise<OpenedSession> {
    const now = this.now();
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    await this.store.createSession(token, { userId: person.userId, csrfToken, createdAt: now, lastSeenAt: now });
    return { token, principal: principalOf(person, csrfToken), maxAgeSeconds: this.config.sessions.maxSeconds };
  }

  async authenticate(token: string): Promise<Principal | null> {
    const session = await this.store.session(token);
    if (!session) return null;
    const now = this.now();
    const { idleSeconds, maxSeconds } = this.config.sessions;
    if (now - session.lastSeenAt > idleSeconds * 1000 || now - session.createdAt > maxSeconds * 1000) {
      await this.store.deleteSession(token);
      return null;
    }
    let person = await this.directory.person(session.userId);
    if (!person?.active) {
      // Deactivated (or gone from the directory): every session of theirs ends now.
      await this.store.deleteSessionsOf(session.userId);
      return null;
    }
    const verdict = await this.oidcSessions.stillVouchedFor(token, session.userId);
    if (verdict === 'refused') {
      await this.store.deleteSession(token);
      return null;
    }
    // Just checked at the provider: the roles may follow its claim from this very request.
    if (verdict === 'checked') person = (await this.directory.person(session.userId)) ?? person;
    // Seen again: the idle clock restarts (written at most every few seconds, not per request).
    if (now - session.lastSeenAt > Math.min(5_000, idleSeconds * 250)) await this.store.touchSession(token, now);
    return { ...principalOf(person, session.csrfToken), sessionId: sessionIdOf(token) };
  }

  /**
   * Ends the session here; for a session from single sign-on, also answers where the browser
   * signs out at the provider (RP-initiated logout), when the provider offers that.
   */
  async signOut(token: string): Promise<URL | null> {
    const atProvider = await this.oidcSessions.signOutUrl(token);
    await this.store.deleteSession(token);
    return atProvider;
  }

  signOutEverywhere(userId: string): Promise<number> {
    return this.store.deleteSessionsOf(userId);
  }

  /** Sets (or replaces) a user's password; their open sessions end, as after any credential change. */
  async setPassword(userId: string, password: string): Promise<void> {
    checkPassword(password);
    if (!(await this.directory.person(userId))) throw new UnknownUser(userId);
    await this.store.setPasswordHash(userId, await hashPassword(password), this.now());
    await this.store.deleteSessionsOf(userId);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }

  private now(): number {
    return Date.parse(this.clock.now());
  }

  /** Failures are counted per email, under a keyed hash: the table names no one. */
  private subjectOf(email: string): string {
    return createHmac('sha256', this.labelKey)
      .update(`sign-in\u0000${normalizeEmail(email)}`)
      .digest('hex');
  }
}

/** `s-` and 16 hex of the token's SHA-256: names the session in events without revealing it. */
export const sessionIdOf = (token: string): string => `s-${tokenHash(token).slice(0, 16)}`;

function principalOf(person: Person, csrfToken: string): Principal {
  return {
    role: person.roles[0],
    roles: person.roles,
    actor: `user:${person.userId}`,
    userId: person.userId,
    name: person.name,
    csrfToken,
  };
}
