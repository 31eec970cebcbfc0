import { displayNameOf, rolesFromClaims, verifiedEmailOf } from './oidc-claims';

const roleMap = new Map([
  ['crm-agents', 'agent'],
  ['crm-admins', 'admin'],
  ['auditing', 'auditor'],
] as const);

describe('oidc claims', () => {
  it('maps the configured claim through the mapping, ignoring values it does not list', () => {
    const claims = { groups: ['crm-agents', 'staff', 'auditing'] };
    expect(rolesFromClaims(claims, { rolesClaim: 'groups', roleMap })).toEqual(['agent', 'auditor']);
  });

  it('reads a nested claim by a dotted path, and a space- or comma-separated string', () => {
    const nested = { realm_access: { roles: ['crm-admins'] } };
    expect(rolesFromClaims(nested, { rolesClaim: 'realm_access.roles', roleMap })).toEqual(['admin']);
    const spaced = { groups: 'crm-agents, crm-admins' };
    expect(rolesFromClaims(spaced, { rolesClaim: 'groups', roleMap })).toEqual(['agent', 'admin']);
  });

  it('gives no role without a claim, a configured claim, or a mapped value', () => {
    expect(rolesFromClaims({}, { rolesClaim: 'groups', roleMap })).toEqual([]);
    expect(rolesFromClaims({ groups: ['crm-agents'] }, { rolesClaim: null, roleMap })).toEqual([]);
    expect(rolesFromClaims({ groups: [42, null, 'other'] }, { rolesClaim: 'groups', roleMap })).toEqual([]);
  });

  it('takes an email only when it is not marked unverified', () => {
    expect(verifiedEmailOf({ email: 'ada@example.com', email_verified: true })).toBe('ada@example.com');
    expect(verifiedEmailOf({ email: 'ada@example.com' })).toBe('ada@example.com');
    expect(verifiedEmailOf({ email: 'ada@example.com', email_verified: false })).toBeNull();
    expect(verifiedEmailOf({ email: 'not an address' })).toBeNull();
    expect(verifiedEmailOf({})).toBeNull();
  });

  it('names a new user by the name claim, the given and family names, or the email', () => {
    expect(displayNameOf({ name: ' Ada Lovelace ' }, 'ada@example.com')).toBe('Ada Lovelace');
    expect(displayNameOf({ given_name: 'Ada', family_name: 'L' }, 'ada@example.com')).toBe('Ada L');
    expect(displayNameOf({}, 'ada@example.com')).toBe('ada');
  });
});
