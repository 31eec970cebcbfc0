// The core of the analysts' known history, written by both the CRM's analytics end-to-end test
// and the console's browser tests (apps/console/e2e/analytics-history.ts), so the figures each
// asserts rest on the same facts. Business times are explicit: the write order does not matter.
import type { HistoryWriter } from './history-writer';

/**
 * ann buys every other month of 2026 (120 € each) and rates service 4 (CSAT); ben bought once,
 * long ago; eli spent 300 € in October 2026; dan complained of a double charge, refunded the
 * next day. The customers must be registered first.
 */
export async function writeAnalystBasics({ post, buy }: HistoryWriter): Promise<void> {
  for (const month of ['03', '05', '07', '09', '10']) await buy('ann', `2026-${month}-10T10:00:00Z`, 120);
  await buy('ben', '2025-02-01T10:00:00Z', 40);
  await buy('eli', '2026-10-01T10:00:00Z', 300);
  await post('/customers/dan/complaints', {
    caseId: 'k-1',
    category: 'billing',
    severity: 'medium',
    channel: 'phone',
    description: 'charged twice',
    occurredAt: '2026-10-01T10:00:00Z',
  });
  await post('/customers/dan/complaints/k-1/resolve', { resolution: 'refunded', occurredAt: '2026-10-02T10:00:00Z' });
  await post('/customers/ann/feedback', { kind: 'csat', score: 4, channel: 'web', occurredAt: '2026-10-11T10:00:00Z' });
}
