// The importer over HTTP says why a CRM could not take its batches: nothing listening at the
// address, or a key the CRM refuses, in words rather than fetch's bare "fetch failed".
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpSink, withoutCredentials } from './sinks';

const ITEM = { command: 'RegisterCustomer' as const, body: { customerId: 'c1', kind: 'person', name: 'C' } };

async function listening(status: number): Promise<{ server: Server; url: string }> {
  const server = createServer((_, res) => res.writeHead(status, { 'content-type': 'application/json' }).end('{}'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const closed = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

describe('the HTTP sink', () => {
  it('names the address nothing answers at, and why', async () => {
    const { server, url } = await listening(200);
    await closed(server);
    await expect(new HttpSink(url, 'k').send([ITEM])).rejects.toThrow(`no CRM answered at ${url}: ECONNREFUSED`);
  });

  it('shows an address without the user and password it carries', () => {
    expect(withoutCredentials('https://importer:s3cret@crm.example:8443/base')).toBe('https://crm.example:8443/base');
    expect(withoutCredentials('http://crm.example')).toBe('http://crm.example');
  });

  it.each([401, 403])('says the CRM refused the API key (%d)', async (status) => {
    const { server, url } = await listening(status);
    try {
      await expect(new HttpSink(url, 'k').send([ITEM])).rejects.toThrow(
        `the CRM at ${url} refused the API key (${status}): importing takes a channel or admin key`,
      );
    } finally {
      await closed(server);
    }
  });
});
