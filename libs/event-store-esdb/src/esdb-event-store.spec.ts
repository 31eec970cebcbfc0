// The shared event-store contract against a real EventStoreDB or KurrentDB server, through the
// client library the connection string's scheme selects (esdb:// or kurrentdb://, esdb-client.ts).
// No server can run on the development machines (no Docker engine, no server package), so without
// EVENTSTORE_CONNECTION_STRING the suite is reported as SKIPPED with the reason — never passed.
import { eventStoreContract } from '@ledger/event-store/contract';
import { EsdbEventStore } from './esdb-event-store';

const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;
const SKIP_REASON =
  'skipped: EVENTSTORE_CONNECTION_STRING not set — no EventStoreDB/KurrentDB server can run on this machine; start the eventstoredb service of docker/compose.yml';

if (connectionString) {
  eventStoreContract('eventstoredb', async () => {
    const store = EsdbEventStore.connect(connectionString);
    return { store, cleanup: () => store.close() };
  });
} else {
  describe.skip('EventStore contract: eventstoredb', () => {
    console.warn(`EventStoreDB contract suite ${SKIP_REASON}`);
    it(SKIP_REASON, () => undefined);
  });
}
