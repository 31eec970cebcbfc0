// Whom each customer is merged into now, for the merge rules. A merge is recorded only in the
// survivor's stream, so the way up is found in the log: the merges and unmerges (read by type,
// the other events are skipped by the store) are followed from where the index last looked.
import { topSurvivor } from '@ledger/domain';
import type { EventStore } from '@ledger/event-store';

const PAGE = 10_000;
const MERGE_TYPES = ['CustomersMerged', 'CustomersUnmerged'];

export class MergeIndex {
  /** Merged customer → survivors holding them now (more than one only in logs from before the rule). */
  private readonly survivors = new Map<string, Set<string>>();
  private position = 0;

  constructor(private readonly store: EventStore) {}

  /** Takes in every merge and unmerge appended since the last look. */
  async catchUp(): Promise<void> {
    // Everything at or below the head is stored already, so the next look may start after it.
    const head = await this.store.headPosition();
    for (;;) {
      const page = await this.store.readAll({
        fromPosition: this.position,
        maxCount: PAGE,
        streamPrefixes: ['customer-'],
        eventTypes: MERGE_TYPES,
      });
      for (const event of page) {
        const { customerId, mergedCustomerId } = event.data as { customerId: string; mergedCustomerId: string };
        const held = this.survivors.get(mergedCustomerId) ?? new Set<string>();
        if (event.type === 'CustomersMerged') held.add(customerId);
        else held.delete(customerId);
        if (held.size > 0) this.survivors.set(mergedCustomerId, held);
        else this.survivors.delete(mergedCustomerId);
      }
      if (page.length > 0) this.position = page[page.length - 1].position;
      if (page.length < PAGE) {
        this.position = Math.max(this.position, head);
        return;
      }
    }
  }

  /** The survivors a customer is merged into now, by id. */
  survivorsOf(customerId: string): string[] {
    return [...(this.survivors.get(customerId) ?? [])].sort();
  }

  /** The survivor at the top of the customer's chain (null when not merged away); a circle stops where it closes. */
  topSurvivorOf(customerId: string): string | null {
    return topSurvivor(customerId, (id) => this.survivorsOf(id)[0]);
  }
}
