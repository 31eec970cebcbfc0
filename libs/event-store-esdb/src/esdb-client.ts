// The only file that touches the EventStoreDB client library. Everything else in this adapter
// speaks the small neutral types below (bigint revisions, {commit, prepare} positions, plain
// records), so moving to the maintained successor `@kurrent/kurrentdb-client` (same gRPC API:
// KurrentDBClient, jsonEvent, streamNameFilter, WrongExpectedVersionError…) is a one-file change.
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
  type AllStreamResolvedEvent,
  type ResolvedEvent,
  type StreamingRead,
} from '@eventstore/db-client';

/** A logical position in the server's transaction log. */
export interface LogPosition {
  commit: bigint;
  prepare: bigint;
}

export type WireExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | bigint;

/** An event as handed to the server: JSON data and JSON metadata. */
export interface WireEvent {
  id: string;
  type: string;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
}

/** An event as the server returned it. */
export interface StoredRecord {
  streamId: string;
  id: string;
  type: string;
  revision: bigint;
  created: Date;
  isJson: boolean;
  data: unknown;
  metadata: unknown;
  /** Absent on stream reads from servers older than 22.6. */
  position?: LogPosition;
}

export type WireAppendOutcome = { ok: true; nextRevision: bigint } | { ok: false; actual: bigint | 'no_stream' };

export interface WireStreamRead {
  direction: 'forwards' | 'backwards';
  from: bigint | 'start' | 'end';
  maxCount: number;
}

export interface WireAllRead {
  direction: 'forwards' | 'backwards';
  from: LogPosition | 'start' | 'end';
  maxCount: number;
}

/** Server-side filter for a subscription: literal stream-name prefixes, or a stream-name regex. */
export type WireFilter = { prefixes: string[] } | { regex: string };

/** A live subscription: iterate it for records, close it to end the iteration. */
export interface WireSubscription extends AsyncIterable<StoredRecord> {
  close(): Promise<void>;
}

export class EsdbClient {
  private constructor(private readonly client: EventStoreDBClient) {}

  /** e.g. `esdb://localhost:2113?tls=false`. Connects lazily: the first call reaches the server. */
  static connect(connectionString: string): EsdbClient {
    return new EsdbClient(EventStoreDBClient.connectionString(connectionString));
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
      if (error instanceof WrongExpectedVersionError) {
        return { ok: false, actual: error.actualVersion === NO_STREAM ? 'no_stream' : error.actualVersion };
      }
      throw error;
    }
  }

  /** A stream's events; an unknown stream reads as []. */
  async readStream(streamId: string, read: WireStreamRead): Promise<StoredRecord[]> {
    const from = read.from === 'start' ? START : read.from === 'end' ? END : read.from;
    const reading = this.client.readStream(streamId, {
      direction: read.direction === 'forwards' ? FORWARDS : BACKWARDS,
      fromRevision: from,
      maxCount: read.maxCount,
    });
    try {
      return await collect(reading);
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
  }

  /** One page of $all, unfiltered: this client version has no server-side filter for reads. */
  async readAll(read: WireAllRead): Promise<StoredRecord[]> {
    const from = read.from === 'start' ? START : read.from === 'end' ? END : read.from;
    return collect(
      this.client.readAll({
        direction: read.direction === 'forwards' ? FORWARDS : BACKWARDS,
        fromPosition: from,
        maxCount: read.maxCount,
      }),
    );
  }

  /** A catch-up subscription to $all after `from`, filtered on the server by stream name. */
  subscribeToAll(from: LogPosition | 'start', filter: WireFilter): WireSubscription {
    const subscription = this.client.subscribeToAll({
      fromPosition: from === 'start' ? START : from,
      filter:
        'regex' in filter ? streamNameFilter({ regex: filter.regex }) : streamNameFilter({ prefixes: filter.prefixes }),
    });
    return {
      async *[Symbol.asyncIterator](): AsyncIterator<StoredRecord> {
        for await (const resolved of subscription) {
          const record = toRecord(resolved);
          if (record) yield record;
        }
      },
      close: () => subscription.unsubscribe(),
    };
  }

  close(): Promise<void> {
    return this.client.dispose();
  }
}

function toClientExpected(expected: WireExpectedRevision): AppendExpectedRevision {
  if (expected === 'any') return ANY;
  if (expected === 'no_stream') return NO_STREAM;
  if (expected === 'stream_exists') return STREAM_EXISTS;
  return expected;
}

async function collect(reading: StreamingRead<ResolvedEvent | AllStreamResolvedEvent>): Promise<StoredRecord[]> {
  const records: StoredRecord[] = [];
  for await (const resolved of reading) {
    const record = toRecord(resolved);
    if (record) records.push(record);
  }
  return records;
}

/** Without link resolution every entry carries its own event; one without is skipped, not guessed at. */
function toRecord(resolved: ResolvedEvent | AllStreamResolvedEvent): StoredRecord | undefined {
  const event = resolved.event;
  if (!event) return undefined;
  return {
    streamId: event.streamId,
    id: event.id,
    type: event.type,
    revision: event.revision,
    created: event.created,
    isJson: event.isJson,
    data: event.data,
    metadata: event.metadata,
    position: event.position ? { commit: event.position.commit, prepare: event.position.prepare } : undefined,
  };
}
