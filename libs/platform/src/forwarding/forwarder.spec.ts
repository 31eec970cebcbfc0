// The headers the query service sends upstream and back when it forwards a request.
import { requestHeaders, responseHeaders } from './forwarder';

describe('forwarded headers', () => {
  const request = { id: 'req-1', ip: '10.1.2.3', protocol: 'http' as const, headers: { host: 'crm.example' } };

  it('sends the caller’s headers on with the request id and X-Forwarded-*, without hop-by-hop ones', () => {
    const sent = requestHeaders(request, {
      host: 'command-service:3000',
      cookie: 'ledger_session=abc',
      'x-csrf-token': 't',
      'idempotency-key': 'k',
      'x-forwarded-for': '192.0.2.1',
      connection: 'keep-alive, x-private',
      'x-private': 'for this hop only',
      'keep-alive': 'timeout=5',
      upgrade: 'h2c',
      'proxy-authorization': 'Basic c2VjcmV0',
    });
    expect(sent).toEqual({
      host: 'command-service:3000',
      cookie: 'ledger_session=abc',
      'x-csrf-token': 't',
      'idempotency-key': 'k',
      'x-request-id': 'req-1',
      'x-forwarded-for': '192.0.2.1, 10.1.2.3',
      'x-forwarded-proto': 'http',
      'x-forwarded-host': 'crm.example',
    });
  });

  it('passes Set-Cookie back as it came over plain HTTP, and makes it Secure when the caller came over TLS', () => {
    const upstream = {
      'set-cookie': ['ledger_session=s; Path=/; HttpOnly; SameSite=Lax', 'other=1; Secure'],
      'content-type': 'application/json',
      connection: 'close',
      'transfer-encoding': 'chunked',
    };
    expect(responseHeaders(upstream, { protocol: 'http' })).toEqual({
      'set-cookie': ['ledger_session=s; Path=/; HttpOnly; SameSite=Lax', 'other=1; Secure'],
      'content-type': 'application/json',
    });
    expect(responseHeaders(upstream, { protocol: 'https' })['set-cookie']).toEqual([
      'ledger_session=s; Path=/; HttpOnly; SameSite=Lax; Secure',
      'other=1; Secure',
    ]);
  });
});
