// Blue-green rebuild in distributed mode on real servers: a new generation of a read model is
// built from the topic by a fresh consumer group while channels keep writing and queries keep
// reading; when it has caught up, every projection-service instance moves to it, queries follow
// the pointer, and the old collection is dropped after the grace period. A projection version
// bump does the same by itself, and instances of the older release stop writing the new shape.
import { loadConfig } from '@ledger/config';
import { KafkaMessaging } from '@ledger/messaging-kafka';
import type { StartedApp } from '@ledger/platform';
import { GenerationStore, KafkaProjectionRunner, generationCollection } from '@ledger/projection-runner';
import { lifecycleProjection } from '@ledger/projections';
import { appendInLogOrder, generateScenario } from '@ledger/testing';
import { Kafka, logLevel } from 'kafkajs';
import { CAMPAIGN, customerTraffic, launchCampaign } from './test-support/crm-traffic';
import { DistributedCluster, SKIP_REASON, eventually, scanAll, type Service } from './test-support/distributed-cluster';

jest.setTimeout(180_000);

if (SKIP_REASON) process.stderr.write(`[relay] distributed rebuild suite skipped — ${SKIP_REASON}\n`);
const describeWithServers = SKIP_REASON ? describe.skip : describe;

/** Short enough for a test; the grace period still outlives a poll and a pointer cache many times over. */
const TIMINGS = { pollMs: 200, cacheMs: 200, graceMs: 3000 };

type Check = [path: string, ok: (body: any) => boolean];

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Loops still running when a test fails are stopped before the cluster is. */
const background: Array<{ stop(): Promise<unknown> }> = [];

/** Asks the query service the same questions in a loop until stopped; collects every bad answer. */
function keepAsking(cluster: DistributedCluster, checks: Check[]) {
  let running = true;
  const failures: string[] = [];
  let answers = 0;
  const loop = (async () => {
    while (running) {
      for (const [path, ok] of checks) {
        const reply = await cluster.request('query', 'GET', path);
        answers++;
        if (reply.status !== 200 || !ok(reply.body)) {
          failures.push(`${path} → ${reply.status} ${JSON.stringify(reply.body).slice(0, 200)}`);
        }
      }
      await pause(20);
    }
  })();
  const handle = {
    stop: async () => {
      running = false;
      await loop;
      return { failures, answers };
    },
  };
  background.push(handle);
  return handle;
}

/**
 * Channels writing new customers, one every half second, until stopped; resolves with how
 * many. Paced: at full speed one jest process on 2 shared cores writes faster than it projects.
 */
function keepWriting(cluster: DistributedCluster) {
  let running = true;
  let rounds = 0;
  const loop = (async () => {
    while (running) {
      await customerTraffic(cluster, `w${rounds++}x`, 1);
      await pause(500);
    }
  })();
  const handle = {
    /** Stops after at least `atLeast` rounds: a build on a fast server can finish within one. */
    stop: async (atLeast = 0) => {
      while (rounds < atLeast) await pause(50);
      running = false;
      await loop;
      return { rounds, customers: rounds };
    },
  };
  background.push(handle);
  return handle;
}

/** A projection-service instance: the cluster's own, or one added beside it. */
type Instance = Service | StartedApp;
const where = (instance: Instance): string => (typeof instance === 'string' ? instance : instance.url);

async function readModelStatus(cluster: DistributedCluster, app: Instance, name: string) {
  const reply = await cluster.request(app, 'GET', '/admin/projections');
  return reply.body.readModels.find((m: { name: string }) => m.name === name);
}

