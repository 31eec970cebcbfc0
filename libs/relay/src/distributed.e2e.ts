// The distributed path end to end on real servers: command-service → event store → relay →
// Kafka → projection-service → MongoDB (FerretDB in CI) → query-service, driven over HTTP.
// Its answers must equal what embedded mode answers for the same log.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { openEmbeddedEventStore, type StartedApp } from '@ledger/platform';
import { PROJECTIONS } from '@ledger/projection-runner';
import { CAMPAIGN, customerTraffic, launchCampaign } from './test-support/crm-traffic';
import { DistributedCluster, SKIP_REASON, scanAll } from './test-support/distributed-cluster';

jest.setTimeout(90_000);

if (SKIP_REASON) process.stderr.write(`[relay] distributed end-to-end suite skipped — ${SKIP_REASON}\n`);
const describeWithServers = SKIP_REASON ? describe.skip : describe;

describeWithServers('distributed mode end to end (Kafka + MongoDB wire protocol)', () => {
  const cluster = new DistributedCluster();
  let embedded: StartedApp;

  beforeAll(async () => {
    await cluster.start();
  });

  afterAll(async () => {
    await embedded?.app.close();
    await cluster.stop();
  });

  it('reads a customer back with minPosition straight after the write', async () => {
    await launchCampaign(cluster);
    const position = await customerTraffic(cluster, 'first', 1);
    const view = await cluster.request('query', 'GET', `/customers/first0?minPosition=${position}`);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ id: 'first0', lastPosition: position });
  });

  it('answers the 360 view, segments, attribution and KPIs as embedded mode does', async () => {
    const position = await customerTraffic(cluster, 'c', 16);
    const segmentsNow = await cluster.request('query', 'GET', `/segments?asOf=2026-06-30&minPosition=${position}`);
    expect(segmentsNow.status).toBe(200);
    await cluster.converged();
    embedded = await cluster.startEmbeddedQueries();
    const paths = [
      '/customers/c0?now=2026-06-30T00:00:00Z',
      '/customers/c7?now=2026-06-30T00:00:00Z',
      '/customers/c4/lifecycle?asOf=2026-06-30',
      '/segments?asOf=2026-06-30',
      '/segments/need_attention/customers?asOf=2026-06-30&sort=monetary&order=desc',
      '/customers?country=GB&asOf=2026-06-30',
      `/campaigns/${CAMPAIGN}/attribution?asOf=2026-06-30`,
      '/kpis?asOf=2026-06-30',
    ];
    for (const path of paths) {
      const distributed = await cluster.request('query', 'GET', path);
      const reference = await fetch(`${embedded.url}${path}`, { headers: { 'x-api-key': 'test-distributed-key' } });
      expect([path, distributed.status]).toEqual([path, 200]);
      // `position` is the collection checkpoint: by design not kept for partitioned read models.
      const { position: _d, ...got } = distributed.body;
      const { position: _e, ...want } = (await reference.json()) as Record<string, unknown>;
      expect([path, got]).toEqual([path, want]);
    }
    expect(segmentsNow.body.customers).toBe(17);
  });

  it('keeps every read model equal to a fresh rebuild, and reports lag per projection', async () => {
    await cluster.converged();
    const reads = await cluster.mongo();
    try {
      await cluster.rebuildInto(reads, '__verify');
      for (const projection of PROJECTIONS) {
        const live = await scanAll(reads, projection.name);
        // The generated history has customers and campaigns but no staff: the directory stays empty.
        if (projection.name !== 'users') expect([projection.name, live.length > 0]).toEqual([projection.name, true]);
        expect([projection.name, live]).toEqual([projection.name, await scanAll(reads, `${projection.name}__verify`)]);
      }
    } finally {
      await reads.close();
    }
    const status = await cluster.request('projection', 'GET', '/admin/projections');
    expect(status.body.readModels).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'operational-view', ordering: 'per-key', consumerLag: 0 }),
        expect.objectContaining({ name: 'kpis', ordering: 'log', consumerLag: 0 }),
      ]),
    );
  });

  it('shows names in plaintext wherever read models hold them, and ciphertext nowhere, with one data directory per service', async () => {
    await cluster.converged();
    const client = await new MongoClient(cluster.env['MONGODB_URI']).connect();
    try {
      const db = client.db(cluster.env['MONGODB_DATABASE']);
      let documents = 0;
      const names = new Set<string>();
      for (const { name } of await db.listCollections().toArray()) {
        for (const doc of await db.collection(name).find({}).toArray()) {
          documents++;
          const text = JSON.stringify(doc);
          expect([name, /enc:v[12]:/.test(text)]).toEqual([name, false]);
          for (const match of text.matchAll(/Customer (c\d+|first\d+)/g)) names.add(match[1]);
        }
      }
      expect(documents).toBeGreaterThan(50);
      expect(names).toEqual(new Set(['first0', ...Array.from({ length: 16 }, (_, i) => `c${i}`)]));
    } finally {
      await client.close();
    }
    // The keys are on the key-store server, in no service's directory. Only the services that
    // read or append events see the event store; the projection service's directory holds at
    // most an empty local one that its storage module opens (it reads Kafka only).
    for (const service of ['command', 'relay', 'projection', 'query', 'audit'] as const) {
      expect([service, existsSync(join(cluster.dataDirOf(service), 'keys.sqlite'))]).toEqual([service, false]);
    }
    const own = openEmbeddedEventStore(cluster.dataDirOf('projection'), 'NORMAL');
    const shared = cluster.openEventStore();
    try {
      expect(await own.headPosition()).toBe(0);
      expect(await shared.headPosition()).toBeGreaterThan(100);
    } finally {
      await own.close();
      await shared.close();
    }
  });

  it('serves the audit API from the audit service (the query service forwards to it), with signed checkpoints of the shared log', async () => {
    const head = await cluster.converged();
    let checkpoints = await cluster.request('audit', 'GET', '/audit/checkpoints');
    for (let i = 0; i < 100 && checkpoints.body.checkpoints.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      checkpoints = await cluster.request('audit', 'GET', '/audit/checkpoints');
    }
    expect(checkpoints.status).toBe(200);
    expect(checkpoints.body).toMatchObject({ enabled: true, head: { position: head }, publicKey: expect.any(String) });
    expect(checkpoints.body.checkpoints[0].position).toBeGreaterThanOrEqual(20);
    const history = await cluster.request('audit', 'GET', '/audit/customers/c3/events');
    expect(history.status).toBe(200);
    expect(history.body.events[0].data.name).toBe('Customer c3');
    // The query service serves read models only: an audit read sent to it is the audit service's
    // answer, forwarded (the console's one origin), never one made from read models.
    expect(await cluster.request('query', 'GET', '/audit/customers/c3/events')).toEqual(history);
  });
});
