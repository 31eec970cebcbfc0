// Turns the population's segments at an instant into derived events: what other systems were
// last told is folded from the derived store at start, each evaluation appends only the
// differences. Evaluations run with the time passed in, so a customer who did nothing is still
// seen moving from `active` to `at_risk` when the days pass.
import type { CustomerScore } from '@ledger/projections';
import type { DerivedEventStore, StoredDerivedEvent } from './derived-event-store';
import {
  applyMembershipEvent,
  membershipChanges,
  type DerivedEvent,
  type Membership,
  type ScoredMember,
} from './membership-changes';

export const scoredMember = (
  score: Pick<CustomerScore, 'customerId' | 'rfmSegment' | 'lifecycleStage'>,
): ScoredMember => ({
  customerId: score.customerId,
  segment: score.rfmSegment,
  stage: score.lifecycleStage,
});

export class SegmentWatcher {
  private readonly memberships = new Map<string, Membership>();

  constructor(private readonly store: DerivedEventStore) {
    for (const event of store.all()) applyMembershipEvent(this.memberships, event as DerivedEvent);
  }

  /** Appends the entered/left events that take the published memberships to `scores` as of `at`. */
  record(at: string, scores: Iterable<ScoredMember>, recordedAt: string): StoredDerivedEvent[] {
    const events = membershipChanges(this.memberships, scores, at);
    if (events.length === 0) return [];
    const stored = this.store.append(events, recordedAt);
    for (const event of events) applyMembershipEvent(this.memberships, event);
    return stored;
  }

  /** Customers other systems currently know in some segment or stage. */
  get known(): number {
    return this.memberships.size;
  }
}
