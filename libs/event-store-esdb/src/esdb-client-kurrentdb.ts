// Binding of the adapter's client interface to `@kurrent/kurrentdb-client`, the maintained
// successor of `@eventstore/db-client` (same gRPC protocol; it talks to KurrentDB 25+ and to
// EventStoreDB 24.x servers). Differences it absorbs: the expected revision is `streamState`,
// a conflict's actual revision is `actualState`.
import {
  ANY,
  BACKWARDS,
  END,
  FORWARDS,
  KurrentDBClient,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  WrongExpectedVersionError,
  jsonEvent,
  streamNameFilter,
  type AppendStreamState,
} from '@kurrent/kurrentdb-client';
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

export class KurrentDbClient implements EsdbClient {
  constructor(private readonly client: KurrentDBClient) {}

  /** e.g. `kurrentdb://localhost:2113?tls=false`. Connects lazily: the first call reaches the server. */
  static connect(connectionString: string): KurrentDbClient {
    return new KurrentDbClient(KurrentDBClient.connectionString(connectionString));
  }

  async append(streamId: string, events: WireEvent[], expected: WireExpectedRevision): Promise<WireAppendOutcome> {
    try {
      const result = await this.client.appendToStream(
        streamId,
        events.map((event) => jsonEvent(event)),
        { streamState: toStreamState(expected) },
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

  /** Unfiltered like the older binding, so both page through $all the same way (docs/eventstoredb.md). */
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
  return { ok: false, actual: error.actualState === NO_STREAM ? 'no_stream' : error.actualState };
}

function toStreamState(expected: WireExpectedRevision): AppendStreamState {
  if (expected === 'any') return ANY;
  if (expected === 'no_stream') return NO_STREAM;
  if (expected === 'stream_exists') return STREAM_EXISTS;
  return expected;
}
