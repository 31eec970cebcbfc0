// What the provider's claims say about a person, in the CRM's words: their email, name and the
// roles the configured claim maps to. Pure: the claims come in, no I/O.
import { isStaffRole, type StaffRole } from '@ledger/domain';
import type { OidcConfig } from '@ledger/config';

export type Claims = Record<string, unknown>;

/** A dotted path into the claims (`realm_access.roles`); a claim named with a dot wins over the path. */
function claimAt(claims: Claims, path: string): unknown {
  if (path in claims) return claims[path];
  let value: unknown = claims;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/**
 * The CRM roles the configured claim maps to, in the directory's order; the claim may be a list
 * or one space- or comma-separated string, as providers differ. Unmapped values give no role.
 */
export function rolesFromClaims(claims: Claims, config: Pick<OidcConfig, 'rolesClaim' | 'roleMap'>): StaffRole[] {
  if (!config.rolesClaim) return [];
  const raw = claimAt(claims, config.rolesClaim);
  const values = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(/[\s,]+/) : [];
  const roles = new Set<StaffRole>();
  for (const value of values) {
    const role = typeof value === 'string' ? config.roleMap.get(value) : undefined;
    if (role && isStaffRole(role)) roles.add(role);
  }
  return [...roles];
}

/** The verified email, or null: an address the provider says it has not verified names no one. */
export function verifiedEmailOf(claims: Claims): string | null {
  const email = claims['email'];
  if (typeof email !== 'string' || !/^[^\s@]+@[^\s@]+$/.test(email) || email.length > 254) return null;
  return claims['email_verified'] === false ? null : email;
}

/** A display name for a new user: the name claim, else the email's local part. */
export function displayNameOf(claims: Claims, email: string): string {
  const name = claims['name'];
  if (typeof name === 'string' && name.trim()) return name.trim().slice(0, 200);
  const given = [claims['given_name'], claims['family_name']].filter((part) => typeof part === 'string' && part);
  return given.length ? given.join(' ').slice(0, 200) : email.split('@')[0];
}
