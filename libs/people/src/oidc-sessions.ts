// A session opened by single sign-on lasts only while the provider still vouches for the person:
// when its check is due (CRM_OIDC_RECHECK_SECONDS) the next request asks the provider, and a
// person removed or disabled there loses the session at once, and their roles follow the
// provider's claim as it is then (oidc-directory.ts). A provider that does not answer
// ends no session (an outage would sign everyone out); it is asked again half a minute later.
import { Inject, Injectable, Logger } from '@nestjs/common';
import { CLOCK, type Clock } from '@ledger/config';
import { OidcClient } from './oidc-client';
import { OidcDirectory } from './oidc-directory';
import { OIDC_STORE, type OidcStore } from './oidc-store';
import { tokenHash } from './sign-in-store';

const RETRY_UNREACHABLE_SECONDS = 30;

export type Verdict = 'not-due' | 'checked' | 'refused';

@Injectable()
export class OidcSessions {
  private readonly logger = new Logger('OidcSessions');
  /** One check per session at a time: a refresh token is spent by its use, a second use would be refused. */
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
  stillVouchedFor(sessionToken: string, userId: string): Promise<Verdict> {
    const due = this.store.nextCheckAt(sessionToken);
    if (due === null || due > this.now() || !this.client.settings) return Promise.resolve('not-due');
    const key = tokenHash(sessionToken);
    let check = this.checking.get(key);
    if (!check) {
      check = this.check(sessionToken, userId).finally(() => this.checking.delete(key));
      this.checking.set(key, check);
    }
    return check;
  }

  private async check(sessionToken: string, userId: string): Promise<Verdict> {
    const session = this.store.session(sessionToken);
    if (!session) return 'not-due';
    const answer = await this.client.recheck(session);
    const now = this.now();
    switch (answer.status) {
      case 'present':
        this.store.updateSession(sessionToken, answer.tokens, now + this.client.enabled.recheckSeconds * 1000);
        if (answer.claims && !(await this.people.stillHasRoles(userId, answer.claims))) {
          this.logger.log("a session from single sign-on ended: the provider's claim maps to no role any more");
          return 'refused';
        }
        return 'checked';
      case 'unreachable':
        this.store.updateSession(sessionToken, session, now + RETRY_UNREACHABLE_SECONDS * 1000);
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
