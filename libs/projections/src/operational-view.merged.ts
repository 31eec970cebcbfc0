// The customer 360 of a customer others were merged into (CustomersMerged): the survivor's view
// with the merged customers' histories folded in at query time. Nothing is copied between read
// models, so an unmerge shows both customers exactly as they were.
import { addMoney, type ContactChannel } from '@ledger/domain';
import { LAST_CONTACTS_KEPT, type OperationalView } from './operational-view.document';

export interface MergedCustomerSummary {
  customerId: string;
  name: string | null;
}

export type CombinedOperationalView = OperationalView & { mergedCustomers: MergedCustomerSummary[] };

const newestFirst =
  <T>(at: (item: T) => string) =>
  (a: T, b: T): number =>
    at(a) < at(b) ? 1 : at(a) > at(b) ? -1 : 0;
const oldestFirst =
  <T>(key: (item: T) => string) =>
  (a: T, b: T): number =>
    key(a).localeCompare(key(b));

export function withMergedHistories(
  view: OperationalView,
  merged: readonly OperationalView[],
): CombinedOperationalView {
  const all = [view, ...merged];
  const totals = { ...view.totals, contactsByChannel: { ...view.totals.contactsByChannel } };
  for (const other of merged) {
    totals.purchases += other.totals.purchases;
    totals.spend = addMoney(totals.spend, other.totals.spend);
    totals.returns = addMoney(totals.returns, other.totals.returns);
    totals.netSpend = addMoney(totals.netSpend, other.totals.netSpend);
    totals.informationRequests += other.totals.informationRequests;
    totals.feedbackCount += other.totals.feedbackCount;
    for (const [channel, count] of Object.entries(other.totals.contactsByChannel)) {
      totals.contactsByChannel[channel as ContactChannel] += count;
    }
  }
  const lastContacts = all
    .flatMap((v) => v.lastContacts)
    .sort(newestFirst((c) => c.occurredAt))
    .slice(0, LAST_CONTACTS_KEPT);
  const feedback = all.flatMap((v) => (v.lastFeedback ? [v.lastFeedback] : [])).sort(newestFirst((f) => f.at));
  return {
    ...view,
    totals,
    lifetimeValue: merged.reduce((sum, other) => addMoney(sum, other.lifetimeValue), view.lifetimeValue),
    lastContacts,
    lastContactAt: lastContacts[0]?.occurredAt ?? view.lastContactAt,
    openComplaints: all.flatMap((v) => v.openComplaints).sort(oldestFirst((c) => `${c.openedAt}\u0000${c.caseId}`)),
    resolvedComplaintsCount: all.reduce((sum, v) => sum + v.resolvedComplaintsCount, 0),
    pendingOffers: all.flatMap((v) => v.pendingOffers).sort(oldestFirst((o) => `${o.madeAt}\u0000${o.offerId}`)),
    lastFeedback: feedback[0] ?? null,
    mergedCustomers: merged.map((other) => ({ customerId: other.customerId, name: other.profile?.name ?? null })),
  };
}
