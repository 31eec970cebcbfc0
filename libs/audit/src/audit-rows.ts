// One stored event as auditors read it: who, through which channel, business and record time,
// where it sits, and its hash. Shared by the JSON page, NDJSON and CSV.
import type { RecordedEvent } from '@ledger/domain';
import { occurredAt } from './replay';

export interface AuditRow {
  eventId: string;
  type: string;
  schemaVersion: number;
  revision: number;
  position: number;
  occurredAt: string;
  recordedAt: string;
  actor: string;
  channel: string;
  commandId: string;
  correlationId: string;
  causationId: string;
  hash: string | null;
  prevHash: string | null;
  data: unknown;
}

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

/** RFC 4180: quote a field holding a comma, quote or line break, doubling inner quotes. */
export function csvField(value: unknown): string {
  const text =
    value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvLine = (row: AuditRow): string => `${CSV_COLUMNS.map((c) => csvField(row[c])).join(',')}\r\n`;
export const CSV_HEADER = `${CSV_COLUMNS.join(',')}\r\n`;

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
