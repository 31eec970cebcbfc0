// Who may do what. A caller is an API key (CRM_API_KEYS, machines) or a signed-in person (a
// session cookie, checked by the SessionAuthenticator the people feature provides); endpoints
// declare the permission they need with @Requires(...) and ApiKeyGuard enforces it (401 / 403).
// Requests that change something with a session must carry its CSRF token (X-CSRF-Token).
import {
  applyDecorators,
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  SetMetadata,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiExtension, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { ACTOR_LABEL_KEY, actorLabel } from './actor-label';
import type { Permission, RoleName } from './api';
import { RefusedRequest } from './refused-request';

export type { Permission, RoleName } from './api';

export const ROLE_PERMISSIONS: Record<RoleName, Permission[]> = {
  channel: ['write'],
  agent: ['write', 'read:customer'],
  analyst: ['read:customer', 'read:analytics'],
  auditor: ['read:audit', 'read:customer'],
  admin: ['write', 'read:customer', 'read:analytics', 'read:audit', 'admin'],
};

export const API_KEYS = Symbol('API_KEYS');
const REQUIRED = 'ledger:required-permission';
/** Any configured key will do (e.g. "who am I"); no particular permission. */
export const ANY_KEY = 'any-key';

/**
 * What a handler (or its controller) declares: a permission, `any-key`, or undefined for a public
 * endpoint. For the authorization matrix test, which checks every route against it.
 */
export function declaredPermission(handler: object, controller: object): Permission | typeof ANY_KEY | undefined {
  return (Reflect.getMetadata(REQUIRED, handler) ?? Reflect.getMetadata(REQUIRED, controller)) as
    | Permission
    | typeof ANY_KEY
    | undefined;
}

/** The roles holding a permission, as the API documents them (`x-roles`). */
export const rolesWith = (permission: Permission): RoleName[] =>
  (Object.keys(ROLE_PERMISSIONS) as RoleName[]).filter((role) => ROLE_PERMISSIONS[role].includes(permission));

const UNAUTHORIZED = ApiUnauthorizedResponse({ description: 'no API key, or a key that is not configured' });

/** Declares the permission an endpoint needs, and documents it in the OpenAPI description along
 * with the 401/403 the guard gives, so the contract and the check cannot disagree.
 * Endpoints without it are public (health, docs). */
export const Requires = (permission: Permission) =>
  applyDecorators(
    SetMetadata(REQUIRED, permission),
    ApiExtension('x-roles', rolesWith(permission)),
    UNAUTHORIZED,
    ApiForbiddenResponse({ description: `the key's role is not one of: ${rolesWith(permission).join(', ')}` }),
  );
/** The endpoint needs a valid key of any role. */
export const RequiresAnyKey = () =>
  applyDecorators(SetMetadata(REQUIRED, ANY_KEY), ApiExtension('x-roles', Object.keys(ROLE_PERMISSIONS)), UNAUTHORIZED);

export interface Principal {
  /** The first of `roles` (older readers show one role). */
  role: RoleName;
  /** Every role held: a person may have several; a key has one. */
  roles: readonly RoleName[];
  /** Shown in event metadata as the actor (`role:<keyed hash>` for a key, `user:<userId>` for a person); never a secret. */
  actor: string;
  /** A signed-in person: their user id and display name. */
  userId?: string;
  name?: string | null;
  /** A session's CSRF token: state-changing requests with the session must echo it in X-CSRF-Token. */
  csrfToken?: string;
  /** A public reference to the session (recorded with the events it causes); never the token. */
  sessionId?: string;
  /** An admin-made API key: its id, and the channels it may write as (X-Source-Channel), if limited. */
  keyId?: string;
  channels?: readonly string[];
}

/** Name of the HTTP-only session cookie. */
export const SESSION_COOKIE = 'ledger_session';
/** Nest token of the SessionAuthenticator (optional: an app without sign-in only knows keys). */
export const SESSION_AUTHENTICATOR = Symbol('SESSION_AUTHENTICATOR');

export interface SessionAuthenticator {
  /** The person behind a session cookie, or null when it is unknown, expired, signed out or the user deactivated. */
  authenticate(sessionToken: string): Promise<Principal | null>;
  /** The principal of an admin-made API key, or null when it is unknown or revoked. */
  authenticateKey?(key: string): Promise<Principal | null>;
}

/** The union of the roles' permissions. */
export const permissionsOf = (roles: readonly RoleName[]): Permission[] => [
  ...new Set(roles.flatMap((role) => ROLE_PERMISSIONS[role])),
];

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export type AuthenticatedRequest = FastifyRequest & { principal?: Principal };

@Injectable()
export class ApiKeyGuard implements CanActivate {
  /** One principal per configured key, built once (every request needs one). */
  private readonly principals: ReadonlyMap<string, Principal>;

  constructor(
    private readonly reflector: Reflector,
    @Inject(API_KEYS) apiKeys: Map<string, RoleName>,
    @Inject(ACTOR_LABEL_KEY) labelKey: Buffer,
    private readonly sessions?: SessionAuthenticator,
  ) {
    this.principals = new Map(
      [...apiKeys].map(([key, role]) => [
        key,
        Object.freeze({ role, roles: Object.freeze([role]), actor: actorLabel(role, key, labelKey) }),
      ]),
    );
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const required = this.reflector.getAllAndOverride<Permission | typeof ANY_KEY | undefined>(REQUIRED, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!required) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const principal = await this.principalOf(request);
    if (required !== ANY_KEY && !permissionsOf(principal.roles).includes(required)) {
      throw new ForbiddenException(`role '${principal.roles.join("', '")}' may not ${describe(required)}`);
    }
    request.principal = principal;
    return true;
  }

  private async principalOf(request: FastifyRequest): Promise<Principal> {
    const key = apiKeyOf(request);
    if (key) {
      const principal = this.principals.get(key) ?? (await this.sessions?.authenticateKey?.(key)) ?? undefined;
      if (!principal) throw new UnauthorizedException('unknown or revoked API key');
      const channel = request.headers['x-source-channel'] ?? 'api';
      if (principal.channels && !SAFE_METHODS.has(request.method) && !principal.channels.includes(String(channel))) {
        throw new RefusedRequest(
          403,
          'CHANNEL_NOT_ALLOWED',
          `this API key may write only as ${principal.channels.join(', ')} (X-Source-Channel)`,
          'X-Source-Channel',
        );
      }
      return principal;
    }
    const session = this.sessions ? sessionCookieOf(request) : undefined;
    if (!session || !this.sessions) {
      throw new UnauthorizedException(
        'not signed in: sign in (POST /auth/sign-in) or send an API key as X-Api-Key or Authorization: Bearer <key>',
      );
    }
    const principal = await this.sessions.authenticate(session);
    if (!principal) throw new UnauthorizedException('the session has expired or was signed out: sign in again');
    // A cookie rides along with any request a browser makes, also one another site triggers:
    // a change needs the token only this site's pages can read.
    if (!SAFE_METHODS.has(request.method) && !sameToken(request.headers['x-csrf-token'], principal.csrfToken)) {
      throw new RefusedRequest(
        403,
        'CSRF_TOKEN_INVALID',
        "a change made with a session needs the session's CSRF token in X-CSRF-Token (from sign-in or GET /auth/me)",
        'X-CSRF-Token',
      );
    }
    return principal;
  }
}

function sameToken(sent: string | string[] | undefined, expected: string | undefined): boolean {
  if (typeof sent !== 'string' || expected === undefined) return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The session cookie's value from the Cookie header (no cookie plugin: one name is all we read). */
export function sessionCookieOf(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie;
  if (typeof header !== 'string') return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) return part.slice(eq + 1).trim() || undefined;
  }
  return undefined;
}

function apiKeyOf(request: FastifyRequest): string | undefined {
  const header = request.headers['x-api-key'];
  if (typeof header === 'string' && header) return header;
  const auth = request.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice('Bearer '.length).trim();
  return undefined;
}

function describe(permission: Permission): string {
  switch (permission) {
    case 'write':
      return 'record customer facts';
    case 'read:customer':
      return "read a customer's operational view";
    case 'read:analytics':
      return 'read segments, campaigns and KPIs';
    case 'read:audit':
      return 'read audit history';
    case 'admin':
      return 'run administrative operations';
  }
}
