// End to end for scheduled customer-value fits: with CRM_VALUE_FIT_INTERVAL set the CRM fits on
// its own at start when no fit exists, as system:scheduler; restarted, it knows from the log that
// the next fit is an interval away and fits nothing.
import { CustomerValueFitScheduler, SCHEDULER_ACTOR } from '@ledger/queries';
import { openEmbeddedEventStore } from '@ledger/platform';
import { CrmUnderTest } from './test-support/crm-under-test';
import { HistoryWriter } from './test-support/history-writer';

jest.setTimeout(120_000);

const DAY = 86_400_000;
const WEEK = 7 * DAY;

describe('crm: scheduled customer-value fits', () => {
  let crm: CrmUnderTest;
  const history = new HistoryWriter(() => crm);
  const fits = async () => {
    const store = openEmbeddedEventStore(crm.dataDir);
    try {
      return await store.readStream('model-customer-value');
    } finally {
      await store.close();
    }
  };

  beforeAll(async () => {
    crm = await CrmUnderTest.start();
    // Forty customers with varied habits over the last year: customer i first buys 300 − 5i days
    // ago, then (i mod 5) more times every 2 + (i mod 4) weeks.
    const now = Date.now();
    for (let i = 0; i < 40; i++) {
      const id = `s${i}`;
      const first = now - (300 - 5 * i) * DAY;
      await history.post('/customers', {
        customerId: id,
        kind: 'person',
        name: id,
        occurredAt: new Date(first - DAY).toISOString(),
      });
      for (let k = 0; k <= i % 5; k++) {
        const at = first + k * (2 + (i % 4)) * WEEK;
        if (at >= now) break;
        await history.post(`/customers/${id}/purchases`, {
          lines: [{ sku: 'CD', quantity: 1, unitPrice: 11 + (i % 13) * 3 + k }],
          currency: 'EUR',
          channel: 'web',
          occurredAt: new Date(at).toISOString(),
        });
      }
    }
    // The read models must hold the history before the scheduler's first look.
    await crm.get(`/customers/s0/lifecycle?fitted=false&minPosition=${history.lastPosition}`, 'agent');
    await crm.stop({ keepData: true });
  });
  afterAll(() => crm.stop());

  it('fits at start as system:scheduler, and after a restart waits for the interval', async () => {
    crm = await CrmUnderTest.start({ dataDir: crm.dataDir, env: { CRM_VALUE_FIT_INTERVAL: '7d' } });
    // The first look runs at start; ticking joins it (one check at a time) or reports on the log.
    const first = await crm.app.get(CustomerValueFitScheduler).tick();
    expect(['fitted', 'not_due']).toContain(first.outcome);
    const recorded = await fits();
    expect(recorded).toHaveLength(1);
    expect(recorded[0].metadata.actor).toBe(SCHEDULER_ACTOR);
    const fittedAt = Date.parse((recorded[0].data as { occurredAt: string }).occurredAt);
    await crm.stop({ keepData: true });

    crm = await CrmUnderTest.start({ dataDir: crm.dataDir, env: { CRM_VALUE_FIT_INTERVAL: '7d' } });
    const again = await crm.app.get(CustomerValueFitScheduler).tick();
    expect(again).toEqual({ outcome: 'not_due', nextDueAt: new Date(fittedAt + WEEK).toISOString() });
    expect(await fits()).toHaveLength(1);
    // Agents see the scheduled model's forecast.
    const value = await crm.get('/customers/s7/value', 'agent');
    expect(value.body.model.modelId).toBe((recorded[0].data as { modelId: string }).modelId);
  });
});
