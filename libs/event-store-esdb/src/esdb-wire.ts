// The neutral types the adapter speaks (bigint revisions, {commit, prepare} positions, plain
// records) and the client interface both client libraries are bound to (esdb-client.ts picks
// one). Nothing here imports a client library, so the rest of the adapter never depends on one.

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

/** What the adapter needs from a server; one binding per client library. */
export interface EsdbClient {
  /** A refused expected revision is an outcome, not an error. */
  append(streamId: string, events: WireEvent[], expected: WireExpectedRevision): Promise<WireAppendOutcome>;
  /** A stream's events; an unknown stream reads as []. */
  readStream(streamId: string, read: WireStreamRead): Promise<StoredRecord[]>;
  /** One page of $all, unfiltered (filtering is the adapter's, the same for both libraries). */
  readAll(read: WireAllRead): Promise<StoredRecord[]>;
  /** A catch-up subscription to $all after `from`, filtered on the server by stream name. */
  subscribeToAll(from: LogPosition | 'start', filter: WireFilter): WireSubscription;
  close(): Promise<void>;
}

/** The shape both libraries give a read or subscription entry (structurally the same type). */
export interface ResolvedLike {
  event?: {
    streamId: string;
    id: string;
    type: string;
    revision: bigint;
    created: Date;
    isJson: boolean;
    data: unknown;
    metadata: unknown;
    position?: { commit: bigint; prepare: bigint };
  };
}

/** Without link resolution every entry carries its own event; one without is skipped, not guessed at. */
export function toStoredRecord(resolved: ResolvedLike): StoredRecord | undefined {
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

export async function collectRecords(reading: AsyncIterable<ResolvedLike>): Promise<StoredRecord[]> {
  const records: StoredRecord[] = [];
  for await (const resolved of reading) {
    const record = toStoredRecord(resolved);
    if (record) records.push(record);
  }
  return records;
}

export function subscriptionOf(
  entries: AsyncIterable<ResolvedLike>,
  unsubscribe: () => Promise<void>,
): WireSubscription {
  return {
    async *[Symbol.asyncIterator](): AsyncIterator<StoredRecord> {
      for await (const resolved of entries) {
        const record = toStoredRecord(resolved);
        if (record) yield record;
      }
    },
    close: unsubscribe,
  };
}
