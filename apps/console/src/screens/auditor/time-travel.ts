// The auditor's time control and what it compares. The control steps through the instants at
// which anything changed for the customer: each event's business time (occurredAt) and record
// time (recordedAt). At an instant T the screen sets "as of T" (every fact that had happened by
// T, even if logged later) beside "as known at T" (only what the CRM had recorded by T); a
// late-logged call shows up in the first and not the second.
import type { AuditRow, FieldChange } from './audit-types';

export interface EventFilters {
  type?: string;
  channel?: string;
  from?: string;
  to?: string;
}

/** Every distinct instant at which an event happened or was recorded, ascending. */
export function travelStops(events: Pick<AuditRow, 'occurredAt' | 'recordedAt'>[]): string[] {
  const instants = new Set<string>();
  for (const e of events) {
    instants.add(e.occurredAt);
    instants.add(e.recordedAt);
  }
  return [...instants].sort((a, b) => Date.parse(a) - Date.parse(b));
}

/** Events recorded after they happened (backfilled or logged late): where asOf and knownAt differ. */
export function lateLogged(events: AuditRow[]): AuditRow[] {
  return events.filter((e) => Date.parse(e.recordedAt) > Date.parse(e.occurredAt) + 1000);
}

/** The fields that differ between two states (dotted paths, arrays compared whole). */
export function stateDifferences(a: unknown, b: unknown): FieldChange[] {
  const left = flatten(a);
  const right = flatten(b);
  const fields = [...new Set([...left.keys(), ...right.keys()])].sort();
  return fields
    .filter((f) => JSON.stringify(left.get(f)) !== JSON.stringify(right.get(f)))
    .map((field) => ({ field, before: left.get(field) ?? null, after: right.get(field) ?? null }));
}

// Bookkeeping that changes with every event and says nothing about the customer.
const NOISE = new Set(['lastPosition', 'updatedAt']);

function flatten(value: unknown, prefix = '', into = new Map<string, unknown>()): Map<string, unknown> {
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

/** A value of the view as one line: JSON for objects and arrays (with a length hint for long lists). */
export function showValue(value: unknown): string {
  if (value === null || value === undefined) return '∅';
  if (Array.isArray(value)) return value.length > 3 ? `[${value.length}]` : JSON.stringify(value);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** The events-page query for the API (the channel is filtered here: the API filters type and period). */
export function eventsQuery(
  filters: EventFilters,
  fromRevision: number,
  limit: number,
): Record<string, string | number> {
  const query: Record<string, string | number> = { fromRevision, limit };
  if (filters.type) query.type = filters.type;
  if (filters.from) query.from = filters.from;
  if (filters.to) query.to = filters.to;
  return query;
}

export const byChannel = (events: AuditRow[], channel?: string): AuditRow[] =>
  channel
    ? events.filter((e) => e.channel === channel || (e.data as { channel?: string }).channel === channel)
    : events;

/** The audit rows as CSV (what the auditor sees on screen, filtered): RFC 4180 quoting. */
export function eventsCsv(events: AuditRow[]): string {
  const columns = [
    'revision',
    'position',
    'type',
    'occurredAt',
    'recordedAt',
    'actor',
    'channel',
    'eventId',
    'hash',
  ] as const;
  const quote = (v: unknown) => {
    const text = v === null || v === undefined ? '' : String(v);
    return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [columns.join(','), ...events.map((e) => columns.map((c) => quote(e[c])).join(','))].join('\n') + '\n';
}
