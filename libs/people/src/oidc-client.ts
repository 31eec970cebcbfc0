// The CRM as an OpenID Connect client (openid-client): the provider's metadata found once and
// kept, the authorization URL with state, nonce and PKCE, the code exchange with the ID token
// checked (signature, issuer, audience, expiry, nonce, state), and the later "is this person
// still there?" by refresh token or userinfo. The provider's refusals become 401s; a provider
// that cannot be reached is a 503, never a sign-in.
import { Inject, Injectable } from '@nestjs/common';
import type * as OpenId from 'openid-client';
import { CRM_CONFIG, type CrmConfig, type OidcConfig } from '@ledger/config';
import { RefusedRequest } from '@ledger/http';
import type { Claims } from './oidc-claims';
import type { ProviderTokens, SignInFlow } from './oidc-store';

export interface SignedInAtProvider {
  claims: Claims;
  tokens: ProviderTokens;
}

/** The provider's answer when asked again: still there (with fresh tokens), gone, or no answer. */
export type Recheck =
  | { status: 'present'; tokens: ProviderTokens; claims: Claims | null }
  | { status: 'gone'; reason: string }
  | { status: 'unreachable' };

const notConfigured = () =>
  new RefusedRequest(
    404,
    'SSO_NOT_CONFIGURED',
    'single sign-on is not configured (CRM_OIDC_ISSUER is not set)',
    'path',
  );

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** Network failures and the provider's own 5xx: nothing was said about the person. */
function unreachable(error: unknown, openid: typeof OpenId): boolean {
  for (let cause = error, depth = 0; cause && depth < 5; cause = (cause as Error).cause, depth++) {
    if (cause instanceof openid.ResponseBodyError) return cause.status >= 500;
    const { code, message } = cause as { code?: string; message?: string };
    if ((code && NETWORK_CODES.has(code)) || message === 'fetch failed' || code === 'OAUTH_TIMEOUT') return true;
    if (code === 'OAUTH_RESPONSE_IS_NOT_CONFORM') return true;
  }
  return false;
}

/**
 * openid-client is an ES module only, which Node's require() loads from 20.19 on: it is loaded
 * when single sign-on is configured, so a CRM without it starts on any Node the CRM supports,
 * and one with it on an older Node stops at start-up saying why.
 */
function loadOpenId(): typeof OpenId {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on demand, see above
    return require('openid-client') as typeof OpenId;
  } catch (error) {
    throw new Error(
      `single sign-on (CRM_OIDC_ISSUER) needs Node.js 20.19 or later to load openid-client: ${(error as Error).message}`,
    );
  }
}

@Injectable()
export class OidcClient {
  readonly settings: OidcConfig | null;
  private configuration: Promise<OpenId.Configuration> | null = null;
  private readonly lib: typeof OpenId | null;

  constructor(@Inject(CRM_CONFIG) config: CrmConfig) {
    this.settings = config.oidc;
    this.lib = config.oidc ? loadOpenId() : null;
  }

  /** Fresh state, nonce and PKCE verifier for a sign-in about to start. */
  newChecks(): { state: string; nonce: string; verifier: string } {
    const openid = this.openid;
    return { state: openid.randomState(), nonce: openid.randomNonce(), verifier: openid.randomPKCECodeVerifier() };
  }

  private get openid(): typeof OpenId {
    if (!this.lib) throw notConfigured();
    return this.lib;
  }

  /** The settings, or the 404 every single sign-on endpoint answers when it is off. */
  get enabled(): OidcConfig {
    if (!this.settings) throw notConfigured();
    return this.settings;
  }

  async authorizationUrl(flow: SignInFlow): Promise<URL> {
    const settings = this.enabled;
    return this.openid.buildAuthorizationUrl(await this.provider(), {
      redirect_uri: settings.redirectUri.href,
      scope: settings.scopes,
      state: flow.state,
      nonce: flow.nonce,
      code_challenge: await this.openid.calculatePKCECodeChallenge(flow.verifier),
      code_challenge_method: 'S256',
    });
  }

  /** The code exchanged at the token endpoint; the claims are the ID token's, completed by userinfo. */
  async exchange(callbackUrl: URL, flow: SignInFlow): Promise<SignedInAtProvider> {
    const provider = await this.provider();
    let response: Awaited<ReturnType<typeof OpenId.authorizationCodeGrant>>;
    try {
      response = await this.openid.authorizationCodeGrant(provider, callbackUrl, {
        expectedState: flow.state,
        expectedNonce: flow.nonce,
        pkceCodeVerifier: flow.verifier,
        idTokenExpected: true,
      });
    } catch (error) {
      throw this.refusal(error);
    }
    const idToken = response.claims() as Claims;
    const sub = String(idToken['sub']);
    let claims: Claims;
    try {
      claims = await this.withUserInfo(provider, idToken, response.access_token, sub);
    } catch (error) {
      throw this.refusal(error);
    }
    return {
      claims,
      tokens: {
        sub,
        refreshToken: response.refresh_token ?? null,
        accessToken: response.access_token ?? null,
        idToken: response.id_token ?? null,
      },
    };
  }

