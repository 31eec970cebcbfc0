// Which client library a connection string selects, and what each binding makes of its own
// library's answers. No server runs here (docs/eventstoredb.md): the bindings are exercised
// against a refused connection and against their libraries' own error objects.
import { createServer } from 'node:net';
import * as eventstore from '@eventstore/db-client';
import * as kurrent from '@kurrent/kurrentdb-client';
import { clientLibraryFor, connectEsdbClient } from './esdb-client';
import { refusedAppend as refusedByEventStore } from './esdb-client-eventstoredb';
import { refusedAppend as refusedByKurrent } from './esdb-client-kurrentdb';

/** A port nothing listens on: bound, then released, so connecting to it is refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('clientLibraryFor', () => {
  it.each([
    ['esdb://localhost:2113?tls=false', 'eventstoredb'],
    ['esdb+discover://cluster.local:2113', 'eventstoredb'],
    ['kurrentdb://localhost:2113?tls=false', 'kurrentdb'],
    ['kurrentdb+discover://cluster.local:2113', 'kurrentdb'],
    ['kurrent://localhost:2113', 'kurrentdb'],
    ['KDB://localhost:2113', 'kurrentdb'],
    ['kdb+discover://cluster.local:2113', 'kurrentdb'],
  ])('%s → %s', (connectionString, library) => {
    expect(clientLibraryFor(connectionString)).toBe(library);
  });

  it.each(['http://localhost:2113', 'localhost:2113', 'tcp://localhost:1113'])(
    'refuses %s, naming the variable',
    (bad) => {
      expect(() => clientLibraryFor(bad)).toThrow(/EVENTSTORE_CONNECTION_STRING must start with one of esdb:\/\//);
    },
  );
});

describe('a refused expected revision', () => {
  it('is read from @eventstore/db-client’s actualVersion', () => {
    const error = new eventstore.WrongExpectedVersionError(undefined, {
      streamName: 'customer-1',
      expected: 3n,
      current: 7n,
    });
    expect(refusedByEventStore(error)).toEqual({ ok: false, actual: 7n });
    const missing = new eventstore.WrongExpectedVersionError(undefined, {
      streamName: 'customer-1',
      expected: 0n,
      current: eventstore.NO_STREAM,
    });
    expect(refusedByEventStore(missing)).toEqual({ ok: false, actual: 'no_stream' });
  });

  it('is read from @kurrent/kurrentdb-client’s actualState', () => {
    const error = new kurrent.WrongExpectedVersionError(undefined, {
      streamName: 'customer-1',
      expected: 3n,
      current: 7n,
    });
    expect(refusedByKurrent(error)).toEqual({ ok: false, actual: 7n });
    const missing = new kurrent.WrongExpectedVersionError(undefined, {
      streamName: 'customer-1',
      expected: kurrent.STREAM_EXISTS,
      current: kurrent.NO_STREAM,
    });
    expect(refusedByKurrent(missing)).toEqual({ ok: false, actual: 'no_stream' });
  });

  it('is never confused with another failure or the other library’s error', () => {
    expect(refusedByKurrent(new Error('deadline exceeded'))).toBeUndefined();
    expect(refusedByEventStore(new Error('deadline exceeded'))).toBeUndefined();
    const fromEventStore = new eventstore.WrongExpectedVersionError(undefined, {
      streamName: 's',
      expected: 1n,
      current: 2n,
    });
    expect(refusedByKurrent(fromEventStore)).toBeUndefined();
  });
});

describe('an unreachable server', () => {
  it.each([
    ['esdb', eventstore.UnavailableError],
    ['kurrentdb', kurrent.UnavailableError],
  ])('%s:// fails through the library it selects, never reads as an empty stream', async (scheme, Unavailable) => {
    const client = connectEsdbClient(`${scheme}://127.0.0.1:${await closedPort()}?tls=false`);
    try {
      const reading = client.readStream('customer-1', { direction: 'forwards', from: 'start', maxCount: 1 });
      await expect(reading).rejects.toBeInstanceOf(Unavailable);
      // Appends surface the transport's own error (gRPC status 14), still a failure.
      const event = { id: '0b0a4a3e-7a4e-4c59-9a57-0c1f6c2b5f10', type: 'CustomerRegistered', data: {}, metadata: {} };
      await expect(client.append('customer-1', [event], 'no_stream')).rejects.toThrow(/UNAVAILABLE|ECONNREFUSED/);
    } finally {
      await client.close();
    }
  });
});
