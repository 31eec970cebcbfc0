// The one place that decides which client library talks to the server. The connection
// string's scheme picks it, so switching EventStoreDB's client for the maintained KurrentDB one
// is a configuration change (`EVENTSTORE_CONNECTION_STRING=kurrentdb://…`), not a code change:
//   esdb://, esdb+discover://                          → @eventstore/db-client (EventStoreDB)
//   kurrentdb[+discover]://, kurrent[+discover]://, kdb[+discover]:// → @kurrent/kurrentdb-client
// Both speak the same gRPC protocol; the rest of the adapter sees only esdb-wire.ts's types.
import { EventStoreDbClient } from './esdb-client-eventstoredb';
import { KurrentDbClient } from './esdb-client-kurrentdb';
import type { EsdbClient } from './esdb-wire';

export type {
  EsdbClient,
  LogPosition,
  StoredRecord,
  WireAllRead,
  WireAppendOutcome,
  WireEvent,
  WireExpectedRevision,
  WireFilter,
  WireStreamRead,
  WireSubscription,
} from './esdb-wire';

export type EsdbClientLibrary = 'eventstoredb' | 'kurrentdb';

const LIBRARY_BY_SCHEME: Record<string, EsdbClientLibrary> = {
  esdb: 'eventstoredb',
  'esdb+discover': 'eventstoredb',
  kurrentdb: 'kurrentdb',
  'kurrentdb+discover': 'kurrentdb',
  kurrent: 'kurrentdb',
  'kurrent+discover': 'kurrentdb',
  kdb: 'kurrentdb',
  'kdb+discover': 'kurrentdb',
};

/** The library a connection string selects; an unknown scheme is refused, naming the variable. */
export function clientLibraryFor(connectionString: string): EsdbClientLibrary {
  const scheme = /^([a-z+]+):\/\//i.exec(connectionString)?.[1]?.toLowerCase();
  const library = scheme === undefined ? undefined : LIBRARY_BY_SCHEME[scheme];
  if (!library) {
    throw new Error(
      `EVENTSTORE_CONNECTION_STRING must start with one of ${Object.keys(LIBRARY_BY_SCHEME)
        .map((known) => `${known}://`)
        .join(', ')} (got '${scheme ?? connectionString.slice(0, 20)}')`,
    );
  }
  return library;
}

/** Connects lazily: the first call reaches the server. */
export function connectEsdbClient(connectionString: string): EsdbClient {
  return clientLibraryFor(connectionString) === 'kurrentdb'
    ? KurrentDbClient.connect(connectionString)
    : EventStoreDbClient.connect(connectionString);
}
