// Channel traffic for the distributed tests: customers with contacts, purchases (some after a
// campaign), complaints resolved or open, feedback and campaign touches, sent over real HTTP.
import type { DistributedCluster } from './distributed-cluster';

export const CAMPAIGN = 'spring-beans';

async function ok(cluster: DistributedCluster, path: string, body: unknown): Promise<number> {
  const reply = await cluster.request('command', 'POST', path, body);
  if (reply.status !== 201 && reply.status !== 200) {
    throw new Error(`POST ${path} answered ${reply.status}: ${JSON.stringify(reply.body)}`);
  }
  return reply.body.position;
}

export async function launchCampaign(cluster: DistributedCluster): Promise<number> {
  return ok(cluster, '/campaigns', {
    campaignId: CAMPAIGN,
    name: 'Spring beans',
    channel: 'email',
    startsAt: '2026-03-01T00:00:00Z',
    endsAt: '2026-05-31T23:59:59Z',
    budget: 300,
    currency: 'EUR',
  });
}

/** One customer's whole story; customers run concurrently, each one's commands in order. */
async function customerStory(cluster: DistributedCluster, id: string, n: number): Promise<number> {
  const post = (path: string, body: unknown) => ok(cluster, `/customers/${id}${path}`, body);
  let position = await ok(cluster, '/customers', {
    customerId: id,
    kind: 'person',
    name: `Customer ${id}`,
    email: `${id}@example.com`,
    country: n % 3 === 0 ? 'FR' : 'GB',
    occurredAt: '2025-06-01T09:00:00Z',
  });
  await post('/consents', { channel: 'email', purpose: 'marketing', status: 'given' });
  if (n % 2 === 0) {
    await post('/campaign-touches', { campaignId: CAMPAIGN, channel: 'email', occurredAt: '2026-03-05T08:00:00Z' });
  }
  await post('/contacts', {
    channel: n % 2 === 0 ? 'phone' : 'web',
    direction: 'inbound',
    reason: 'beans advice',
    occurredAt: '2026-03-06T08:00:00Z',
  });
  for (let i = 0; i <= n % 4; i++) {
    position = await post('/purchases', {
      lines: [{ sku: 'BEAN-1KG', quantity: 1 + i, unitPrice: 20 + n }],
      currency: 'EUR',
      channel: 'web',
      occurredAt: `2026-0${3 + i}-1${n % 10}T10:00:00Z`,
      ...(n % 2 === 0 && i === 0 ? { campaignId: CAMPAIGN } : {}),
    });
  }
  if (n % 3 === 1) {
    await post('/complaints', {
      caseId: `case-${id}`,
      category: 'delivery',
      severity: 'high',
      channel: 'email',
      description: 'late delivery',
      occurredAt: '2026-04-01T10:00:00Z',
    });
    if (n % 2 === 1) {
      await post(`/complaints/case-${id}/resolve`, { resolution: 'refund', occurredAt: '2026-04-01T15:00:00Z' });
    }
  }
  position = await post('/feedback', { kind: 'csat', score: 1 + (n % 5), channel: 'email' });
  return position;
}

/** Registers customers `<prefix>0..count-1` with their stories; returns the highest position written. */
export async function customerTraffic(cluster: DistributedCluster, prefix: string, count: number): Promise<number> {
  const positions = await Promise.all(
    Array.from({ length: count }, (_, n) => customerStory(cluster, `${prefix}${n}`, n)),
  );
  return Math.max(...positions);
}
