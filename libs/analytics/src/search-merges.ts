// The way up from a merged customer to its survivor, for search and the 360: kept from the
// merges the search documents record (each survivor's mergedCustomers), so a refresh costs the
// changed documents' merges and nothing when none changed. It follows the merges recorded now
// (as the 360's mergedCustomers does), not a business date.
import { topSurvivor } from '@ledger/domain';
import type { CustomerSearchDocument } from '@ledger/projections';

interface Edge {
  survivor: string;
  mergedAt: string;
}

/** Earlier merges first, as the analytics count a customer merged into two survivors (older logs). */
const firstTaken = (a: Edge, b: Edge): number =>
  a.mergedAt < b.mergedAt ? -1 : a.mergedAt > b.mergedAt ? 1 : a.survivor < b.survivor ? -1 : 1;

export class SearchMerges {
  /** Merged customer → the survivors holding them, firstTaken order. */
  private readonly parents = new Map<string, Edge[]>();

  /** Takes in a survivor's new document in place of the one held before (null: none). */
  replace(before: CustomerSearchDocument | null, after: CustomerSearchDocument): void {
    if (!before?.mergedCustomers && !after.mergedCustomers) return;
    for (const { customerId } of before?.mergedCustomers ?? []) {
      const kept = (this.parents.get(customerId) ?? []).filter((edge) => edge.survivor !== before?.customerId);
      if (kept.length > 0) this.parents.set(customerId, kept);
      else this.parents.delete(customerId);
    }
    for (const { customerId, mergedAt } of after.mergedCustomers ?? []) {
      const edges = [...(this.parents.get(customerId) ?? []), { survivor: after.customerId, mergedAt }];
      this.parents.set(customerId, edges.sort(firstTaken));
    }
  }

  /** The survivor the customer was merged into directly (the first taken), or null. */
  directSurvivorOf(customerId: string): string | null {
    return this.parents.get(customerId)?.[0]?.survivor ?? null;
  }

  /** The top survivor the customer is merged into now, or null; a circle stops where it closes. */
  topSurvivorOf(customerId: string): string | null {
    return topSurvivor(customerId, (id) => this.directSurvivorOf(id) ?? undefined);
  }
}
