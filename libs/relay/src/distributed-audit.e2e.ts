// The auditors' tests of the all-in-one app, run against the split services of distributed
// mode: commands to the command service, every audit read to the audit service, which replays
// the event store (never the read models) and decrypts with the shared key store; each service
// with a data directory of its own.
import { auditorApiKeys, auditorSuite, requestAs } from '@ledger/audit/test-support';
import { DistributedCluster, SKIP_REASON } from './test-support/distributed-cluster';

jest.setTimeout(90_000);

if (SKIP_REASON) {
  process.stderr.write(`[relay] distributed auditors' suite skipped — ${SKIP_REASON}\n`);
  describe.skip(`distributed mode: auditors (skipped: ${SKIP_REASON})`, () => {
    it('needs Kafka and a MongoDB-wire server', () => undefined);
  });
} else {
  auditorSuite('distributed mode: auditors on the audit service', async () => {
    const cluster = new DistributedCluster(undefined, undefined, auditorApiKeys());
    await cluster.start();
    return {
      url: cluster.url('audit'),
      eventStoreDir: cluster.eventStoreDir,
      post: (path, body, as = 'channel') => requestAs(`${cluster.url('command')}${path}`, 'POST', as, body),
      get: (path, as = 'admin') => requestAs(`${cluster.url('audit')}${path}`, 'GET', as),
      settle: async () => void (await cluster.converged()),
      stop: () => cluster.stop(),
    };
  });
}
