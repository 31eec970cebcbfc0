// About how much heap a customer's decider state holds, so a cache of states can be bounded by
// memory rather than by count: a state keeps every order of its customer, and customers with a
// long history weigh hundreds of times more than new ones. Approximate by design (V8's layout is
// not observable): fixed costs per entry plus the lengths of the strings that vary, checked
// against heap measurements (state-size.spec.ts), and cheap — no serialising.
import type { CustomerState } from '@ledger/domain';

/** The state object, its empty collections, the profile's object and the cache's entry. */
const STATE = 1_000;
/** A string's header; its characters come on top. */
const STRING = 16;
/** One entry of a Map or Set (its share of the hash table and of the entry array). */
const ENTRY = 40;
/** An order besides its id and skus: the record, two amounts, currency, purchase instant. */
const ORDER = 200;
/** A complaint besides its case id: the record, severity, instants, assignee. */
const COMPLAINT = 200;
/** A pending offer besides its sku and id: the record and its instant. */
const OFFER = 80;

export function approximateStateBytes(state: CustomerState): number {
  let bytes = STATE;
  if (state.profile)
    for (const value of Object.values(state.profile))
      bytes += typeof value === 'string' ? STRING + value.length : STRING;
  for (const [orderId, order] of state.orders)
    bytes += ENTRY + ORDER + 2 * STRING + orderId.length + order.skuList.length;
  // Most customers have no cases, offers, consents or merges: skip making their iterators.
  if (state.complaints.size > 0)
    for (const caseId of state.complaints.keys()) bytes += ENTRY + COMPLAINT + STRING + caseId.length;
  if (state.pendingOffers.size > 0)
    for (const [sku, offer] of state.pendingOffers)
      bytes += ENTRY + OFFER + 2 * STRING + sku.length + offer.offerId.length;
  if (state.consent.size > 0) for (const key of state.consent.keys()) bytes += ENTRY + STRING + key.length;
  if (state.mergedCustomerIds.size > 0) for (const id of state.mergedCustomerIds) bytes += ENTRY + STRING + id.length;
  return bytes;
}
