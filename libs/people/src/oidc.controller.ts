// Single sign-on's endpoints: which sign-in methods the console offers (public), the start (a
// redirect to the provider) and the provider's redirect back (a session cookie, then the console).
import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RefusedRequest, SESSION_COOKIE } from '@ledger/http';
import type { SignInMethods } from './api';
import { OidcClient } from './oidc-client';
import { OidcSignIn } from './oidc-sign-in';
import { FLOW_SECONDS } from './oidc-store';

/** Holds the started sign-in's id; sent back only to the callback. Lax: the provider's redirect is a top-level GET. */
const FLOW_COOKIE = 'ledger_oidc_flow';

function cookie(request: FastifyRequest, name: string, value: string, path: string, maxAgeSeconds: number): string {
  const secure = request.protocol === 'https' ? '; Secure' : '';
  return `${name}=${value}; Path=${path}; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${secure}`;
}

function flowCookieOf(request: FastifyRequest): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === FLOW_COOKIE) return part.slice(eq + 1).trim() || undefined;
  }
  return undefined;
}

/** A path of this site only: `//evil.example` or `https://…` would make the CRM an open redirect. */
function localPath(returnTo: string | undefined): string {
  if (returnTo === undefined || returnTo === '') return '/';
  if (typeof returnTo !== 'string' || !/^\/(?![/\\])/.test(returnTo) || returnTo.length > 2000) {
    throw new RefusedRequest(
      400,
      'VALIDATION_FAILED',
      'returnTo must be a path of this site, starting with one /',
      'returnTo',
    );
  }
  return returnTo;
}

/**
 * A person's browser that lands on a refusal gets the sign-in screen with its code, not a JSON
 * page; any other client (no top-level navigation) gets the 4xx itself, as documented.
 */
async function refusing(request: FastifyRequest, reply: FastifyReply, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (!(error instanceof RefusedRequest) || request.headers['sec-fetch-mode'] !== 'navigate') throw error;
    await reply
      .status(303)
      .header('cache-control', 'no-store')
      .header('location', `/signin?sso=failed&code=${encodeURIComponent(error.code)}`)
      .send();
  }
}

const TO_SIGN_IN = {
  status: 303,
  description: "a browser's navigation refused: to the console's sign-in screen with `?sso=failed&code=<code>`",
};

@ApiTags('auth')
@Controller('auth')
export class OidcController {
  constructor(
    private readonly client: OidcClient,
    private readonly oidc: OidcSignIn,
  ) {}

  @Get('methods')
  @ApiOperation({ summary: 'How people sign in here: password always, single sign-on when configured' })
  @ApiResponse({ status: 200, description: '{ password: true, sso: { name, startUrl } | null }' })
  methods(): SignInMethods {
    const settings = this.client.settings;
    return { password: true, sso: settings ? { name: settings.name, startUrl: '/auth/oidc/start' } : null };
  }

  @Get('oidc/start')
  @ApiOperation({ summary: 'Start single sign-on: a redirect to the provider (authorization code with PKCE)' })
  @ApiQuery({ name: 'returnTo', required: false, description: 'a path of the console to come back to (default /)' })
  @ApiResponse({ status: 302, description: "to the provider's authorization endpoint" })
  @ApiResponse(TO_SIGN_IN)
  @ApiResponse({ status: 400, description: 'returnTo is not a path of this site' })
  @ApiResponse({ status: 404, description: 'SSO_NOT_CONFIGURED: single sign-on is off' })
  @ApiResponse({ status: 503, description: 'SSO_PROVIDER_UNAVAILABLE: the provider cannot be reached' })
  async start(
    @Query('returnTo') returnTo: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    await refusing(request, reply, async () => {
      const { flowId, url } = await this.oidc.start(localPath(returnTo));
      await reply
        .status(302)
        .header('set-cookie', cookie(request, FLOW_COOKIE, flowId, '/auth/oidc', FLOW_SECONDS))
        .header('cache-control', 'no-store')
        .header('location', url.href)
        .send();
    });
  }

  @Get('oidc/callback')
  @ApiOperation({
    summary: "The provider's redirect back: checks it, sets the session cookie, redirects to the console",
  })
  @ApiResponse({ status: 302, description: 'signed in: to the page the sign-in started from' })
  @ApiResponse(TO_SIGN_IN)
  @ApiResponse({ status: 400, description: 'SSO_NO_SIGN_IN_STARTED: no sign-in was started in this browser' })
  @ApiResponse({ status: 401, description: 'SSO_FAILED: state, nonce, code or ID token refused; the provider refused' })
  @ApiResponse({ status: 403, description: 'SSO_NOT_IN_DIRECTORY, SSO_NO_ROLE, SSO_USER_DEACTIVATED' })
  @ApiResponse({ status: 404, description: 'SSO_NOT_CONFIGURED: single sign-on is off' })
  @ApiResponse({ status: 503, description: 'SSO_PROVIDER_UNAVAILABLE: the provider cannot be reached' })
  async callback(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    await refusing(request, reply, async () => {
      const callbackUrl = new URL(this.client.enabled.redirectUri);
      // The redirect URI as configured with the query the provider added: the Host header is not trusted.
      callbackUrl.search = new URL(request.url, 'http://query.only').search;
      const flowId = flowCookieOf(request);
      // The flow is single use: its cookie goes whatever the outcome.
      void reply.header('set-cookie', cookie(request, FLOW_COOKIE, '', '/auth/oidc', 0));
      const { session, returnTo } = await this.oidc.finish(flowId, callbackUrl);
      await reply
        .status(302)
        .header('set-cookie', [
          cookie(request, FLOW_COOKIE, '', '/auth/oidc', 0),
          cookie(request, SESSION_COOKIE, session.token, '/', session.maxAgeSeconds),
        ])
        .header('cache-control', 'no-store')
        .header('location', returnTo)
        .send();
    });
  }
}
