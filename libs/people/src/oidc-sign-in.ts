// Signing in through the OpenID provider: a started sign-in (state, nonce and PKCE verifier kept
// here, the browser holding only a random flow id), then the callback: the code exchanged, the
// person found in the directory (by the provider's subject once linked, else by verified email)
// or added when provisioning is on, their roles set from the mapped claim (oidc-directory.ts),
// and a session opened exactly as a password sign-in opens one.
import { createHmac, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@ledger/config';
import { ACTOR_LABEL_KEY, RefusedRequest, userIdOf } from '@ledger/http';
import { verifiedEmailOf } from './oidc-claims';
import { OidcClient } from './oidc-client';
import { OidcDirectory } from './oidc-directory';
import { FLOW_SECONDS, OIDC_STORE, type OidcStore } from './oidc-store';
import { SignInService, type OpenedSession } from './sign-in.service';

export interface StartedSignIn {
  flowId: string;
  url: URL;
}

const refused = (status: number, code: string, message: string, field: string) =>
  new RefusedRequest(status, code, message, field);

@Injectable()
export class OidcSignIn {
  constructor(
    private readonly client: OidcClient,
    @Inject(OIDC_STORE) private readonly store: OidcStore,
    private readonly signIn: SignInService,
    private readonly people: OidcDirectory,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ACTOR_LABEL_KEY) private readonly labelKey: Buffer,
  ) {}

  async start(returnTo: string): Promise<StartedSignIn> {
    const flowId = randomBytes(32).toString('base64url');
    const flow = {
      ...this.client.newChecks(),
      returnTo,
      createdAt: this.now(),
    };
    const url = await this.client.authorizationUrl(flow);
    await this.store.startFlow(flowId, flow);
    return { flowId, url };
  }

  /** The provider's redirect back: `callbackUrl` is the redirect URI with the query it came with. */
  async finish(flowId: string | undefined, callbackUrl: URL): Promise<{ session: OpenedSession; returnTo: string }> {
    const settings = this.client.enabled;
    const flow = flowId ? await this.store.takeFlow(flowId) : null;
    if (!flow || flow.createdAt < this.now() - FLOW_SECONDS * 1000) {
      throw refused(
        400,
        'SSO_NO_SIGN_IN_STARTED',
        'no single sign-on was started in this browser, or it took longer than ten minutes: start again at /auth/oidc/start',
        'state',
      );
    }
    const { claims, tokens } = await this.client.exchange(callbackUrl, flow);
    const subject = createHmac('sha256', this.labelKey)
      .update(`oidc\u0000${settings.issuer.href}\u0000${tokens.sub}`)
      .digest('hex');
    const email = verifiedEmailOf(claims);
    const userId = (await this.store.linkedUser(subject)) ?? (email ? userIdOf(email, this.labelKey) : null);
    if (!userId) {
      throw refused(401, 'SSO_NO_EMAIL', 'the provider gave no verified email to find the person by', 'email');
    }
    const person = await this.people.signingIn(userId, email, claims);
    await this.store.link(subject, userId);
    const session = await this.signIn.openSession(person);
    await this.store.addSession(session.token, tokens, this.now() + settings.recheckSeconds * 1000);
    return { session, returnTo: flow.returnTo };
  }

  private now(): number {
    return Date.parse(this.clock.now());
  }
}
