// A session opened by single sign-on lasts only while the provider still vouches for the person:
// when its check is due (CRM_OIDC_RECHECK_SECONDS) the next request, on whichever service gets
// it, asks the provider, and a person removed or disabled there loses the session at once (it is
// deleted from the shared store, so every service refuses it from its next request), and their
// roles follow the provider's claim as it is then (oidc-directory.ts). The check is taken in the
// store (claimCheck), so one service asks once. A provider that does not answer ends no session
// (an outage would sign everyone out); it is asked again half a minute later.
import { Inject, Injectable, Logger } from '@nestjs/common';
import { CLOCK, type Clock } from '@ledger/config';
import { OidcClient } from './oidc-client';
import { OidcDirectory } from './oidc-directory';
import { OIDC_STORE, type OidcStore } from './oidc-store';
import { tokenHash } from './sign-in-store';

/** Also how long a check taken by a service that stopped keeps others from asking. */
const RETRY_UNREACHABLE_SECONDS = 30;

export type Verdict = 'not-due' | 'checked' | 'refused';

@Injectable()
export class OidcSessions {
  private readonly logger = new Logger('OidcSessions');
  /** Requests of one session in this process wait for the one check under way (another service's check they do not wait for). */
  private readonly checking = new Map<string, Promise<Verdict>>();

  constructor(
    private readonly client: OidcClient,
    private readonly people: OidcDirectory,
    @Inject(OIDC_STORE) private readonly store: OidcStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * `refused`: the provider no longer knows the person (or their claim maps to no role); the caller
   * ends the session. `checked`: asked just now, the person's roles may have changed.
   */
  async stillVouchedFor(sessionToken: string, userId: string): Promise<Verdict> {
    if (!this.client.settings) return 'not-due';
    const key = tokenHash(sessionToken);
    const under = this.checking.get(key);
    if (under) return under;
    const due = await this.store.nextCheckAt(sessionToken);
    if (due === null || due > this.now()) return 'not-due';
    let check = this.checking.get(key);
    if (!check) {
      check = this.check(sessionToken, userId).finally(() => this.checking.delete(key));
      this.checking.set(key, check);
    }
    return check;
  }

  /** Where the browser signs out at the provider, for a session from single sign-on; null: nowhere. */
  async signOutUrl(sessionToken: string): Promise<URL | null> {
    if (!this.client.settings) return null;
    const session = await this.store.session(sessionToken);
    return session ? this.client.endSessionUrl(session) : null;
  }

  private async check(sessionToken: string, userId: string): Promise<Verdict> {
    const now = this.now();
    // Taken once across services: a refresh token is spent by its use, a second use would be refused.
    if (!(await this.store.claimCheck(sessionToken, now, now + RETRY_UNREACHABLE_SECONDS * 1000))) return 'not-due';
    const session = await this.store.session(sessionToken);
    if (!session) return 'not-due';
    const answer = await this.client.recheck(session);
    const after = this.now();
    switch (answer.status) {
      case 'present': {
        const next = after + this.client.enabled.recheckSeconds * 1000;
        await this.store.updateSession(sessionToken, answer.tokens, next);
        if (answer.claims && !(await this.people.stillHasRoles(userId, answer.claims))) {
          this.logger.log("a session from single sign-on ended: the provider's claim does not give the roles it had");
          return 'refused';
        }
        return 'checked';
      }
      case 'unreachable':
        await this.store.updateSession(sessionToken, session, after + RETRY_UNREACHABLE_SECONDS * 1000);
        return 'not-due';
      case 'gone':
        this.logger.log(`a session from single sign-on ended: the provider refused it (${answer.reason})`);
        return 'refused';
    }
  }

  private now(): number {
    return Date.parse(this.clock.now());
  }
}