  /**
   * Asks the provider whether the person is still there: a refresh (which the provider refuses
   * for a removed or disabled account), else userinfo with the access token. Present, the answer
   * carries the person's claims as the provider has them now (null when it gave none).
   */
  async recheck(tokens: ProviderTokens): Promise<Recheck> {
    try {
      const provider = await this.provider();
      if (tokens.refreshToken) {
        const response = await this.openid.refreshTokenGrant(provider, tokens.refreshToken);
        const idToken = (response.claims() as Claims | undefined) ?? {};
        if ((idToken['sub'] ?? tokens.sub) !== tokens.sub) {
          return { status: 'gone', reason: 'the provider answered for another person' };
        }
        const claims = await this.withUserInfo(provider, idToken, response.access_token, tokens.sub);
        return {
          status: 'present',
          claims: Object.keys(claims).length ? claims : null,
          tokens: {
            sub: tokens.sub,
            refreshToken: response.refresh_token ?? tokens.refreshToken,
            accessToken: response.access_token ?? tokens.accessToken,
            idToken: response.id_token ?? tokens.idToken ?? null,
          },
        };
      }
      if (!tokens.accessToken) return { status: 'gone', reason: 'the provider gave nothing to check the person with' };
      const claims = await this.openid.fetchUserInfo(provider, tokens.accessToken, tokens.sub);
      return { status: 'present', claims, tokens };
    } catch (error) {
      if (unreachable(error, this.openid)) return { status: 'unreachable' };
      return { status: 'gone', reason: (error as Error).message };
    }
  }

  /**
   * RP-initiated logout: the provider's end_session_endpoint with the session's ID token as
   * `id_token_hint`, where to come back to and a fresh `state`; null when the provider has no
   * such endpoint or cannot be reached (the session here is ended either way).
   */
  async endSessionUrl(tokens: ProviderTokens): Promise<URL | null> {
    const settings = this.enabled;
    let provider: OpenId.Configuration;
    try {
      provider = await this.provider();
    } catch {
      return null;
    }
    if (!provider.serverMetadata().end_session_endpoint) return null;
    return this.openid.buildEndSessionUrl(provider, {
      ...(tokens.idToken ? { id_token_hint: tokens.idToken } : {}),
      post_logout_redirect_uri: settings.postLogoutRedirectUri.href,
      state: this.openid.randomState(),
    });
  }

  /** The ID token's claims completed by userinfo: many providers keep email and groups there. */
  private async withUserInfo(
    provider: OpenId.Configuration,
    idToken: Claims,
    accessToken: string | undefined,
    sub: string,
  ): Promise<Claims> {
    if (!accessToken || !provider.serverMetadata().userinfo_endpoint) return idToken;
    return { ...(await this.openid.fetchUserInfo(provider, accessToken, sub)), ...idToken };
  }

  /** Discovery once; a failed one is tried again by the next request, not kept. */
  private provider(): Promise<OpenId.Configuration> {
    const settings = this.enabled;
    if (!this.configuration) {
      const auth = settings.clientSecret ? this.openid.ClientSecretBasic(settings.clientSecret) : this.openid.None();
      const plainHttp = settings.issuer.protocol === 'http:';
      this.configuration = this.openid
        .discovery(settings.issuer, settings.clientId, undefined, auth, {
          // The ID token's signature is checked too, not only trusted for arriving over TLS from the
          // token endpoint (which openid-client allows by default). Plain HTTP only for a provider on
          // this machine: oidc-config.ts refuses it elsewhere.
          execute: [this.openid.enableNonRepudiationChecks, ...(plainHttp ? [this.openid.allowInsecureRequests] : [])],
        })
        .catch((error: unknown) => {
          this.configuration = null;
          throw new RefusedRequest(
            503,
            'SSO_PROVIDER_UNAVAILABLE',
            `the sign-in provider at ${settings.issuer.href} cannot be reached: ${(error as Error).message}`,
            'CRM_OIDC_ISSUER',
          );
        });
    }
    return this.configuration;
  }

  private refusal(error: unknown): RefusedRequest {
    if (unreachable(error, this.openid)) {
      return new RefusedRequest(
        503,
        'SSO_PROVIDER_UNAVAILABLE',
        `the sign-in provider did not answer: ${(error as Error).message}`,
        'CRM_OIDC_ISSUER',
      );
    }
    // The provider's own refusal (the person cancelled, access denied) names itself.
    const providerError = error instanceof this.openid.AuthorizationResponseError ? ` (${error.error})` : '';
    // openid-client's own message is generic ("invalid response encountered"); its cause says which check failed.
    const { cause } = error as Error;
    const detail = cause instanceof Error ? cause.message : (error as Error).message;
    return new RefusedRequest(401, 'SSO_FAILED', `single sign-on failed${providerError}: ${detail}`, 'code');
  }
}
