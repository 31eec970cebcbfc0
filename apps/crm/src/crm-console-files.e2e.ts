// The crm app serves the console at `/` beside its API: the page for the console's own paths,
// the API (and /docs) untouched, hashed assets cached, the page itself never.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CrmUnderTest } from './test-support/crm-under-test';

const HTML = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };

describe('crm: serving the console', () => {
  let crm: CrmUnderTest;
  let dir: string;
  beforeAll(async () => {
    // A stand-in build (the browser suites use the real one): what matters here is the routing.
    dir = mkdtempSync(join(tmpdir(), 'ledger-console-dist-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Ledger console</title>');
    writeFileSync(join(dir, 'assets', 'index-0123abcd.js'), 'export {};');
    crm = await CrmUnderTest.start({ env: { CRM_CONSOLE_DIR: dir } });
  });
  afterAll(async () => {
    await crm.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the page at / and at the console paths, uncached', async () => {
    for (const path of ['/', '/find', '/customer/c-1', '/queue?severity=high']) {
      const reply = await crm.request('GET', path, { as: null, headers: HTML });
      expect([path, reply.status, reply.headers.get('cache-control')]).toEqual([path, 200, 'no-cache']);
      expect(reply.body).toContain('<title>Ledger console</title>');
    }
  });

  it('caches hashed assets for good', async () => {
    const reply = await crm.request('GET', '/assets/index-0123abcd.js', { as: null });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('leaves the API and the OpenAPI page alone, also for a browser', async () => {
    const customer = await crm.request('GET', '/customers/c-1', { as: null, headers: HTML });
    expect(customer.status).toBe(401);
    expect(customer.body).toMatchObject({ code: 'UNAUTHENTICATED' });
    const docs = await crm.request('GET', '/docs', { as: null, headers: HTML });
    expect(docs.status).toBe(200);
    expect(String(docs.body)).toMatch(/swagger/i);
    expect((await crm.get('/docs/openapi.json', null)).body.paths['/auth/me']).toBeDefined();
    const health = await crm.request('GET', '/health', { as: null, headers: HTML });
    expect(health.body).toMatchObject({ status: 'ok' });
  });

  it('answers unknown API paths and non-page requests with the JSON 404', async () => {
    const unknownApi = await crm.request('GET', '/customers/c-1/nonsense', { as: null, headers: HTML });
    expect(unknownApi.status).toBe(404);
    expect(unknownApi.body).toMatchObject({ statusCode: 404 });
    const json = await crm.request('GET', '/find', { as: null, headers: { accept: 'application/json' } });
    expect(json.status).toBe(404);
    expect((await crm.request('GET', '/assets/gone-1234.js', { as: null, headers: HTML })).status).toBe(404);
  });

  // Found by the fuzzer: the file server's own refusals (a condition the page does not meet, a
  // range it does not have) were answered 500.
  it('answers conditions and ranges the files cannot meet with their 4xx, never a 500', async () => {
    const stale = await crm.request('GET', '/', { as: null, headers: { ...HTML, 'if-match': '"not-this-one"' } });
    expect([stale.status, stale.body.code]).toEqual([412, 'PRECONDITION_FAILED']);
    const old = { ...HTML, 'if-unmodified-since': 'Thu, 01 Jan 1970 00:00:00 GMT' };
    expect((await crm.request('GET', '/assets/index-0123abcd.js', { as: null, headers: old })).status).toBe(412);
    const range = await crm.request('GET', '/assets/index-0123abcd.js', { as: null, headers: { range: 'bytes=999-' } });
    expect([range.status, range.body.statusCode]).toEqual([416, 416]);
  });
});
