// The query service's forwarding over real services, no Kafka needed: an embedded command
// service and audit service sharing one event store, a query service forwarding to them, driven
// only through the query service's URL. (What happens on the wire: forwarding-wire.e2e.ts.)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { AuditModule } from '@ledger/audit';
import { CommandsModule } from '@ledger/commands';
import { QueriesModule } from '@ledger/queries';
import { bootstrapService } from '../bootstrap';
import { routesOf } from './route-table';
import type { StartedApp } from '../http-app';

jest.setTimeout(60_000);

const KEY = 'forwarding-admin-key';
const root = mkdtempSync(join(tmpdir(), 'ledger-forwarding-'));
const base = {
  CRM_HOST: '127.0.0.1',
  CRM_PORT: '0',
  CRM_DURABILITY: 'NORMAL',
  CRM_LOG_LEVEL: 'silent',
  CRM_API_KEYS: `${KEY}:admin`,
  CRM_ACTOR_LABEL_KEY: 'forwarding-actor-label-key',
  CRM_EVENT_STORE_DIR: join(root, 'events'),
};
const env = (service: string, more: Record<string, string> = {}) => ({
  ...base,
  CRM_DATA_DIR: join(root, service),
  ...more,
});

/** JSON log lines of the query service (debug: one line per request). */
const logLines: Array<Record<string, unknown>> = [];
const logs = new Writable({
  write(chunk: Buffer, _encoding, done) {
    for (const line of chunk.toString().split('\n').filter(Boolean)) logLines.push(JSON.parse(line));
    done();
  },
});

