// Binding of the adapter's client interface to `@eventstore/db-client` 6.x, the EventStoreDB
// client (superseded by `@kurrent/kurrentdb-client`; esdb-client.ts picks between the two).
import {
  ANY,
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  WrongExpectedVersionError,
  jsonEvent,
  streamNameFilter,
  type AppendExpectedRevision,
} from '@eventstore/db-client';
import {
  collectRecords,
  subscriptionOf,
  type EsdbClient,
  type LogPosition,
  type StoredRecord,
  type WireAllRead,
  type WireAppendOutcome,
  type WireEvent,
  type WireExpectedRevision,
  type WireFilter,
  type WireStreamRead,
  type WireSubscription,
} from './esdb-wire';

export class EventStoreDbClient implements EsdbClient {
  constructor(private readonly client: EventStoreDBClient) {}

  /** e.g. `esdb://localhost:2113?tls=false`. Connects lazily: the first call reaches the server. */
  static connect(connectionString: string): EventStoreDbClient {
    return new EventStoreDbClient(EventStoreDBClient.connectionString(connectionString));
  }

  async append(streamId: string, events: WireEvent[], expected: WireExpectedRevision): Promise<WireAppendOutcome> {
    try {
      const result = await this.client.appendToStream(
        streamId,
        events.map((event) => jsonEvent(event)),
        { expectedRevision: toClientExpected(expected) },
      );
      return { ok: true, nextRevision: result.nextExpectedRevision };
    } catch (error) {
      const refused = refusedAppend(error);
      if (refused) return refused;
      throw error;
    }
  }

  async readStream(streamId: string, read: WireStreamRead): Promise<StoredRecord[]> {
    const from = read.from === 'start' ? START : read.from === 'end' ? END : read.from;
    const reading = this.client.readStream(streamId, {
      direction: read.direction === 'forwards' ? FORWARDS : BACKWARDS,
      fromRevision: from,
      maxCount: read.maxCount,
    });
    try {
      return await collectRecords(reading);
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
  }

  /** This client version has no server-side filter for reads. */
  async readAll(read: WireAllRead): Promise<StoredRecord[]> {
    const from = read.from === 'start' ? START : read.from === 'end' ? END : read.from;
    return collectRecords(
      this.client.readAll({
        direction: read.direction === 'forwards' ? FORWARDS : BACKWARDS,
        fromPosition: from,
        maxCount: read.maxCount,
      }),
    );
  }

  subscribeToAll(from: LogPosition | 'start', filter: WireFilter): WireSubscription {
    const subscription = this.client.subscribeToAll({
      fromPosition: from === 'start' ? START : from,
      filter:
        'regex' in filter ? streamNameFilter({ regex: filter.regex }) : streamNameFilter({ prefixes: filter.prefixes }),
    });
    return subscriptionOf(subscription, () => subscription.unsubscribe());
  }

  close(): Promise<void> {
    return this.client.dispose();
  }
}

/** The library's conflict as the adapter's outcome; anything else is not a refusal. */
export function refusedAppend(error: unknown): WireAppendOutcome | undefined {
  if (!(error instanceof WrongExpectedVersionError)) return undefined;
  return { ok: false, actual: error.actualVersion === NO_STREAM ? 'no_stream' : error.actualVersion };
}

function toClientExpected(expected: WireExpectedRevision): AppendExpectedRevision {
  if (expected === 'any') return ANY;
  if (expected === 'no_stream') return NO_STREAM;
  if (expected === 'stream_exists') return STREAM_EXISTS;
  return expected;
}
