// Bounded soak: the embedded CRM in a child process under a mixed read/write load for
// CRM_SOAK_SECONDS (default 60), killed with SIGKILL and restarted CRM_SOAK_KILLS times (default 5).
// Afterwards: every acknowledged command's events are in the log at the position it was told,
// no 5xx was answered outside the kill windows, the read models equal a rebuild from the log,
// and every line the CRM wrote is JSON. Counts and RSS (from its own /metrics) are printed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECTIONS, ProjectionRunner } from '@ledger/projection-runner';
import { openEmbeddedEventStore } from '@ledger/platform';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the test compares stored documents through the port itself
import { READ_STORE } from '@ledger/read-store';
import { CrmProcess, freePort } from './test-support/crm-process';
import { CrmUnderTest, KEYS, type Role } from './test-support/crm-under-test';

const SECONDS = Number(process.env['CRM_SOAK_SECONDS'] ?? 60);
const KILLS = Number(process.env['CRM_SOAK_KILLS'] ?? 5);
const WORKERS = 4;
jest.setTimeout((SECONDS + KILLS * 20 + 90) * 1000);

interface Acknowledged {
  streamId: string;
  events: Array<{ eventId: string; position: number }>;
}

interface Window {
  from: number;
  to: number;
}

class Load {
  readonly acknowledged: Acknowledged[] = [];
  readonly statuses = new Map<number, number>();
  /** Responses ≥ 500 with the time they arrived. */
  readonly serverErrors: Array<{ at: number; status: number; what: string }> = [];
  unanswered = 0;
  private readonly customers: string[][] = Array.from({ length: WORKERS }, () => []);
  private stopped = false;

  constructor(private readonly crm: CrmProcess) {}

  run(): Promise<void[]> {
    return Promise.all(Array.from({ length: WORKERS }, (_, worker) => this.worker(worker)));
  }

  stop(): void {
    this.stopped = true;
  }

  private async worker(worker: number): Promise<void> {
    const mine = this.customers[worker];
    for (let n = 0; !this.stopped; n++) {
      const known = mine[n % Math.max(1, mine.length)];
      const pick = n % 10;
      if (!known || pick < 2) await this.register(mine, `soak-${worker}-${n}`);
      else if (pick < 5) await this.write(`/customers/${known}/contacts`, CONTACT);
      else if (pick < 7) await this.write(`/customers/${known}/purchases`, PURCHASE);
      else if (pick < 9) await this.send('GET', `/customers/${known}`, 'agent');
      else await this.send('GET', '/segments', 'analyst');
    }
  }

  private async register(mine: string[], customerId: string): Promise<void> {
    const body = { customerId, kind: 'person', name: `Soak ${customerId}`, country: 'GB' };
    if (await this.write('/customers', body)) mine.push(customerId);
  }

  private async write(path: string, body: unknown): Promise<boolean> {
    const reply = await this.send('POST', path, 'channel', body);
    if (reply?.status !== 201) return false;
    const result = reply.body as { streamId: string; events: Acknowledged['events'] };
    this.acknowledged.push({ streamId: result.streamId, events: result.events });
    return true;
  }

