// Time travel over one customer's history (pure): the operational view as of a business time,
// as known at a record time, the field-level difference between two instants, and which events
// changed a field. Replays through the same pure projection the live read model uses.
import type { RecordedEvent } from '@ledger/domain';
import { operationalViewProjection, type OperationalView } from '@ledger/projections';

export interface Bitemporal {
  /** Business time: only facts that happened at or before it (occurredAt ≤ asOf). */
  asOf?: string;
  /** Record time: only facts the system had recorded by then (recordedAt ≤ knownAt). */
  knownAt?: string;
}

const ms = (instant: string): number => Date.parse(instant);
export const occurredAt = (event: RecordedEvent): string => (event.data as { occurredAt: string }).occurredAt;

/** The events visible at the given instants, in stream order (a backfilled fact keeps its place). */
export function visible(events: readonly RecordedEvent[], at: Bitemporal): RecordedEvent[] {
  const asOf = at.asOf === undefined ? Infinity : ms(at.asOf);
  const knownAt = at.knownAt === undefined ? Infinity : ms(at.knownAt);
  return events.filter((e) => ms(occurredAt(e)) <= asOf && ms(e.recordedAt) <= knownAt);
}

export function replayView(events: readonly RecordedEvent[]): OperationalView | null {
  let view: OperationalView | null = null;
  for (const event of events) view = operationalViewProjection.apply(view, event, '') ?? view;
  return view;
}

export const stateAt = (events: readonly RecordedEvent[], at: Bitemporal): OperationalView | null =>
  replayView(visible(events, at));

/** Bookkeeping fields that change with every event and say nothing about the customer. */
const NOISE = new Set(['lastPosition', 'updatedAt']);

/** Dotted paths to leaf values; arrays are leaves (a list of contacts changes as a whole). */
export function flatten(value: unknown, prefix = '', into = new Map<string, unknown>()): Map<string, unknown> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) {
      if (prefix === '' && NOISE.has(key)) continue;
      flatten(child, prefix ? `${prefix}.${key}` : key, into);
    }
  } else if (prefix) {
    into.set(prefix, value);
  }
  return into;
}

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

/** An absent field and a null one read the same to a reader: both are shown as null. */
const same = (before: unknown, after: unknown): boolean =>
  JSON.stringify(before ?? null) === JSON.stringify(after ?? null);

export function fieldChanges(before: unknown, after: unknown): FieldChange[] {
  const a = flatten(before);
  const b = flatten(after);
  const fields = [...new Set([...a.keys(), ...b.keys()])].sort();
  return fields
    .filter((field) => !same(a.get(field), b.get(field)))
    .map((field) => ({ field, before: a.get(field) ?? null, after: b.get(field) ?? null }));
}

export function valueAt(view: unknown, field: string): unknown {
  let current: unknown = view;
  for (const part of field.split('.')) {
    // Own fields only: a path must never reach into a prototype (`constructor`, `__proto__`).
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, part)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

export interface EventRef {
  eventId: string;
  type: string;
  revision: number;
  position: number;
  occurredAt: string;
  recordedAt: string;
}

export const refOf = (e: RecordedEvent): EventRef => ({
  eventId: e.eventId,
  type: e.type,
  revision: e.revision,
  position: e.position,
  occurredAt: occurredAt(e),
  recordedAt: e.recordedAt,
});

/** Each event that changed `field`, with the value before and after it (business-time filter applied). */
export function provenanceOf(events: readonly RecordedEvent[], field: string, at: Bitemporal = {}) {
  const changes: Array<EventRef & { before: unknown; after: unknown }> = [];
  let view: OperationalView | null = null;
  for (const event of visible(events, at)) {
    const next: OperationalView | null = operationalViewProjection.apply(view, event, '') ?? view;
    const before = valueAt(view, field);
    const after = valueAt(next, field);
    if (!same(before, after)) changes.push({ ...refOf(event), before: before ?? null, after: after ?? null });
    view = next;
  }
  return { field, value: valueAt(view, field) ?? null, changedBy: changes };
}

/** What changed in the view between business times `from` and `to`, and the events in between. */
export function diffBetween(events: readonly RecordedEvent[], from: string, to: string, knownAt?: string) {
  const earlier = new Set(visible(events, { asOf: from, knownAt }).map((e) => e.eventId));
  const later = visible(events, { asOf: to, knownAt });
  return {
    from,
    to,
    changes: fieldChanges(stateAt(events, { asOf: from, knownAt }), replayView(later)),
    causedBy: later.filter((e) => !earlier.has(e.eventId)).map(refOf),
  };
}
