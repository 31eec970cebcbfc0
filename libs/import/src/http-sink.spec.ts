// The importer over HTTP says why a CRM could not take its batches: nothing listening at the
// address, or a key the CRM refuses, in words rather than fetch's bare "fetch failed".
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpSink, withoutCredentials } from './sinks';

const ITEM = { command: 'RegisterCustomer' as const, body: { customerId: 'c1', kind: 'person', name: 'C' } };

/** A server answering each request with the next status (the last one from then on). */
async function listening(...statuses: number[]): Promise<{ server: Server; url: string; requests: () => number }> {
  let requests = 0;
  const server = createServer((_, res) => {
    const status = statuses[Math.min(requests++, statuses.length - 1)];
    const body = status === 200 ? JSON.stringify({ results: [{ index: 0, status: 201 }] }) : '{}';
    res.writeHead(status, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests: () => requests };
}

/** Retries without the real back-off's half-minute. */
const QUICK = { attempts: 4, backoff: { initialMs: 5, maxMs: 20 } };

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

  it('sends a batch again while the CRM answers 502, 503 or 504, then says how often it tried', async () => {
    const { server, url, requests } = await listening(503, 502, 200);
    try {
      const sink = new HttpSink(url, 'k', 200_000, QUICK);
      expect(await sink.send([ITEM])).toEqual([{ index: 0, status: 201 }]);
      expect(requests()).toBe(3);
    } finally {
      await closed(server);
    }
    const down = await listening(503);
    try {
      await expect(new HttpSink(down.url, 'k', 200_000, QUICK).send([ITEM])).rejects.toThrow(
        'the CRM answered 503, 4 times (run again with --resume to go on)',
      );
      expect(down.requests()).toBe(4);
    } finally {
      await closed(down.server);
    }
  });

  it('rides out a restart once the CRM has answered, but says at once that nothing answers at first', async () => {
    const { server, url } = await listening(200);
    // Patient enough for a loaded machine to start the server again: about a second in all.
    const sink = new HttpSink(url, 'k', 200_000, { attempts: 25, backoff: { initialMs: 10, maxMs: 50 } });
    await sink.send([ITEM]);
    await closed(server);
    // Restarted on the same port while the sink waits between attempts.
    const port = Number(new URL(url).port);
    const back = createServer((_, res) =>
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ results: [{ index: 0, status: 200 }] })),
    );
    const sending = sink.send([ITEM]);
    setTimeout(() => back.listen(port, '127.0.0.1'), 10);
    try {
      expect(await sending).toEqual([{ index: 0, status: 200 }]);
    } finally {
      await closed(back);
    }
    await expect(new HttpSink(url, 'k', 200_000, QUICK).send([ITEM])).rejects.toThrow(`no CRM answered at ${url}`);
  });
});
