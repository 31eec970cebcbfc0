// Derived events: what other systems are told when a customer enters or leaves an RFM segment or
// a lifecycle stage. They are conclusions drawn from the log at an instant, not facts a customer
// caused, so they live in their own store and stream category (`segment-membership-<customerId>`)
// and never in a customer's stream. Pure: the diff takes the memberships and the instant.
import type { LifecycleStage, RfmSegment } from '@ledger/projections';

export const DERIVED_EVENT_TYPES = [
  'CustomerEnteredSegment',
  'CustomerLeftSegment',
  'CustomerEnteredLifecycleStage',
  'CustomerLeftLifecycleStage',
] as const;
export type DerivedEventType = (typeof DERIVED_EVENT_TYPES)[number];

export const DERIVED_STREAM_CATEGORY = 'segment-membership';

export interface SegmentEventData {
  customerId: string;
  segment: RfmSegment;
  /** The evaluation instant at which the change was seen (the scheduler's tick). */
  occurredAt: string;
}
export interface StageEventData {
  customerId: string;
  stage: LifecycleStage;
  occurredAt: string;
}

export type DerivedEvent =
  | { type: 'CustomerEnteredSegment' | 'CustomerLeftSegment'; data: SegmentEventData }
  | { type: 'CustomerEnteredLifecycleStage' | 'CustomerLeftLifecycleStage'; data: StageEventData };

/** Where a customer stands in each dimension; null = in none (not in the population). */
export interface Membership {
  segment: RfmSegment | null;
  stage: LifecycleStage | null;
}

export interface ScoredMember {
  customerId: string;
  segment: RfmSegment;
  stage: LifecycleStage;
}

/**
 * The events that take `published` (what other systems were last told) to `current` (the
 * population as of `at`): per customer, leaving comes before entering, segment before stage.
 * Customers are visited in id order so the same inputs give the same events in the same order.
 */
export function membershipChanges(
  published: ReadonlyMap<string, Membership>,
  current: Iterable<ScoredMember>,
  at: string,
): DerivedEvent[] {
  const now = new Map<string, Membership>();
  for (const { customerId, segment, stage } of current) now.set(customerId, { segment, stage });
  // Only the customers whose membership changed are sorted (a tick over 1M customers changes few).
  const changed: string[] = [];
  for (const [customerId, after] of now) {
    const before = published.get(customerId);
    if (before?.segment !== after.segment || before?.stage !== after.stage) changed.push(customerId);
  }
  for (const customerId of published.keys()) if (!now.has(customerId)) changed.push(customerId);
  const events: DerivedEvent[] = [];
  for (const customerId of changed.sort()) {
    const before = published.get(customerId) ?? NOWHERE;
    const after = now.get(customerId) ?? NOWHERE;
    const occurredAt = at;
    if (before.segment !== after.segment) {
      if (before.segment)
        events.push({ type: 'CustomerLeftSegment', data: { customerId, segment: before.segment, occurredAt } });
      if (after.segment)
        events.push({ type: 'CustomerEnteredSegment', data: { customerId, segment: after.segment, occurredAt } });
    }
    if (before.stage !== after.stage) {
      if (before.stage)
        events.push({ type: 'CustomerLeftLifecycleStage', data: { customerId, stage: before.stage, occurredAt } });
      if (after.stage)
        events.push({ type: 'CustomerEnteredLifecycleStage', data: { customerId, stage: after.stage, occurredAt } });
    }
  }
  return events;
}

const NOWHERE: Membership = { segment: null, stage: null };

/** Folds derived events into the memberships they announce (the inverse of the diff). */
export function applyMembershipEvent(memberships: Map<string, Membership>, event: DerivedEvent): void {
  const { customerId } = event.data;
  const held = memberships.get(customerId) ?? NOWHERE;
  let next: Membership;
  switch (event.type) {
    case 'CustomerEnteredSegment':
      next = { ...held, segment: event.data.segment };
      break;
    case 'CustomerLeftSegment':
      next = { ...held, segment: held.segment === event.data.segment ? null : held.segment };
      break;
    case 'CustomerEnteredLifecycleStage':
      next = { ...held, stage: event.data.stage };
      break;
    case 'CustomerLeftLifecycleStage':
      next = { ...held, stage: held.stage === event.data.stage ? null : held.stage };
      break;
  }
  if (next.segment === null && next.stage === null) memberships.delete(customerId);
  else memberships.set(customerId, next);
}
