import { messagingContract } from './messaging.contract';
import { InMemoryBroker } from './in-memory-broker';
import { eventHeaders, readEventHeaders } from './cloud-events';
import { InvalidMessagingRequest } from './messaging.errors';

messagingContract('in-memory', async () => {
  const messaging = new InMemoryBroker();
  return { messaging, cleanup: () => messaging.close() };
});

describe('InMemoryBroker', () => {
  it('refuses to work after close', async () => {
    const broker = new InMemoryBroker();
    await broker.close();
    await expect(broker.publish([])).rejects.toThrow('closed');
  });
});

describe('CloudEvents headers', () => {
  const envelope = {
    type: 'ContactRecorded',
    id: 'evt-1',
    source: 'ledger-crm/relay',
    time: '2026-01-02T03:04:05.000Z',
    schemaVersion: 2,
    position: 1234,
  };

  it('round-trip through string headers', () => {
    const headers = eventHeaders(envelope);
    expect(headers).toMatchObject({ ce_type: 'ContactRecorded', ce_schemaversion: '2', position: '1234' });
    expect(readEventHeaders(headers)).toEqual(envelope);
  });

  it('name the missing or malformed header', () => {
    const { ce_id: _id, ...missing } = eventHeaders(envelope);
    expect(() => readEventHeaders(missing)).toThrow(expect.objectContaining({ field: 'headers.ce_id' }));
    expect(() => readEventHeaders({ ...eventHeaders(envelope), position: '-1' })).toThrow(InvalidMessagingRequest);
  });
});