describeWithServers('distributed mode: rebuild by generations (Kafka + MongoDB wire protocol)', () => {
  const cluster = new DistributedCluster(undefined, TIMINGS);
  const first: Instance = 'projection';
  let second: Instance;
  let customers = 0;

  beforeAll(async () => {
    await cluster.start();
    second = await cluster.addProjectionService();
    // A thousand-odd imported events first: a build then takes several polls, so a generation
    // flipped live before it caught up would show (the customers written over HTTP come last).
    const history = generateScenario({ seed: 7, customers: 20, start: '2024-07-01T00:00:00.000Z', idPrefix: 'gen' });
    const store = cluster.openEventStore();
    try {
      await appendInLogOrder(store, history);
    } finally {
      await store.close();
    }
    customers = new Set(history.map((e) => e.streamId).filter((id) => id.startsWith('customer-'))).size;
    await launchCampaign(cluster);
    await customerTraffic(cluster, 'r', 12);
    customers += 12;
    await cluster.converged(120_000);
  });

  afterAll(async () => {
    await Promise.allSettled(background.map((loop) => loop.stop()));
    await cluster.stop();
  });

  it('rebuilds while commands flow; queries answer throughout; both instances move to the new generation', async () => {
    const questions = keepAsking(cluster, [
      ...[0, 5, 11].map((n): Check => [`/customers/r${n}`, (body) => body.id === `r${n}` && body.lastPosition > 0]),
      ['/kpis?asOf=2026-06-30', (body) => body.revenue.total > 0],
      [`/campaigns/${CAMPAIGN}/attribution?asOf=2026-06-30`, (body) => body.campaignId === CAMPAIGN],
    ]);
    // Commands keep flowing until both new generations are live: the flips happen under load.
    const writing = keepWriting(cluster);

    // Asked on both instances at once: one build starts, the other request gets that same build.
    const [started, again] = await Promise.all(
      [first, second].map((app) => cluster.request(app, 'POST', '/admin/projections/operational-view/rebuild')),
    );
    expect(started.status).toBe(202);
    expect(started.body.progress).toMatchObject({
      state: 'running',
      generation: 1,
      reason: 'requested',
      collection: 'operational_view__g1',
    });
    expect(again.status).toBe(202);
    expect(again.body.progress).toMatchObject({ generation: 1, startedAt: started.body.progress.startedAt });
    const kpis = await cluster.request(second, 'POST', '/admin/projections/kpis/rebuild');
    expect(kpis.body.progress).toMatchObject({ state: 'running', generation: 1, collection: 'kpis__g1' });

    const seen: number[] = [];
    for (const name of ['operational-view', 'kpis']) {
      const done = await eventually(
        () => cluster.request(first, 'GET', `/admin/projections/${name}/rebuild`),
        (reply) => {
          if (reply.body.progress.percent !== null) seen.push(reply.body.progress.percent);
          return reply.body.progress.state === 'done';
        },
        `the rebuild of ${name}`,
        90_000,
      );
      expect(done.body.progress).toMatchObject({ generation: 1, percent: 100, finishedAt: expect.any(String) });
    }
    expect(seen.every((percent) => percent >= 0 && percent <= 100)).toBe(true);
    const written = await writing.stop(2);
    expect(written.rounds).toBeGreaterThanOrEqual(2);
    customers += written.customers;

    // Both instances follow the flip: they consume (only) the new generation's group.
    for (const app of [first, second]) {
      for (const [name, collection] of [
        ['operational-view', 'operational_view__g1'],
        ['kpis', 'kpis__g1'],
      ]) {
        const status = await eventually(
          () => readModelStatus(cluster, app, name),
          (s) => s.writing.length === 1 && s.writing[0] === 1,
          `${name} on ${where(app)} to move to generation 1`,
        );
        expect(status).toMatchObject({ generation: 1, collection, groupId: expect.stringMatching(/-g1$/) });
      }
    }

    await cluster.converged();
    const reads = await cluster.mongo();
    try {
      for (const { name, collection, live, replayed } of await cluster.liveAndReplayed(reads)) {
        // The generated history has customers and campaigns but no staff: the directory stays empty.
        if (name !== 'users') expect([name, live.length > 0]).toEqual([name, true]);
        expect([name, live]).toEqual([name, replayed]);
        if (name === 'operational_view' || name === 'kpis') expect(collection).toBe(`${name}__g1`);
      }
      expect((await scanAll(reads, 'operational_view__g1')).length).toBe(customers);
      // After the grace period the retired generation 0 is gone, and the pointer forgot it.
      const generations = new GenerationStore(reads);
      await eventually(
        async () => [await reads.count('operational_view'), await reads.checkpoint('kpis')],
        ([documents, checkpoint]) => documents === 0 && checkpoint === 0,
        'the retired generation to be dropped',
        20_000,
      );
      expect(await generations.get('operational_view')).toMatchObject({ live: 1, retired: [], building: null });
    } finally {
      await reads.close();
    }
    // Asked all along, through the flips and the drops: never a missing or empty answer.
    const { failures, answers } = await questions.stop();
    expect(failures).toEqual([]);
    expect(answers).toBeGreaterThan(20);

    // Read-your-writes follows the generation: the new collection and its consumer group.
    const position = await customerTraffic(cluster, 'after', 2);
    customers += 2;
    const view = await cluster.request('query', 'GET', `/customers/after1?minPosition=${position}`);
    expect(view.status).toBe(200);
    const segments = await cluster.request('query', 'GET', `/segments?asOf=2026-06-30&minPosition=${position}`);
    expect(segments.status).toBe(200);
  });

  it('builds a new generation by itself on a version bump; the older release then stops writing it', async () => {
    const bumped = { ...lifecycleProjection, version: lifecycleProjection.version + 1 };
    const config = loadConfig(cluster.env);
    const brokers = config.kafka?.brokers ?? [];
    const messaging = await KafkaMessaging.connect({ brokers, logLevel: logLevel.NOTHING });
    const reads = await cluster.mongo();
    const vault = await cluster.openVault();
    const upgraded = new KafkaProjectionRunner(config, reads, messaging, vault, { ...TIMINGS, projections: [bumped] });
    const questions = keepAsking(cluster, [
      ['/customers/r3/lifecycle?asOf=2026-06-30', (body) => Array.isArray(body.months) && body.months.length > 0],
    ]);
    try {
      const traffic = customerTraffic(cluster, 'bump', 4);
      customers += 4;
      await upgraded.onApplicationBootstrap();
      const generations = new GenerationStore(reads);
      const pointer = await eventually(
        () => generations.get('lifecycle'),
        (p) => p?.version === bumped.version,
        'the bumped lifecycle generation to go live',
      );
      expect(pointer).toMatchObject({ live: 1, building: null, lastBuild: { generation: 1, reason: 'version' } });
      await traffic;

      // The older release's instances see a newer shape live: they write nothing of it.
      for (const app of [first, second]) {
        await eventually(
          () => readModelStatus(cluster, app, 'lifecycle'),
          (s) => s.generation === 1 && s.version === bumped.version && s.writing.length === 0,
          `lifecycle on ${where(app)} to stop writing`,
        );
      }
      expect(upgraded.consumer('lifecycle')).toMatchObject({ generation: 1, writing: [1] });

      await cluster.converged();
      // A suffix of its own: FerretDB refuses to re-create indexes of a collection dropped moments ago.
      await cluster.rebuildInto(reads, '__verify_bump');
      const live = await scanAll(reads, generationCollection('lifecycle', 1));
      expect(live.length).toBe(customers);
      expect(live).toEqual(await scanAll(reads, 'lifecycle__verify_bump'));
      await eventually(
        () => reads.count('lifecycle'),
        (documents) => documents === 0,
        'the old-shape generation 0 to be dropped',
        20_000,
      );
      const history = await cluster.request('query', 'GET', '/customers/bump3/lifecycle?asOf=2026-06-30');
      expect(history.status).toBe(200);
      const { failures, answers } = await questions.stop();
      expect(failures).toEqual([]);
      expect(answers).toBeGreaterThan(5);
    } finally {
      await upgraded.onApplicationShutdown();
      await messaging.close();
      await vault.close();
      await reads.close();
    }
  });

  it('refuses to rebuild from a topic whose first records were deleted, instead of building a partial read model', async () => {
    const config = loadConfig(cluster.env);
    const kafka = config.kafka;
    if (!kafka) throw new Error('the cluster runs without Kafka');
    const messaging = await KafkaMessaging.connect({ brokers: kafka.brokers, logLevel: logLevel.NOTHING });
    const admin = new Kafka({ brokers: kafka.brokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      // The relay created both topics to keep everything.
      for (const topic of [kafka.topic, kafka.logTopic]) {
        expect([topic, await messaging.retentionOf(topic)]).toEqual([topic, { ms: '-1', bytes: '-1' }]);
      }
      // What retention (or an operator) does to an older topic: the first records are gone.
      await admin.fetchTopicMetadata({ topics: [kafka.logTopic] }); // kafkajs needs it loaded first
      await admin.deleteTopicRecords({ topic: kafka.logTopic, partitions: [{ partition: 0, offset: '5' }] });
      const before = await cluster.request(first, 'GET', '/admin/projections');
      const refused = await cluster.request(first, 'POST', '/admin/projections/kpis/rebuild');
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ code: 'REBUILD_IMPOSSIBLE' });
      expect(refused.body.message).toContain('retention.ms=-1');
      // Nothing started: the live generation keeps serving, no build is in progress.
      const after = await cluster.request(first, 'GET', '/admin/projections');
      const kpisOf = (body: any) => body.readModels.find((m: { name: string }) => m.name === 'kpis');
      expect(kpisOf(after.body)).toMatchObject({ generation: kpisOf(before.body).generation, building: null });
    } finally {
      await admin.disconnect();
      await messaging.close();
    }
  });
});
