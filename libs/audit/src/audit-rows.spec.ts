import type { RecordedEvent } from '@ledger/domain';
import { parse } from 'csv-parse/sync';
import { CSV_COLUMNS, CSV_HEADER, auditRow, csvLine } from './audit-rows';

const event = {
  eventId: 'e-1',
  streamId: 'customer-c-1',
  revision: 0,
  position: 7,
  type: 'ContactRecorded',
  schemaVersion: 1,
  recordedAt: '2026-01-05T10:00:01.000Z',
  data: {
    customerId: 'c-1',
    contactId: 'ct-1',
    channel: 'phone',
    direction: 'inbound',
    reason: '=HYPERLINK("http://evil.example","click")',
    occurredAt: '2026-01-05T10:00:00.000Z',
  },
  metadata: {
    commandId: '+cmd',
    correlationId: '@corr',
    causationId: 'cmd',
    actor: 'channel:6acd774fd90d4f26',
    channel: '-import',
  },
} as unknown as RecordedEvent;

describe('audit CSV export', () => {
  it('writes the header and one record per event that a CSV reader splits back into the columns', () => {
    const [header, record] = parse(CSV_HEADER + csvLine(auditRow(event))) as string[][];
    expect(header).toEqual(CSV_COLUMNS);
    expect(record).toHaveLength(CSV_COLUMNS.length);
    expect(record.slice(0, 5)).toEqual(['e-1', 'ContactRecorded', '1', '0', '7']);
  });

  it('neutralises cells a spreadsheet would run as formulas', () => {
    const [record] = parse(csvLine(auditRow(event))) as string[][];
    const cell = (column: string) => record[CSV_COLUMNS.indexOf(column as (typeof CSV_COLUMNS)[number])];
    expect(cell('channel')).toBe("'-import");
    expect(cell('commandId')).toBe("'+cmd");
    expect(cell('correlationId')).toBe("'@corr");
    expect(cell('actor')).toBe('channel:6acd774fd90d4f26');
    // The event data is one JSON cell: it starts with "{", so text inside it is never a formula.
    expect(JSON.parse(cell('data'))).toEqual(event.data);
  });
});
