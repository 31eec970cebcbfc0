// A small known history for the analyst, auditor and admin browser tests, written through the
// real API as a channel would: eight customers with purchases across 2025–2026, two campaigns
// with touches and calls after them, a complaint and feedback (its core shared with apps/crm's
// analytics test: writeAnalystBasics).
import { HistoryWriter, writeAnalystBasics, type CrmUnderTest } from './support';

export const CUSTOMERS = [
  ['ann', 'Ann Archer', 'GB'],
  ['ben', 'Ben Baker', 'GB'],
  ['cat', 'Cat Cole', 'FR'],
  ['dan', 'Dan Dale', 'DE'],
  ['eli', 'Eli Elm', 'GB'],
  ['fay', 'فاطمه رضایی', 'IR'],
  ['gus', 'Gus Gray', 'GB'],
  ['hal', 'Hal Hill', 'FR'],
] as const;

/** The last position written, for read-your-writes. */
export async function seedAnalytics(crm: CrmUnderTest): Promise<number> {
  const history = new HistoryWriter(() => crm);
  const { post, buy } = history;
  for (const [customerId, name, country] of CUSTOMERS) {
    await post('/customers', { customerId, kind: 'person', name, country, occurredAt: '2025-01-01T09:00:00Z' });
  }
  const window = { startsAt: '2026-09-01T00:00:00Z', endsAt: '2026-10-31T23:59:59Z', currency: 'EUR' };
  await post('/campaigns', {
    campaignId: 'ad-a',
    name: 'Ad A: autumn beans',
    channel: 'email',
    budget: 100,
    ...window,
  });
  await post('/campaigns', { campaignId: 'ad-b', name: 'Ad B: grinder week', channel: 'sms', budget: 50, ...window });
  await writeAnalystBasics(history);
  await buy('gus', '2025-06-01T10:00:00Z', 80);
  await buy('gus', '2026-01-15T10:00:00Z', 90);
  for (const [at, amount] of [
    ['2026-04-01', 30],
    ['2026-08-01', 35],
    ['2026-10-20', 45],
  ] as const) {
    await buy('hal', `${at}T10:00:00Z`, amount);
  }
  for (const [id, campaignId, channel] of [
    ['cat', 'ad-a', 'email'],
    ['eli', 'ad-a', 'email'],
    ['dan', 'ad-b', 'sms'],
    ['fay', 'ad-b', 'sms'],
  ] as const) {
    await post(`/customers/${id}/campaign-touches`, { campaignId, channel, occurredAt: '2026-09-05T08:00:00Z' });
    await post(`/customers/${id}/contacts`, {
      channel: 'phone',
      direction: 'inbound',
      reason: 'about the offer',
      occurredAt: '2026-09-06T08:00:00Z',
    });
  }
  await buy('cat', '2026-09-07T10:00:00Z', 60, 'ad-a');
  await post('/customers/fay/feedback', { kind: 'nps', score: 9, channel: 'web', occurredAt: '2026-09-11T10:00:00Z' });
  return history.lastPosition;
}

/** Targets for the KPI panel (CRM_TARGETS). */
export const TARGETS = JSON.stringify([
  { kpi: 'revenue', target: 1000, by: '2026-12-31' },
  { kpi: 'sla_compliance', target: 0.9, by: '2026-12-31' },
]);

/** Polls `read` until `done` holds (the page re-renders after a query), or fails after 10 s. */
export async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`still ${JSON.stringify(value)} after 10 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