async function call(url: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { 'x-api-key': KEY, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

const customer = (customerId: string) => ({
  customerId,
  kind: 'person',
  name: `Customer ${customerId}`,
  email: `${customerId}@example.com`,
  country: 'GB',
  occurredAt: '2026-01-05T09:00:00Z',
});

describe('query service forwarding to the command and audit services', () => {
  let command: StartedApp;
  let audit: StartedApp;
  let query: StartedApp;

  beforeAll(async () => {
    // One data directory for both: embedded, the customers' keys are a file in it (no key server here).
    command = await bootstrapService('command-service', 'command', [CommandsModule], env('upstreams'));
    audit = await bootstrapService('audit-service', 'audit', [AuditModule], env('upstreams'));
    query = await bootstrapService(
      'query-service',
      'query',
      [QueriesModule],
      env('query', {
        CRM_LOG_LEVEL: 'debug',
        CRM_COMMAND_SERVICE_URL: command.url,
        CRM_AUDIT_SERVICE_URL: `${audit.url}/`,
        CRM_FORWARD_TIMEOUT_MS: '1500',
      }),
      { forward: { command: [CommandsModule], audit: [AuditModule] }, logDestination: logs },
    );
  });

  afterAll(async () => {
    for (const app of [query, audit, command]) await app?.app.close().catch(() => undefined);
    rmSync(root, { recursive: true, force: true });
  });

  it('records a command through the query service, passing the request id and idempotency key', async () => {
    const headers = { 'idempotency-key': 'register-f1', 'x-request-id': 'gw-req-1' };
    const first = await call(query.url, 'POST', '/customers', customer('f1'), headers);
    expect(first.status).toBe(201);
    expect(first.headers.get('x-request-id')).toBe('gw-req-1');
    const retried = await call(query.url, 'POST', '/customers', customer('f1'), headers);
    // The command service's answer to a retry: the first result, marked replayed, nothing appended.
    expect(retried).toMatchObject({ status: 200, body: { ...first.body, replayed: true } });
    const contact = await call(query.url, 'POST', '/customers/f1/contacts', {
      channel: 'phone',
      direction: 'inbound',
      reason: 'delivery question',
      occurredAt: '2026-01-06T10:00:00Z',
    });
    expect(contact.status).toBe(201);
    expect(contact.body.position).toBeGreaterThan(first.body.position);
  });

  it('passes a refusal naming the field through unchanged', async () => {
    const bad = { ...customer('f2'), email: 'not-an-email' };
    const direct = await call(command.url, 'POST', '/customers', bad);
    const forwarded = await call(query.url, 'POST', '/customers', bad);
    expect(direct.status).toBe(400);
    expect(forwarded).toMatchObject({ status: 400, body: direct.body });
    expect(JSON.stringify(forwarded.body)).toContain('email');
  });

  it('answers the auditors’ history and the subject-access export from the audit service', async () => {
    const history = await call(query.url, 'GET', '/audit/customers/f1/events');
    expect(history.status).toBe(200);
    expect(JSON.stringify(history.body)).toContain('ContactRecorded');
    const exported = await call(query.url, 'GET', '/customers/f1/export');
    expect(exported.status).toBe(200);
    expect(JSON.stringify(exported.body)).toContain('f1@example.com');
  });

  it('keeps its own routes and its own 404s', async () => {
    const missing = await call(query.url, 'GET', '/customers/nobody');
    const unknown = await call(query.url, 'POST', '/no-such-thing', {});
    expect([missing.status, unknown.status]).toEqual([404, 404]);
    expect(await call(query.url, 'GET', '/auth/me')).toMatchObject({ status: 200, body: { role: 'admin' } });
  });

  it('counts forwarded requests per upstream and logs where each went', async () => {
    const metrics = await fetch(`${query.url}/metrics`).then((r) => r.text());
    // Registration and contact (201), the retry (200), the refusal (400); history and export (200).
    expect(metrics).toMatch(/ledger_http_forwarded_total\{upstream="command-service",status="201"\} 2\n/);
    expect(metrics).toMatch(/ledger_http_forwarded_total\{upstream="command-service",status="200"\} 1\n/);
    expect(metrics).toMatch(/ledger_http_forwarded_total\{upstream="command-service",status="400"\} 1\n/);
    expect(metrics).toMatch(/ledger_http_forwarded_total\{upstream="audit-service",status="200"\} 2\n/);
    const line = logLines.find((l) => l['reqId'] === 'gw-req-1' && l['status'] === 201);
    expect(line).toMatchObject({ method: 'POST', route: '/customers', forwardedTo: 'command-service' });
  });

  it('refuses a body over the limit before sending anything on', async () => {
    const huge = { ...customer('f3'), name: 'x'.repeat(300 * 1024) };
    const answer = await call(query.url, 'POST', '/customers', huge);
    expect(answer).toMatchObject({ status: 413, body: { code: 'BODY_TOO_LARGE', field: 'body' } });
    expect((await call(command.url, 'GET', '/health/ready')).status).toBe(200);
  });

  it('forwards exactly the routes the upstreams serve (read from their own OpenAPI documents)', async () => {
    // Every service's own routes (health, who-am-I, metrics) are the query service's as well.
    const everyService = /^[A-Z]+ \/(health|metrics|auth\/me)\b/;
    for (const [app, features] of [
      [command, [CommandsModule]],
      [audit, [AuditModule]],
    ] as const) {
      const document = (await fetch(`${app.url}/docs/openapi.json`).then((r) => r.json())) as {
        paths: Record<string, Record<string, unknown>>;
      };
      const served = Object.entries(document.paths).flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
      );
      const forwarded = routesOf(features).map((route) => `${route.method} ${route.template}`);
      expect(served.filter((route) => !everyService.test(route)).sort()).toEqual([...forwarded].sort());
    }
  });

  it('answers 503 at once when the upstream is down, naming it, with nothing written', async () => {
    await audit.app.close();
    const started = Date.now();
    const answer = await call(query.url, 'GET', '/audit/customers/f1/events');
    // Quickly, nowhere near the 1.5 s timeout: a refused connection is known at once. (A pooled
    // connection the closing service cut a moment ago would read as a broken answer: 502.)
    expect(Date.now() - started).toBeLessThan(1500);
    expect([answer.status, answer.body.code]).toEqual(
      answer.status === 502 ? [502, 'BAD_GATEWAY'] : [503, 'UPSTREAM_UNAVAILABLE'],
    );
    expect(answer.body.message).toContain('audit-service');
  });
});

describe('query service without upstream URLs', () => {
  it('forwards nothing: a command answers 404 as before', async () => {
    const query = await bootstrapService('query-service', 'query', [QueriesModule], env('query-alone'), {
      forward: { command: [CommandsModule], audit: [AuditModule] },
    });
    try {
      expect((await call(query.url, 'POST', '/customers', customer('n1'))).status).toBe(404);
    } finally {
      await query.app.close();
    }
  });
});
