// The forwarding variables: unset is no forwarding, a bad value stops the start naming the variable.
import { loadConfig } from './crm-config';
import { loadForwardingConfig } from './forwarding-config';

describe('forwarding configuration (query service in distributed mode)', () => {
  it('forwards nothing when neither URL is set', () => {
    expect(loadConfig({}).forwarding).toEqual({
      commandService: null,
      auditService: null,
      timeoutMs: 30_000,
      connectTimeoutMs: 5_000,
    });
  });

  it('reads both URLs and the timeout', () => {
    const forwarding = loadForwardingConfig({
      CRM_COMMAND_SERVICE_URL: 'http://command-service:3000',
      CRM_AUDIT_SERVICE_URL: ' https://audit.internal/ledger ',
      CRM_FORWARD_TIMEOUT_MS: '2000',
    });
    expect(forwarding.commandService?.href).toBe('http://command-service:3000/');
    expect(forwarding.auditService?.href).toBe('https://audit.internal/ledger');
    expect(forwarding).toMatchObject({ timeoutMs: 2000, connectTimeoutMs: 2000 });
  });

  it.each([
    ['CRM_COMMAND_SERVICE_URL', 'command-service:3000', /CRM_COMMAND_SERVICE_URL: must use http or https/],
    ['CRM_COMMAND_SERVICE_URL', 'not a url', /CRM_COMMAND_SERVICE_URL: must be an absolute http\(s\) URL/],
    ['CRM_AUDIT_SERVICE_URL', 'ftp://audit:21', /CRM_AUDIT_SERVICE_URL: must use http or https/],
    ['CRM_AUDIT_SERVICE_URL', 'http://audit:3000/?x=1', /CRM_AUDIT_SERVICE_URL: must not have a query/],
    ['CRM_AUDIT_SERVICE_URL', 'http://me:secret@audit:3000', /CRM_AUDIT_SERVICE_URL: must not hold a user name/],
    ['CRM_FORWARD_TIMEOUT_MS', '0', /CRM_FORWARD_TIMEOUT_MS: must be an integer between 100 and 600000/],
  ])('refuses %s=%s, naming the variable', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });
});