  private async send(method: string, path: string, as: Role, body?: unknown) {
    try {
      const response = await fetch(`${this.crm.url}${path}`, {
        method,
        headers: { 'x-api-key': KEYS[as], ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      const parsed: unknown = await response.json().catch(() => null);
      this.statuses.set(response.status, (this.statuses.get(response.status) ?? 0) + 1);
      if (response.status >= 500) this.serverErrors.push({ at: Date.now(), status: response.status, what: path });
      return { status: response.status, body: parsed };
    } catch {
      // Killed, or not yet back: no answer is not an acknowledgement.
      this.unanswered++;
      await sleep(20);
      return null;
    }
  }
}

const CONTACT = { channel: 'phone', direction: 'inbound', reason: 'soak', occurredAt: '2026-10-01T10:00:00.000Z' };
const PURCHASE = {
  lines: [{ sku: 'BEAN-1KG', quantity: 1, unitPrice: 18 }],
  currency: 'EUR',
  channel: 'web',
  occurredAt: '2026-10-02T10:00:00.000Z',
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function residentBytes(crm: CrmProcess): Promise<number> {
  const text = await (await fetch(`${crm.url}/metrics`)).text();
  return Number(/^ledger_process_resident_memory_bytes (\d+)/m.exec(text)?.[1] ?? NaN);
}

/** The part of the read store port this test reads through. */
interface Scannable {
  scan(collection: string, pageSize?: number): AsyncIterable<object[]>;
  count(collection: string): Promise<number>;
}

async function scanAll(reads: Scannable, collection: string): Promise<object[]> {
  const docs: object[] = [];
  for await (const page of reads.scan(collection, 1000)) docs.push(...page);
  return docs;
}

describe(`crm soak: ${SECONDS} s of mixed load with ${KILLS} kill -9 and restarts`, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-soak-'));
  let crm: CrmProcess;
  let load: Load;
  const windows: Window[] = [];
  const rss: Array<{ run: number; first: number; last: number }> = [];

  beforeAll(async () => {
    crm = new CrmProcess(dataDir, await freePort());
    await crm.start();
    load = new Load(crm);
    const running = load.run();
    const started = Date.now();
    for (let run = 0; run <= KILLS; run++) {
      const first = await residentBytes(crm);
      const end = started + ((run + 1) * SECONDS * 1000) / (KILLS + 1);
      await sleep(Math.max(0, end - Date.now()));
      rss.push({ run, first, last: await residentBytes(crm) });
      if (run === KILLS) break;
      const from = Date.now();
      await crm.kill();
      await crm.start();
      windows.push({ from, to: Date.now() });
    }
    load.stop();
    await running;
    // Caught up before the normal stop, so the live read models can be compared with a replay.
    for (let i = 0; i < 600; i++) {
      const status = await fetch(`${crm.url}/admin/projections`, { headers: { 'x-api-key': KEYS.admin } });
      const models = ((await status.json()) as { readModels: Array<{ eventsBehind: number }> }).readModels;
      if (models.every((m) => m.eventsBehind === 0)) break;
      await sleep(50);
    }
    await crm.stop();
  });

  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('prints what ran', () => {
    const statuses = Object.fromEntries([...load.statuses].sort(([a], [b]) => a - b));
    const windowsMs = windows.map((w) => w.to - w.from);
    const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
    const growth = mb(rss[rss.length - 1].last - rss[0].first);
    process.stdout.write(
      `[soak] ${SECONDS} s, ${KILLS} kill -9/restart cycles (down ${windowsMs.join(', ')} ms); ` +
        `responses ${JSON.stringify(statuses)} (5xx ${load.serverErrors.length}, all in kill windows), ` +
        `unanswered ${load.unanswered}, acknowledged commands ${load.acknowledged.length}; ` +
        `RSS MB per run (first → last): ${rss.map((r) => `${mb(r.first)}→${mb(r.last)}`).join(', ')}; ` +
        `growth first → last ${growth} MB\n`,
    );
    expect(load.acknowledged.length).toBeGreaterThan(100);
    expect(windows).toHaveLength(KILLS);
  });

  it('answered no 5xx outside the kill windows', () => {
    const outside = load.serverErrors.filter((e) => !windows.some((w) => e.at >= w.from && e.at <= w.to));
    expect(outside).toEqual([]);
  });

  it('kept every acknowledged command, at the position it was told', async () => {
    const store = openEmbeddedEventStore(dataDir);
    try {
      const missing: string[] = [];
      for (const { streamId, events } of load.acknowledged) {
        for (const { eventId, position } of events) {
          const stored = await store.readEvent(eventId);
          if (stored?.position !== position || stored.streamId !== streamId) missing.push(eventId);
        }
      }
      expect(missing).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('ends with every read model equal to a rebuild from the log', async () => {
    // The CRM once more, in this process, over the same files: each read model is replayed
    // from the log into a copy beside the live one and the two are compared document by document.
    const again = await CrmUnderTest.start({ dataDir });
    try {
      const reads = again.app.get<typeof READ_STORE, Scannable>(READ_STORE);
      const runner = again.app.get(ProjectionRunner);
      for (const projection of PROJECTIONS) {
        await runner.replayInto(projection, `${projection.name}__soak`);
        const live = await scanAll(reads, projection.name);
        expect([projection.name, live]).toEqual([projection.name, await scanAll(reads, `${projection.name}__soak`)]);
      }
      // Every customer registered with an acknowledgement is in the customer view.
      const registered = new Set(load.acknowledged.map((a) => a.streamId));
      expect(await reads.count('operational_view')).toBeGreaterThanOrEqual(registered.size);
    } finally {
      await again.stop();
    }
  });

  it('wrote only JSON log lines', () => {
    expect(crm.logLines.length).toBeGreaterThan(0);
    const notJson = crm.logLines.filter((line) => {
      try {
        return typeof JSON.parse(line) !== 'object';
      } catch {
        return true;
      }
    });
    expect(notJson).toEqual([]);
  });
});
