// Single sign-on (OpenID Connect) settings, CRM_OIDC_*: off when none is set; a half-made setup
// stops the start with the variable that is missing or wrong, not a failing sign-in later.
import { ConfigError } from './config-error';
import { integer, oneOf, type Env } from './env-values';

/** The roles a person may hold (libs/domain STAFF_ROLES; config reads the names, not the domain). */
const PERSON_ROLES = ['agent', 'analyst', 'auditor', 'admin'] as const;
export type PersonRole = (typeof PERSON_ROLES)[number];

export interface OidcConfig {
  issuer: URL;
  clientId: string;
  /** null: a public client (PKCE alone, no client authentication). */
  clientSecret: string | null;
  redirectUri: URL;
  /** Where the provider sends the browser after signing out there (RP-initiated logout); the console's sign-in page by default. */
  postLogoutRedirectUri: URL;
  scopes: string;
  /** Shown on the sign-in screen: "Sign in with <name>". */
  name: string;
  /**
   * The claim holding the person's groups or roles (a dotted path, e.g. `realm_access.roles`);
   * null: roles are the directory's alone, the provider only says who signs in.
   */
  rolesClaim: string | null;
  /** Claim value → CRM role; a value not listed gives no role. */
  roleMap: ReadonlyMap<string, PersonRole>;
  /** Add someone the provider vouches for who is not in the directory yet (with their mapped roles). */
  provision: boolean;
  /** How often a session from single sign-on asks the provider whether the person is still there. */
  recheckSeconds: number;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

function url(env: Env, name: string): URL {
  const raw = env[name];
  if (!raw) throw new ConfigError(name, 'must be set when single sign-on is configured (CRM_OIDC_ISSUER)');
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, `must be an absolute URL, got '${raw}'`);
  }
  // Plain HTTP only on this machine (tests, a provider in development): elsewhere tokens would travel in clear.
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && LOOPBACK.has(parsed.hostname))) {
    throw new ConfigError(name, `must be https (http only for 127.0.0.1 or localhost), got '${raw}'`);
  }
  return parsed;
}

/** `group=role,other-group=role`; without it the claim's values are taken as role names. */
function roleMap(raw: string | undefined): Map<string, PersonRole> {
  if (!raw) return new Map(PERSON_ROLES.map((role) => [role, role]));
  const map = new Map<string, PersonRole>();
  for (const entry of raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const at = entry.lastIndexOf('=');
    const role = entry.slice(at + 1).trim() as PersonRole;
    if (at <= 0 || !PERSON_ROLES.includes(role)) {
      throw new ConfigError(
        'CRM_OIDC_ROLE_MAP',
        `entry '${entry}' must be claim-value=role with role one of ${PERSON_ROLES.join(', ')}`,
      );
    }
    map.set(entry.slice(0, at).trim(), role);
  }
  return map;
}

export function loadOidcConfig(env: Env): OidcConfig | null {
  if (!env['CRM_OIDC_ISSUER']) {
    const stray = Object.keys(env).find((name) => name.startsWith('CRM_OIDC_') && env[name]);
    if (stray) throw new ConfigError('CRM_OIDC_ISSUER', `must be set when ${stray} is (single sign-on)`);
    return null;
  }
  const issuer = url(env, 'CRM_OIDC_ISSUER');
  const clientId = env['CRM_OIDC_CLIENT_ID'];
  if (!clientId) throw new ConfigError('CRM_OIDC_CLIENT_ID', 'must be set when single sign-on is configured');
  const redirectUri = url(env, 'CRM_OIDC_REDIRECT_URI');
  if (!redirectUri.pathname.endsWith('/auth/oidc/callback')) {
    throw new ConfigError('CRM_OIDC_REDIRECT_URI', `must end in /auth/oidc/callback, got '${redirectUri.pathname}'`);
  }
  const postLogoutRedirectUri = env['CRM_OIDC_LOGOUT_REDIRECT_URI']
    ? url(env, 'CRM_OIDC_LOGOUT_REDIRECT_URI')
    : new URL('/signin', redirectUri);
  const scopes = env['CRM_OIDC_SCOPES'] || 'openid email profile';
  if (!scopes.split(/\s+/).includes('openid')) throw new ConfigError('CRM_OIDC_SCOPES', "must include 'openid'");
  const rolesClaim = env['CRM_OIDC_ROLES_CLAIM'] || null;
  const provision = oneOf(env, 'CRM_OIDC_PROVISION', ['on', 'off'] as const, 'off') === 'on';
  if (provision && !rolesClaim) {
    throw new ConfigError('CRM_OIDC_PROVISION', 'on needs CRM_OIDC_ROLES_CLAIM: a new person gets the roles it maps');
  }
  const recheckSeconds = integer(env, 'CRM_OIDC_RECHECK_SECONDS', 300, 1, 86_400);
  return {
    issuer,
    clientId,
    clientSecret: env['CRM_OIDC_CLIENT_SECRET'] || null,
    redirectUri,
    postLogoutRedirectUri,
    scopes,
    name: env['CRM_OIDC_NAME'] || issuer.hostname,
    rolesClaim,
    roleMap: roleMap(env['CRM_OIDC_ROLE_MAP']),
    provision,
    recheckSeconds,
  };
}
