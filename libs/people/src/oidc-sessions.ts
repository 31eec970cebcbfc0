// A session opened by single sign-on lasts only while the provider still vouches for the person:
// when its check is due (CRM_OIDC_RECHECK_SECONDS) the next request asks the provider, and a
// person removed or disabled there loses the session at once. A provider that does not answer
// ends no session (an outage would sign everyone out); it is asked again half a minute later.
import { Inject, Injectable, Logger } from '@nestjs/common';
import { CLOCK, type Clock } from '@ledger/config';
import { OidcClient } from './oidc-client';
import { OIDC_STORE, type OidcStore } from './oidc-store';
import { tokenHash } from './sign-in-store';

const RETRY_UNREACHABLE_SECONDS = 30;

@Injectable()
export class OidcSessions {
  private readonly logger = new Logger('OidcSessions');
  /** One check per session at a time: a refresh token is spent by its use, a second use would be refused. */
  private readonly checking = new Map<string, Promise<boolean>>();

  constructor(
    private readonly client: OidcClient,
    @Inject(OIDC_STORE) private readonly store: OidcStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** False: the provider no longer knows the person; the caller ends the session. */
  stillVouchedFor(sessionToken: string): Promise<boolean> {
    const due = this.store.nextCheckAt(sessionToken);
    if (due === null || due > this.now() || !this.client.settings) return Promise.resolve(true);
    const key = tokenHash(sessionToken);
    let check = this.checking.get(key);
    if (!check) {
      check = this.check(sessionToken).finally(() => this.checking.delete(key));
      this.checking.set(key, check);
    }
    return check;
  }

  private async check(sessionToken: string): Promise<boolean> {
    const session = this.store.session(sessionToken);
    if (!session) return true;
    const answer = await this.client.recheck(session);
    const now = this.now();
    switch (answer.status) {
      case 'present':
        this.store.updateSession(sessionToken, answer.tokens, now + this.client.enabled.recheckSeconds * 1000);
        return true;
      case 'unreachable':
        this.store.updateSession(sessionToken, session, now + RETRY_UNREACHABLE_SECONDS * 1000);
        return true;
      case 'gone':
        this.logger.log(`a session from single sign-on ended: the provider refused it (${answer.reason})`);
        return false;
    }
  }

  private now(): number {
    return Date.parse(this.clock.now());
  }
}
