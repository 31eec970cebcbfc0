import { loadOidcConfig } from './oidc-config';

const base = {
  CRM_OIDC_ISSUER: 'https://id.example.com/realms/crm',
  CRM_OIDC_CLIENT_ID: 'ledger',
  CRM_OIDC_REDIRECT_URI: 'https://crm.example.com/auth/oidc/callback',
};

describe('single sign-on configuration', () => {
  it('is off without CRM_OIDC_ISSUER', () => {
    expect(loadOidcConfig({})).toBeNull();
  });

  it('reads the settings with their defaults', () => {
    const config = loadOidcConfig({ ...base, CRM_OIDC_ROLES_CLAIM: 'groups', CRM_OIDC_ROLE_MAP: 'crm-agents=agent' });
    expect(config).toMatchObject({
      clientId: 'ledger',
      clientSecret: null,
      scopes: 'openid email profile',
      name: 'id.example.com',
      rolesClaim: 'groups',
      provision: false,
      recheckSeconds: 300,
    });
    expect([...(config?.roleMap ?? [])]).toEqual([['crm-agents', 'agent']]);
    // After signing out at the provider, back to the console's sign-in page on the CRM's own site.
    expect(config?.postLogoutRedirectUri.href).toBe('https://crm.example.com/signin');
    const elsewhere = loadOidcConfig({ ...base, CRM_OIDC_LOGOUT_REDIRECT_URI: 'https://crm.example.com/bye' });
    expect(elsewhere?.postLogoutRedirectUri.href).toBe('https://crm.example.com/bye');
  });

  it.each([
    [{ CRM_OIDC_CLIENT_ID: 'x' }, /CRM_OIDC_ISSUER: must be set when CRM_OIDC_CLIENT_ID/],
    [{ ...base, CRM_OIDC_CLIENT_ID: '' }, /CRM_OIDC_CLIENT_ID: must be set/],
    [{ ...base, CRM_OIDC_ISSUER: 'http://id.example.com' }, /CRM_OIDC_ISSUER: must be https/],
    [{ ...base, CRM_OIDC_ISSUER: 'not a url' }, /CRM_OIDC_ISSUER: must be an absolute URL/],
    [{ ...base, CRM_OIDC_REDIRECT_URI: undefined }, /CRM_OIDC_REDIRECT_URI: must be set/],
    [{ ...base, CRM_OIDC_REDIRECT_URI: 'https://crm.example.com/cb' }, /must end in \/auth\/oidc\/callback/],
    [{ ...base, CRM_OIDC_SCOPES: 'email' }, /CRM_OIDC_SCOPES: must include 'openid'/],
    [{ ...base, CRM_OIDC_ROLE_MAP: 'crm-agents=boss' }, /CRM_OIDC_ROLE_MAP: entry 'crm-agents=boss'/],
    [{ ...base, CRM_OIDC_PROVISION: 'yes' }, /CRM_OIDC_PROVISION: must be one of on, off, got 'yes'/],
    [{ ...base, CRM_OIDC_PROVISION: 'on' }, /CRM_OIDC_PROVISION: on needs CRM_OIDC_ROLES_CLAIM/],
    [{ ...base, CRM_OIDC_RECHECK_SECONDS: '0' }, /CRM_OIDC_RECHECK_SECONDS: must be an integer/],
    [
      { ...base, CRM_OIDC_LOGOUT_REDIRECT_URI: 'http://crm.example.com/' },
      /CRM_OIDC_LOGOUT_REDIRECT_URI: must be https/,
    ],
  ])('refuses a bad setting, naming it: %j', (env, message) => {
    expect(() => loadOidcConfig(env)).toThrow(message);
  });

  it('allows plain HTTP for a provider on this machine only', () => {
    const local = {
      ...base,
      CRM_OIDC_ISSUER: 'http://127.0.0.1:4000',
      CRM_OIDC_REDIRECT_URI: 'http://localhost:3000/auth/oidc/callback',
    };
    expect(loadOidcConfig(local)?.issuer.href).toBe('http://127.0.0.1:4000/');
  });
});
