// The files one purchase runs through, from the request to the reply, measured with V8's precise
// coverage on the running CRM (docs/architecture.md shows the list). Keeps the path free of
// layers that only forward: no command bus, no composition root at request time.
// `COMMAND_PATH_OUT=<file>` writes the list, to refresh the documentation.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { CrmUnderTest } from './test-support/crm-under-test';

/** Run by what the append wakes in the same process (read models, the checkpointer), not by the command. */
const READ_SIDE = /\/libs\/(projection-runner|projections|analytics|read-store[^/]*|queries|audit)\//;

interface ScriptCoverage {
  url: string;
  functions: { ranges: { count: number }[] }[];
}

describe('crm: the command path', () => {
  let crm: CrmUnderTest;
  beforeAll(async () => {
    crm = await CrmUnderTest.start();
  });
  afterAll(() => crm.stop());

  const purchase = (orderId: string) =>
    crm.post('/customers/ada/purchases', {
      orderId,
      lines: [{ sku: 'ESP-100', quantity: 1, unitPrice: 399, category: 'espresso-machine' }],
      currency: 'EUR',
      channel: 'web',
    });

  it('crosses only the files that decide something', async () => {
    expect((await crm.post('/customers', { customerId: 'ada', kind: 'person', name: 'Ada' })).status).toBe(201);
    expect((await purchase('order-1')).status).toBe(201); // warm: modules loaded, caches filled
    const session = new Session();
    session.connect();
    try {
      await session.post('Profiler.enable');
      await session.post('Profiler.startPreciseCoverage', { callCount: true, detailed: false });
      await session.post('Profiler.takePreciseCoverage'); // counts from here on
      expect((await purchase('order-2')).status).toBe(201);
      const { result } = (await session.post('Profiler.takePreciseCoverage')) as { result: ScriptCoverage[] };
      const ran = result
        .filter((script) => script.functions.some((f) => f.ranges[0].count > 0))
        .map((script) => script.url.replace(/^file:\/\//, ''));
      const path = ran
        .filter((file) => /\/libs\//.test(file) && !READ_SIDE.test(file) && !file.includes('node_modules'))
        .map((file) => file.slice(file.indexOf('/libs/') + 1))
        .sort();
      if (process.env['COMMAND_PATH_OUT']) writeFileSync(process.env['COMMAND_PATH_OUT'], `${path.join('\n')}\n`);
      expect(path).toEqual(expect.arrayContaining(['libs/commands/src/command-executor.ts']));
      expect(path.filter((file) => file.startsWith('libs/platform/'))).toEqual([]);
      expect(ran.filter((file) => file.includes('@nestjs/cqrs'))).toEqual([]);
    } finally {
      await session.post('Profiler.stopPreciseCoverage').catch(() => undefined);
      session.disconnect();
    }
  });
});
