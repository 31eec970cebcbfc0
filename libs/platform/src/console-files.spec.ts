// The console's files beside the API: caching by kind of file, index.html for the console's own
// paths, and never in place of an API route, an API-prefixed path or a request for JSON.
import Fastify, { type FastifyInstance } from 'fastify';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveConsole } from './console-files';

const HTML = { accept: 'text/html,application/xhtml+xml' };

describe('serveConsole', () => {
  let dir: string;
  let app: FastifyInstance;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-console-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>console</title>');
    writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
    writeFileSync(join(dir, 'favicon.svg'), '<svg/>');
    app = Fastify();
    expect(serveConsole(app, dir)).toBe(true);
    // Registered after the console, as Nest registers the API's routes.
    app.get('/customers/:id', async (request) => ({ id: (request.params as { id: string }).id }));
    app.get('/docs', async () => 'docs');
    app.setNotFoundHandler((_request, reply) => reply.status(404).send({ code: 'NOT_FOUND' }));
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves index.html at / without caching, with a content security policy', async () => {
    const reply = await app.inject({ url: '/', headers: HTML });
    expect(reply.statusCode).toBe(200);
    expect(reply.body).toContain('<title>console</title>');
    expect(reply.headers['cache-control']).toBe('no-cache');
    expect(reply.headers['content-type']).toMatch(/^text\/html/);
    expect(reply.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('caches hashed assets for a year and other files not at all', async () => {
    const asset = await app.inject({ url: '/assets/index-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.headers['content-type']).toMatch(/javascript/);
    const icon = await app.inject({ url: '/favicon.svg' });
    expect(icon.headers['cache-control']).toBe('no-cache');
  });

  it("answers the console's own paths with index.html when the browser asks for a page", async () => {
    for (const url of ['/find', '/customer/c-1', '/queue?severity=high']) {
      const reply = await app.inject({ url, headers: HTML });
      expect([url, reply.statusCode, reply.headers['cache-control']]).toEqual([url, 200, 'no-cache']);
      expect(reply.body).toContain('<title>console</title>');
    }
  });

  it('never stands in for the API', async () => {
    expect((await app.inject({ url: '/customers/c-1', headers: HTML })).json()).toEqual({ id: 'c-1' });
    expect((await app.inject({ url: '/docs', headers: HTML })).body).toBe('docs');
    // An API prefix with no such route, a request for JSON, a missing asset: the API's 404.
    for (const [url, headers] of [
      ['/customers/c-1/nonsense', HTML],
      ['/find', { accept: 'application/json' }],
      ['/assets/missing-123.js', HTML],
    ] as const) {
      const reply = await app.inject({ url, headers });
      expect([url, reply.statusCode]).toEqual([url, 404]);
      expect(reply.json()).toEqual({ code: 'NOT_FOUND' });
    }
    expect((await app.inject({ method: 'POST', url: '/find', headers: HTML })).statusCode).toBe(404);
  });

  it('never reads outside the console directory', async () => {
    for (const url of ['/../../etc/passwd', '/assets/..%2f..%2fetc%2fpasswd', '/%2e%2e/%2e%2e/etc/hosts']) {
      const reply = await app.inject({ url });
      expect([url, reply.statusCode]).toEqual([url, 404]);
    }
  });

  it('serves nothing when the console was not built', () => {
    expect(serveConsole(Fastify(), join(dir, 'missing'))).toBe(false);
  });
});
