import { byChannel, eventsCsv, eventsQuery, lateLogged, showValue, stateDifferences, travelStops } from './time-travel';
import type { AuditRow } from './audit-types';

const row = (revision: number, occurredAt: string, recordedAt: string, extra: Partial<AuditRow> = {}): AuditRow => ({
  eventId: `e${revision}`,
  type: 'ContactRecorded',
  schemaVersion: 1,
  revision,
  position: revision + 10,
  occurredAt,
  recordedAt,
  actor: 'channel',
  channel: 'api',
  commandId: 'c',
  correlationId: 'c',
  causationId: 'c',
  hash: 'h',
  prevHash: null,
  data: { channel: 'phone' },
  ...extra,
});

const events = [
  row(0, '2026-01-01T10:00:00.000Z', '2026-01-01T10:00:00.100Z'),
  row(1, '2026-01-02T10:00:00.000Z', '2026-01-05T09:00:00.000Z', { data: { channel: 'web', reason: 'a, "b"' } }),
];

describe('time travel', () => {
  it('steps through every business and record instant in order', () => {
    expect(travelStops(events)).toEqual([
      '2026-01-01T10:00:00.000Z',
      '2026-01-01T10:00:00.100Z',
      '2026-01-02T10:00:00.000Z',
      '2026-01-05T09:00:00.000Z',
    ]);
  });

  it('finds the late-logged events', () => {
    expect(lateLogged(events).map((e) => e.revision)).toEqual([1]);
  });

  it('compares two states field by field, ignoring bookkeeping', () => {
    const a = { totals: { contacts: 1 }, lastPosition: 3, lastContacts: [1] };
    const b = { totals: { contacts: 2 }, lastPosition: 4, lastContacts: [1, 2] };
    expect(stateDifferences(a, b)).toEqual([
      { field: 'lastContacts', before: [1], after: [1, 2] },
      { field: 'totals.contacts', before: 1, after: 2 },
    ]);
    expect(stateDifferences(null, { kind: 'person' })).toEqual([{ field: 'kind', before: null, after: 'person' }]);
    expect(showValue([1, 2, 3, 4])).toBe('[4]');
    expect(showValue(null)).toBe('∅');
  });

  it('builds the page query and filters by channel of the contact', () => {
    expect(eventsQuery({ type: 'ContactRecorded', from: '2026-01-01' }, 0, 50)).toEqual({
      fromRevision: 0,
      limit: 50,
      type: 'ContactRecorded',
      from: '2026-01-01',
    });
    expect(byChannel(events, 'web').map((e) => e.revision)).toEqual([1]);
    expect(byChannel(events).length).toBe(2);
  });

  it('writes CSV with quoting', () => {
    const csv = eventsCsv([row(0, 'a', 'b', { actor: 'x,"y"' })]);
    expect(csv).toBe(
      'revision,position,type,occurredAt,recordedAt,actor,channel,eventId,hash\n0,10,ContactRecorded,a,b,"x,""y""",api,e0,h\n',
    );
  });
});
