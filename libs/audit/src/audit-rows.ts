// One stored event as auditors read it: who, through which channel, business and record time,
// where it sits, and its hash. Shared by the JSON page, NDJSON and CSV.
import { csvRow } from '@ledger/csv';
import type { RecordedEvent } from '@ledger/domain';
import type { AuditRow } from './api';
import { occurredAt } from './replay';

export type { AuditRow } from './api';

export function auditRow(event: RecordedEvent): AuditRow {
  const { metadata } = event;
  return {
    eventId: event.eventId,
    type: event.type,
    schemaVersion: event.schemaVersion,
    revision: event.revision,
    position: event.position,
    occurredAt: occurredAt(event),
    recordedAt: event.recordedAt,
    actor: metadata.actor,
    channel: metadata.channel,
    commandId: metadata.commandId,
    correlationId: metadata.correlationId,
    causationId: metadata.causationId,
    hash: event.hash ?? null,
    prevHash: event.prevHash ?? null,
    data: event.data,
  };
}

export const CSV_COLUMNS: Array<keyof AuditRow> = [
  'eventId',
  'type',
  'schemaVersion',
  'revision',
  'position',
  'occurredAt',
  'recordedAt',
  'actor',
  'channel',
  'commandId',
  'correlationId',
  'causationId',
  'hash',
  'prevHash',
  'data',
];

/** One CSV record per event (libs/csv: RFC 4180, text cells neutralised against formulas). */
export const csvLine = (row: AuditRow): string => csvRow(CSV_COLUMNS.map((c) => row[c]));
export const CSV_HEADER = csvRow(CSV_COLUMNS);

export interface EventFilter {
  types?: Set<string>;
  from?: number;
  to?: number;
  recordedFrom?: number;
  recordedTo?: number;
}

export function matches(event: RecordedEvent, filter: EventFilter): boolean {
  if (filter.types && !filter.types.has(event.type)) return false;
  const business = Date.parse(occurredAt(event));
  const recorded = Date.parse(event.recordedAt);
  return (
    (filter.from === undefined || business >= filter.from) &&
    (filter.to === undefined || business <= filter.to) &&
    (filter.recordedFrom === undefined || recorded >= filter.recordedFrom) &&
    (filter.recordedTo === undefined || recorded <= filter.recordedTo)
  );
}
