// Fault tests on real servers: a Kafka broker and a MongoDB-wire server (FerretDB) of the
// test's own (started with the CI scripts on other ports, so suites sharing the CI servers are
// not disturbed) are stopped and restarted while channels keep writing. Afterwards every read
// model must equal a fresh rebuild from the log: nothing lost, nothing counted twice.
import { rmSync } from 'node:fs';
import { PROJECTIONS } from '@ledger/projection-runner';
import { customerTraffic, launchCampaign } from './test-support/crm-traffic';
import { DistributedCluster, PRIVATE_SERVERS, SKIP_REASON, scanAll, server } from './test-support/distributed-cluster';

jest.setTimeout(150_000);

if (SKIP_REASON) process.stderr.write(`[relay] distributed fault suite skipped — ${SKIP_REASON}\n`);
const describeWithServers = SKIP_REASON ? describe.skip : describe;

describeWithServers('distributed mode: broker and read-store restarts mid-stream', () => {
  const cluster = new DistributedCluster(PRIVATE_SERVERS);
  let head = 0;

  beforeAll(async () => {
    await Promise.all([server('kafka', 'start'), server('ferretdb', 'start')]);
    await cluster.start();
    await launchCampaign(cluster);
  });

  afterAll(async () => {
    await server('ferretdb', 'start').catch(() => undefined); // so the database can be dropped
    await cluster.stop().catch(() => undefined);
    await Promise.all([server('kafka', 'stop'), server('ferretdb', 'stop')]);
    rmSync(PRIVATE_SERVERS.kafka.KAFKA_RUN_DIR, { recursive: true, force: true });
    rmSync(PRIVATE_SERVERS.ferretdb.FERRETDB_RUN_DIR, { recursive: true, force: true });
  });

  it('relays and projects everything written while the Kafka broker was down', async () => {
    const before = customerTraffic(cluster, 'k', 8);
    await server('kafka', 'stop'); // while the relay and the consumers are busy
    await before;
    await customerTraffic(cluster, 'kd', 6); // commands do not need the broker
    const stuck = await cluster.request('relay', 'GET', '/admin/relay');
    expect(stuck.body.eventsBehind).toBeGreaterThan(0); // the outage was real: the relay is holding
    await server('kafka', 'start');
    await customerTraffic(cluster, 'ka', 6);
    head = await cluster.converged(90_000);
    expect(head).toBeGreaterThan(100);
  });

  it('projects everything written while the MongoDB server was down', async () => {
    const before = customerTraffic(cluster, 'm', 8);
    await server('ferretdb', 'stop');
    await before;
    await customerTraffic(cluster, 'md', 6);
    // The relay cannot store its checkpoint: it holds (and re-sends that batch later, harmlessly).
    expect((await cluster.request('relay', 'GET', '/admin/relay')).body.eventsBehind).toBeGreaterThan(0);
    await server('ferretdb', 'start');
    await customerTraffic(cluster, 'ma', 6);
    expect(await cluster.converged(90_000)).toBeGreaterThan(head);
  });

  it('ends with every read model equal to a fresh rebuild of the log', async () => {
    const reads = await cluster.mongo();
    try {
      await cluster.rebuildInto(reads, '__verify');
      for (const projection of PROJECTIONS) {
        const live = await scanAll(reads, projection.name);
        // The generated history has customers and campaigns but no staff: the directory stays empty.
        if (projection.name !== 'users') expect([projection.name, live.length > 0]).toEqual([projection.name, true]);
        expect([projection.name, live]).toEqual([projection.name, await scanAll(reads, `${projection.name}__verify`)]);
      }
      const customers = await reads.count('operational_view');
      expect(customers).toBe(8 + 6 + 6 + 8 + 6 + 6);
    } finally {
      await reads.close();
    }
  });
});
