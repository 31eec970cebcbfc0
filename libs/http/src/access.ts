// Who may do what. Roles come from the API key (CRM_API_KEYS); endpoints declare the
// permission they need with @Requires(...) and ApiKeyGuard enforces it (401 / 403).
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
import { ACTOR_LABEL_KEY, actorLabel } from './actor-label';

export type Permission = 'write' | 'read:customer' | 'read:analytics' | 'read:audit' | 'admin';
export type RoleName = 'channel' | 'agent' | 'analyst' | 'auditor' | 'admin';

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
const ANY_KEY = 'any-key';

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
  role: RoleName;
  /** Shown in event metadata as the actor (role and keyed hash, actor-label.ts); never the key itself. */
  actor: string;
}

export type AuthenticatedRequest = FastifyRequest & { principal?: Principal };

@Injectable()
export class ApiKeyGuard implements CanActivate {
  /** One principal per configured key, built once (every request needs one). */
  private readonly principals: ReadonlyMap<string, Principal>;

  constructor(
    private readonly reflector: Reflector,
    @Inject(API_KEYS) apiKeys: Map<string, RoleName>,
    @Inject(ACTOR_LABEL_KEY) labelKey: Buffer,
  ) {
    this.principals = new Map(
      [...apiKeys].map(([key, role]) => [key, Object.freeze({ role, actor: actorLabel(role, key, labelKey) })]),
    );
  }

  canActivate(context: ExecutionContext): boolean {
    const required = this.reflector.getAllAndOverride<Permission | typeof ANY_KEY | undefined>(REQUIRED, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!required) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const key = apiKeyOf(request);
    if (!key) throw new UnauthorizedException('missing API key: send it as X-Api-Key or Authorization: Bearer <key>');
    const principal = this.principals.get(key);
    if (!principal) throw new UnauthorizedException('unknown API key');
    if (required !== ANY_KEY && !ROLE_PERMISSIONS[principal.role].includes(required)) {
      throw new ForbiddenException(`role '${principal.role}' may not ${describe(required)}`);
    }
    request.principal = principal;
    return true;
  }
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
