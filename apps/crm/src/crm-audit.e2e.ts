// Auditors over HTTP on the running all-in-one app (the same tests run against the split
// services in libs/relay/src/distributed-audit.e2e.ts).
import { auditorSuite } from '@ledger/audit/test-support';
import { CrmUnderTest } from './test-support/crm-under-test';

auditorSuite('crm: auditors', async () => {
  const crm = await CrmUnderTest.start();
  return {
    url: crm.url,
    eventStoreDir: crm.dataDir,
    post: (path, body, as = 'channel') => crm.post(path, body, as),
    get: (path, as = 'admin') => crm.get(path, as),
    settle: async () => undefined,
    stop: () => crm.stop(),
  };
});
