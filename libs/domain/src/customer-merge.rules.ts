// Which merges a demanding user accepts: one person ends up under exactly one survivor. The
// merge is recorded in the survivor's stream, so the facts about the other customers (their own
// records, whom they are merged into now, who is merged into them) are read by the command side
// and passed in; deciding on them stays pure.
import type { MergeCustomers, UnmergeCustomers } from './commands';
import type { CustomerState } from './customer.state';
import { invalid } from './decision-helpers';
import { BusinessRuleViolation } from './errors';
import type { CustomerEvent } from './events';
import type { Instant } from './vocabulary';

/** What the other streams say about a merge, as the command side found them. */
export interface MergeFacts {
  /** The customer to merge, as their own stream has it. */
  merged: { registered: boolean; erased: boolean };
  /**
   * Survivors the customer to merge is merged into now (more than one only in logs recorded
   * before this rule; the analytics then count them under the earlier merge).
   */
  mergedInto: readonly string[];
  /** The top survivor the surviving customer is itself merged into now, or null. */
  survivorMergedInto: string | null;
  /** Every customer merged into the customer to merge, at any depth. */
  mergedGroup: readonly string[];
  /** Every customer merged into the survivor, at any depth. */
  survivorGroup: readonly string[];
}

type MergeCommand = MergeCustomers | UnmergeCustomers;

/**
 * The survivor at the top of a customer's merges now (null when not merged away): each customer's
 * survivor (`survivorOf`, the one it counts under) followed up; a circle stops where it closes.
 */
export function topSurvivor(customerId: string, survivorOf: (id: string) => string | undefined): string | null {
  const seen = new Set<string>([customerId]);
  let current = customerId;
  for (;;) {
    const next = survivorOf(current);
    if (next === undefined || seen.has(next)) return current === customerId ? null : current;
    seen.add(next);
    current = next;
  }
}

const refuse = (code: string, message: string, field = 'mergedCustomerId') =>
  new BusinessRuleViolation(code, message, field);

/**
 * A survivor may take a customer that holds merged customers itself (the group goes along, any
 * depth, as the 360 shows it), but a customer already under a survivor is not merged again
 * elsewhere until unmerged there, a customer merged away takes no merges (its survivor does),
 * and no merge closes a circle. Already so is an empty decision; unmerging undoes only what
 * this survivor recorded.
 */
export function decideMerge(
  command: MergeCommand,
  state: CustomerState,
  occurredAt: Instant,
  facts: MergeFacts | undefined,
): CustomerEvent[] {
  const { customerId, mergedCustomerId } = command.data;
  if (mergedCustomerId === customerId) throw invalid('mergedCustomerId', 'a customer cannot be merged into itself');
  const held = state.mergedCustomerIds.has(mergedCustomerId);
  if (command.type === 'UnmergeCustomers') {
    if (!held) throw refuse('NOT_MERGED', `customer '${mergedCustomerId}' is not merged into '${customerId}'`);
    return [{ type: 'CustomersUnmerged', data: { customerId, mergedCustomerId, occurredAt } }];
  }
  if (held) return [];
  if (!facts) throw new Error('MergeCustomers is decided with the facts of the other streams (MergeFacts)');
  assertMergeable(customerId, mergedCustomerId, facts);
  return [{ type: 'CustomersMerged', data: { customerId, mergedCustomerId, occurredAt } }];
}

function assertMergeable(customerId: string, mergedCustomerId: string, facts: MergeFacts): void {
  if (!facts.merged.registered) {
    throw refuse('UNKNOWN_MERGED_CUSTOMER', `customer '${mergedCustomerId}' is not registered`);
  }
  if (facts.merged.erased) throw refuse('CUSTOMER_ERASED', `customer '${mergedCustomerId}' has been erased`);
  if (facts.mergedGroup.includes(customerId)) {
    throw refuse('MERGE_CYCLE', `customer '${customerId}' is merged into '${mergedCustomerId}' already`);
  }
  if (facts.survivorGroup.includes(mergedCustomerId)) {
    throw refuse('ALREADY_MERGED', `customer '${mergedCustomerId}' is in the merged group of '${customerId}' already`);
  }
  const elsewhere = facts.mergedInto.filter((id) => id !== customerId);
  if (elsewhere.length > 0) {
    throw refuse(
      'MERGED_ELSEWHERE',
      `customer '${mergedCustomerId}' is merged into '${elsewhere[0]}': unmerge it there first`,
    );
  }
  if (facts.survivorMergedInto !== null) {
    throw refuse(
      'SURVIVOR_MERGED_AWAY',
      `customer '${customerId}' is merged into '${facts.survivorMergedInto}': merge into that customer instead`,
      'customerId',
    );
  }
}
