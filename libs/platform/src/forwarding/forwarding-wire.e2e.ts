// What the query service's forwarding does on the wire, read from a plain HTTP server standing
// in for an upstream (our services do not echo the headers they receive): headers passed, added
// and dropped, a chunked body over the limit, an upstream that keeps silent.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandsModule } from '@ledger/commands';
import { QueriesModule } from '@ledger/queries';
import { bootstrapService } from '../bootstrap';
import type { StartedApp } from '../http-app';

jest.setTimeout(60_000);

const root = mkdtempSync(join(tmpdir(), 'ledger-forwarding-wire-'));
const env = (more: Record<string, string>) => ({
  CRM_HOST: '127.0.0.1',
  CRM_PORT: '0',
  CRM_DURABILITY: 'NORMAL',
  CRM_LOG_LEVEL: 'silent',
  CRM_API_KEYS: 'forwarding-wire-key:admin',
  CRM_DATA_DIR: join(root, 'query'),
  ...more,
});

describe('query service forwarding on the wire', () => {
  let upstream: Server;
  let seen: IncomingMessage | null = null;
  let seenBody = '';
  /** What the stand-in upstream does with a request: answer, or keep silent. */
  let behaviour: 'answer' | 'silent' = 'answer';
  let query: StartedApp;

  beforeAll(async () => {
    upstream = createServer((request, response) => {
      seen = request;
      seenBody = '';
      request.on('data', (chunk: Buffer) => (seenBody += chunk.toString()));
      request.on('end', () => {
        if (behaviour === 'silent') return;
        response.setHeader('set-cookie', ['ledger_session=s1; Path=/; HttpOnly; SameSite=Lax']);
        response.setHeader('keep-alive', 'timeout=5');
        response.writeHead(201, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
      request.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    query = await bootstrapService(
      'query-service',
      'query',
      [QueriesModule],
      env({ CRM_COMMAND_SERVICE_URL: url, CRM_FORWARD_TIMEOUT_MS: '800', CRM_BODY_LIMIT: '1kb' }),
      { forward: { command: [CommandsModule] } },
    );
  });

  afterAll(async () => {
    await query?.app.close();
    upstream.closeAllConnections();
    await new Promise((resolve) => upstream.close(resolve));
    rmSync(root, { recursive: true, force: true });
  });

  it('passes cookies, CSRF token, API key and idempotency key; adds X-Forwarded-*; drops hop-by-hop headers', async () => {
    behaviour = 'answer';
    const response = await fetch(`${query.url}/customers/w1/contacts?minPosition=3`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie: 'ledger_session=abc',
        'x-csrf-token': 'token-1',
        'x-api-key': 'key-1',
        'idempotency-key': 'idem-1',
        'x-forwarded-for': '10.0.0.9',
        'proxy-authorization': 'Basic c2VjcmV0',
        te: 'trailers',
      },
      body: '{"channel":"phone"}',
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('set-cookie')).toBe('ledger_session=s1; Path=/; HttpOnly; SameSite=Lax');
    expect(response.headers.get('keep-alive')).not.toBe('timeout=5');
    expect(seen?.url).toBe('/customers/w1/contacts?minPosition=3');
    expect(seenBody).toBe('{"channel":"phone"}');
    expect(seen?.headers).toMatchObject({
      cookie: 'ledger_session=abc',
      'x-csrf-token': 'token-1',
      'x-api-key': 'key-1',
      'idempotency-key': 'idem-1',
      'x-forwarded-for': '10.0.0.9, 127.0.0.1',
      'x-forwarded-proto': 'http',
      'x-forwarded-host': new URL(query.url).host,
    });
    expect(seen?.headers['x-request-id']).toBe(response.headers.get('x-request-id'));
    expect(seen?.headers['proxy-authorization']).toBeUndefined();
    expect(seen?.headers['te']).toBeUndefined();
  });

  it('cuts off a chunked body over the limit with a 413', async () => {
    behaviour = 'answer';
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 8; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(512)));
        controller.close();
      },
    });
    const response = await fetch(`${query.url}/customers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: chunks,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ code: 'BODY_TOO_LARGE', field: 'body' });
  });

  it('answers 504 after the timeout when the upstream keeps silent', async () => {
    behaviour = 'silent';
    const started = Date.now();
    const answer = await fetch(`${query.url}/customers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    const elapsed = Date.now() - started;
    expect(answer.status).toBe(504);
    expect(await answer.json()).toMatchObject({ statusCode: 504, code: 'UPSTREAM_TIMEOUT' });
    // undici checks its timers coarsely (every ~500 ms): the answer comes near the timeout, not exactly at it.
    expect(elapsed).toBeGreaterThanOrEqual(400);
    expect(elapsed).toBeLessThan(5000);
  });
});
