// The auditors' tests, shared by the all-in-one app (apps/crm/src/crm-audit.e2e.ts) and the
// split services of distributed mode (libs/relay/src/distributed-audit.e2e.ts): tamper
// evidence, full history, time travel, provenance, subject access, the access log, and who may
// do any of it, over HTTP. The target says where commands go, where auditors read, and where the
// event store's file is (the tamper test edits it directly).
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { openEmbeddedEventStore } from '@ledger/event-store-sqlite';
import { verifyAll } from '../verify/verify-cli';

export type AuditorRole = 'channel' | 'agent' | 'analyst' | 'auditor' | 'admin';

/** One API key per role; a target's services must accept them (CRM_API_KEYS). */
export const AUDITOR_KEYS: Record<AuditorRole, string> = {
  channel: 'test-channel-key-1',
  agent: 'test-agent-key-1',
  analyst: 'test-analyst-key-1',
  auditor: 'test-auditor-key-1',
  admin: 'test-admin-key-1',
};

export const auditorApiKeys = (): string =>
  Object.entries(AUDITOR_KEYS)
    .map(([role, key]) => `${key}:${role}`)
    .join(',');

export interface AuditorReply<T = any> {
  status: number;
  body: T;
}

export interface AuditorTarget {
  /** Where the audit API (and subject-access export) is served. */
  url: string;
  /** Directory of the event store's `events.sqlite`. */
  eventStoreDir: string;
  /** A command, as a channel by default. */
  post(path: string, body: unknown, as?: AuditorRole): Promise<AuditorReply>;
  /** A read from the audit API as `as` (null: no key). */
  get(path: string, as?: AuditorRole | null): Promise<AuditorReply>;
  /** Waits until what was written is everywhere the audit API may look. */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

/** GET or POST with a role's key; the reply body parsed as JSON when it is. */
export async function requestAs(
  url: string,
  method: string,
  as: AuditorRole | null,
  body?: unknown,
): Promise<AuditorReply> {
  const headers: Record<string, string> = as ? { 'x-api-key': AUDITOR_KEYS[as] } : {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON: keep the text.
  }
  return { status: response.status, body: parsed };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function auditorSuite(title: string, start: () => Promise<AuditorTarget>): void {
  describe(title, () => {
    let crm: AuditorTarget;
    let knownBeforeLateCall: string;

    beforeAll(async () => {
      crm = await start();
      await crm.post('/customers', {
        customerId: 'ada',
        kind: 'person',
        name: 'Ada Lovelace',
        country: 'GB',
        occurredAt: '2026-01-01T09:00:00Z',
      });
      await crm.post('/customers/ada/contacts', {
        channel: 'web',
        direction: 'inbound',
        reason: 'grinder, "burr", sizes',
        occurredAt: '2026-02-01T10:00:00Z',
      });
      await crm.post('/customers/ada/purchases', {
        orderId: 'o-1',
        lines: [{ sku: 'ESP-100', quantity: 1, unitPrice: 399, category: 'espresso-machine' }],
        currency: 'EUR',
        channel: 'web',
        occurredAt: '2026-02-02T10:00:00Z',
      });
      await sleep(5);
      knownBeforeLateCall = new Date().toISOString();
      await sleep(5);
      // A call from mid-January, logged only now.
      await crm.post('/customers/ada/contacts', {
        channel: 'phone',
        direction: 'inbound',
        reason: 'late-logged call',
        occurredAt: '2026-01-15T10:00:00Z',
      });
      await crm.settle();
    });
    afterAll(() => crm.stop());

    it('lists every event with its metadata, paged and filtered', async () => {
      const all = await crm.get('/audit/customers/ada/events', 'auditor');
      expect(all.status).toBe(200);
      expect(all.body.events.map((e: any) => e.type)).toEqual([
        'CustomerRegistered',
        'ContactRecorded',
        'PurchaseRecorded',
        'OfferMade',
        'ContactRecorded',
      ]);
      expect(all.body.events[0]).toMatchObject({
        revision: 0,
        schemaVersion: 1,
        occurredAt: '2026-01-01T09:00:00.000Z',
        actor: expect.stringMatching(/^channel:/),
        channel: 'api',
        correlationId: expect.any(String),
        hash: expect.stringMatching(/^[0-9a-f]{64}$/),
        prevHash: '0'.repeat(64),
        data: { name: 'Ada Lovelace' },
      });
      const page = await crm.get('/audit/customers/ada/events?fromRevision=1&limit=2', 'auditor');
      expect(page.body.events.map((e: any) => e.revision)).toEqual([1, 2]);
      expect(page.body.nextRevision).toBe(3);
      const contacts = await crm.get(
        '/audit/customers/ada/events?type=ContactRecorded,OfferMade&to=2026-01-31',
        'auditor',
      );
      expect(contacts.body.events.map((e: any) => e.data.reason)).toEqual(['late-logged call']);
      const recorded = await crm.get(`/audit/customers/ada/events?recordedFrom=${knownBeforeLateCall}`, 'auditor');
      expect(recorded.body.events.map((e: any) => e.revision)).toEqual([4]);
      expect((await crm.get('/audit/customers/ada/events?type=Nope', 'auditor')).body.field).toBe('type');
      expect((await crm.get('/audit/customers/nobody/events', 'auditor')).status).toBe(404);
    });

    it('streams the history as NDJSON and as quoted CSV', async () => {
      const ndjson = await fetch(`${crm.url}/audit/customers/ada/events?format=ndjson`, {
        headers: { 'x-api-key': AUDITOR_KEYS.auditor },
      });
      expect(ndjson.headers.get('content-type')).toContain('application/x-ndjson');
      const lines = (await ndjson.text())
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(lines.map((l) => l.revision)).toEqual([0, 1, 2, 3, 4]);
      const csv = await fetch(`${crm.url}/audit/customers/ada/events?format=csv&type=ContactRecorded`, {
        headers: { 'x-api-key': AUDITOR_KEYS.auditor },
      });
      expect(csv.headers.get('content-type')).toContain('text/csv');
      const text = await csv.text();
      expect(text.split('\r\n')[0]).toBe(
        'eventId,type,schemaVersion,revision,position,occurredAt,recordedAt,actor,channel,commandId,correlationId,causationId,hash,prevHash,data',
      );
      expect(text).toContain('"grinder, \\""burr\\"", sizes"');
      expect(text.trim().split('\r\n')).toHaveLength(3);
    });

    it('replays the view as of a business time, as known at a record time, and both (bitemporal)', async () => {
      const asOf = await crm.get('/audit/customers/ada/state?asOf=2026-01-31', 'auditor');
      expect(asOf.body.state.totals.contactsByChannel).toMatchObject({ phone: 1, web: 0 });
      expect(asOf.body.state.totals.spend).toBe(0);
      const known = await crm.get(`/audit/customers/ada/state?knownAt=${knownBeforeLateCall}`, 'auditor');
      expect(known.body.state.totals).toMatchObject({ spend: 399, contactsByChannel: { phone: 0, web: 1 } });
      // The late call changes what was true as of January, not what was known before it was logged.
      const both = await crm.get(
        `/audit/customers/ada/state?asOf=2026-01-31&knownAt=${knownBeforeLateCall}`,
        'auditor',
      );
      expect(both.body.state.totals.contactsByChannel).toMatchObject({ phone: 0, web: 0 });
      const before = await crm.get('/audit/customers/ada/state?asOf=2025-12-31', 'auditor');
      expect(before.body.state).toBeNull();
    });

    it('diffs two instants field by field, naming the events that changed them', async () => {
      const diff = await crm.get('/audit/customers/ada/diff?from=2026-01-31&to=2026-02-28', 'auditor');
      expect(diff.status).toBe(200);
      expect(diff.body.changes).toEqual(
        expect.arrayContaining([
          { field: 'totals.spend', before: 0, after: 399 },
          { field: 'totals.contactsByChannel.web', before: 0, after: 1 },
        ]),
      );
      expect(diff.body.causedBy.map((e: any) => e.type)).toEqual(['ContactRecorded', 'PurchaseRecorded', 'OfferMade']);
      expect((await crm.get('/audit/customers/ada/diff?to=2026-02-28', 'auditor')).body.field).toBe('from');
    });

    it('explains a field and a segment by the events behind them', async () => {
      const spend = await crm.get('/audit/customers/ada/provenance?field=totals.spend', 'auditor');
      expect(spend.body.value).toBe(399);
      expect(spend.body.changedBy).toEqual([
        expect.objectContaining({ type: 'CustomerRegistered', before: null, after: 0 }),
        expect.objectContaining({ type: 'PurchaseRecorded', before: 0, after: 399, revision: 2 }),
      ]);
      const segment = await crm.get('/audit/customers/ada/provenance?segment=true&asOf=2026-03-01', 'auditor');
      expect(segment.body.score).toMatchObject({ frequency: 1, monetary: 399, recencyDays: 27, lifecycleStage: 'new' });
      expect(segment.body.behind.purchases).toEqual([
        expect.objectContaining({ type: 'PurchaseRecorded', amount: 399 }),
      ]);
      expect(segment.body.thresholds.lifecycleDays).toBeDefined();
    });

    it('exports everything held about the customer (subject access)', async () => {
      const exported = await crm.get('/customers/ada/export', 'auditor');
      expect(exported.status).toBe(200);
      expect(exported.body).toMatchObject({ customerId: 'ada', erased: false, eventCount: 5 });
      expect(exported.body.profile[0].data.name).toBe('Ada Lovelace');
      expect(exported.body.contacts).toHaveLength(2);
      expect(exported.body.purchases[0]).toMatchObject({ type: 'PurchaseRecorded', eventId: expect.any(String) });
      expect(exported.body.offers).toHaveLength(1);
    });

    it('verifies the chain, and finds an event altered directly in the SQLite file (HTTP and CLI)', async () => {
      const intact = await crm.get('/audit/customers/ada/verify', 'auditor');
      expect(intact.body).toMatchObject({ intact: true, verified: 5, firstBrokenLink: null });
      const lines: string[] = [];
      const offline = openEmbeddedEventStore(crm.eventStoreDir);
      expect(await verifyAll(offline, (l) => lines.push(l))).toBe(0);
      expect(lines).toContain('verified 1 of 1 customers…');

      const db = new Database(join(crm.eventStoreDir, 'events.sqlite'));
      db.prepare(
        `UPDATE events SET data = json_set(data, '$.amount', 1) WHERE stream_id = 'customer-ada' AND revision = 2`,
      ).run();
      db.close();
      const broken = await crm.get('/audit/customers/ada/verify', 'auditor');
      expect(broken.body).toMatchObject({ intact: false, verified: 2 });
      expect(broken.body.firstBrokenLink).toMatchObject({ revision: 2, reason: 'content_altered' });
      lines.length = 0;
      expect(await verifyAll(offline, (l) => lines.push(l))).toBe(1);
      expect(lines[0]).toMatch(/^BROKEN: customer ada, revision 2/);
      await offline.close();
    });

    it('records every audit read, readable by admins only', async () => {
      const log = await crm.get('/audit/access-log?limit=1000', 'admin');
      expect(log.status).toBe(200);
      const endpoints = log.body.entries.map((e: any) => e.endpoint);
      expect(endpoints).toEqual(
        expect.arrayContaining(['events:json', 'events:csv', 'state', 'diff', 'export', 'verify']),
      );
      expect(log.body.entries[0]).toMatchObject({
        actor: expect.stringMatching(/^auditor:/),
        role: 'auditor',
        customerId: 'ada',
      });
      const paged = await crm.get('/audit/access-log?limit=2', 'admin');
      expect(paged.body.next).toBe(paged.body.entries[1].id);
      expect((await crm.get('/audit/access-log', 'auditor')).status).toBe(403);
    });

    const matrix: Array<[string, AuditorRole[], AuditorRole[]]> = [
      ['/audit/customers/ada/events', ['auditor', 'admin'], ['channel', 'agent', 'analyst']],
      ['/audit/customers/ada/state', ['auditor', 'admin'], ['channel', 'agent', 'analyst']],
      ['/audit/customers/ada/verify', ['auditor', 'admin'], ['channel', 'agent', 'analyst']],
      ['/customers/ada/export', ['auditor', 'admin'], ['channel', 'agent', 'analyst']],
    ];
    it.each(matrix)('GET %s: 401 without a key, 403 for other roles', async (path, allowed, refused) => {
      expect((await crm.get(path, null)).status).toBe(401);
      for (const role of allowed) expect([role, (await crm.get(path, role)).status]).toEqual([role, 200]);
      for (const role of refused) expect([role, (await crm.get(path, role)).status]).toEqual([role, 403]);
    });
  });
}
