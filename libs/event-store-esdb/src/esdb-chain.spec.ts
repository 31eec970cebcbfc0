// The hash chain as the EventStoreDB adapter writes it, without a server: the pure linking and
// pinning rules, and the append loop against a one-stream stand-in that applies expected
// revisions as the server does and keeps JSON as the server does. What comes back through the
// adapter's own read mapping must pass the shared verifier unchanged.
import type { NewEvent, RecordedEvent } from '@ledger/domain';
import { GENESIS_HASH, verifyStreamEvents, type ExpectedRevision } from '@ledger/event-store';
import { newTestEvent, newTestEvents } from '@ledger/event-store/contract';
import { appendChained, chainEvents, planChainedAppend, type ChainedAppendIO, type ChainedEvent } from './esdb-chain';
import type { StoredRecord, WireAppendOutcome, WireEvent, WireExpectedRevision } from './esdb-client';
import { EsdbUnchainedStream } from './esdb-errors';
import { toRecordedEvent, toWireEvent } from './esdb-mapping';

const STREAM = 'customer-1';
const T0 = new Date('2026-03-01T09:00:00.000Z');

/** One stream as the server keeps it: expected revisions enforced, data and metadata stored as JSON. */
class ServerStream implements ChainedAppendIO {
  readonly records: StoredRecord[] = [];
  readonly appendCalls: WireExpectedRevision[] = [];
  clock = T0;
  /** Runs once, just before the next append is applied: another writer getting in first. */
  racer?: () => Promise<void>;

  now = (): Date => this.clock;

  async head(): Promise<RecordedEvent | undefined> {
    const last = this.records[this.records.length - 1];
    return last && toRecordedEvent(last);
  }

  async append(streamId: string, events: WireEvent[], expected: WireExpectedRevision): Promise<WireAppendOutcome> {
    this.appendCalls.push(expected);
    const racer = this.racer;
    this.racer = undefined;
    await racer?.();
    const actual = this.records.length === 0 ? 'no_stream' : BigInt(this.records.length - 1);
    const holds =
      expected === 'any' ||
      (expected === 'no_stream' && actual === 'no_stream') ||
      (expected === 'stream_exists' && actual !== 'no_stream') ||
      expected === actual;
    if (!holds) return { ok: false, actual };
    for (const event of events) {
      const revision = BigInt(this.records.length);
      const position = 1000n + revision * 100n;
      this.records.push({
        streamId,
        id: event.id,
        type: event.type,
        revision,
        // The server's own clock, deliberately different from the hashed recordedAt.
        created: new Date('2030-01-01T00:00:00.000Z'),
        isJson: true,
        data: JSON.parse(JSON.stringify(event.data)),
        metadata: JSON.parse(JSON.stringify(event.metadata)),
        position: { commit: position, prepare: position },
      });
    }
    return { ok: true, nextRevision: BigInt(this.records.length - 1) };
  }

  read(): RecordedEvent[] {
    return this.records.map(toRecordedEvent);
  }
}

/** A chained event as a store would return it once written. */
const asRecorded = ({ event, ...link }: ChainedEvent): RecordedEvent => ({
  ...event,
  ...link,
  streamId: STREAM,
  position: 1,
});

const appendTo = (stream: ServerStream, events: NewEvent[], expected: ExpectedRevision) =>
  appendChained(stream, STREAM, events, expected);

describe('chainEvents', () => {
  it('starts a stream at the genesis hash and links each event to the one before', () => {
    const links = chainEvents(STREAM, newTestEvents(3), undefined, T0);
    expect(links.map((link) => link.revision)).toEqual([0, 1, 2]);
    expect(links[0].prevHash).toBe(GENESIS_HASH);
    expect(links[1].prevHash).toBe(links[0].hash);
    expect(links[2].prevHash).toBe(links[1].hash);
    expect(links.map((link) => link.recordedAt)).toEqual(Array(3).fill(T0.toISOString()));
  });

  it("continues from the head's hash and revision", () => {
    const [head] = chainEvents(STREAM, [newTestEvent()], undefined, T0);
    const recordedHead = asRecorded(head);
    const [next] = chainEvents(STREAM, [newTestEvent()], recordedHead, T0);
    expect(next).toMatchObject({ revision: 1, prevHash: head.hash });
  });

  it("never records an event earlier than the stream's head, whatever this process's clock says", () => {
    const later = new Date(T0.getTime() + 60_000);
    const [head] = chainEvents(STREAM, [newTestEvent()], undefined, later);
    const recordedHead = asRecorded(head);
    expect(chainEvents(STREAM, [newTestEvent()], recordedHead, T0)[0].recordedAt).toBe(later.toISOString());
  });

  it('refuses to extend a stream whose head has no hash', () => {
    const head = { ...newTestEvent(), streamId: STREAM, revision: 4, position: 9, recordedAt: T0.toISOString() };
    expect(() => chainEvents(STREAM, [newTestEvent()], head, T0)).toThrow(EsdbUnchainedStream);
  });
});

describe('planChainedAppend', () => {
  const headAt = (revision: number): RecordedEvent => ({
    ...newTestEvent(),
    streamId: STREAM,
    revision,
    position: 100,
    recordedAt: T0.toISOString(),
    hash: 'a'.repeat(64),
    prevHash: GENESIS_HASH,
  });

  it.each([
    ['no_stream', undefined, 'no_stream'],
    [3, headAt(3), 3],
    ['stream_exists', headAt(3), 3],
    ['any', headAt(3), 3],
    ['any', undefined, 'no_stream'],
  ] as const)('pins %p on head %# to the revision it linked to', (expected, head, pinned) => {
    expect(planChainedAppend(STREAM, [newTestEvent()], expected, head, T0)).toMatchObject({
      kind: 'append',
      expected: pinned,
    });
  });

  it.each([
    ['no_stream', headAt(0), 0],
    [2, headAt(3), 3],
    [0, undefined, 'no_stream'],
    ['stream_exists', undefined, 'no_stream'],
  ] as const)('refuses %p when the head is %#, writing nothing', (expected, head, actual) => {
    expect(planChainedAppend(STREAM, [newTestEvent()], expected, head, T0)).toEqual({ kind: 'conflict', actual });
  });
});

describe('appendChained', () => {
  it('writes a chain that reads back through the adapter and verifies, with the hashed recordedAt', async () => {
    const stream = new ServerStream();
    await appendTo(stream, newTestEvents(2), 'no_stream');
    stream.clock = new Date(T0.getTime() + 1000);
    await appendTo(stream, newTestEvents(1), 1);
    await appendTo(stream, newTestEvents(2), 'any');

    const events = stream.read();
    expect(verifyStreamEvents(STREAM, events)).toEqual({ verified: 5, broken: null });
    expect(events.map((event) => event.recordedAt)).toEqual([
      T0.toISOString(),
      T0.toISOString(),
      ...Array(3).fill(stream.clock.toISOString()),
    ]);
  });

  it('finds an event altered in the store', async () => {
    const stream = new ServerStream();
    await appendTo(stream, newTestEvents(3), 'no_stream');
    const altered = stream.records[1];
    stream.records[1] = { ...altered, data: { ...(altered.data as object), reason: 'forged' } };
    expect(verifyStreamEvents(STREAM, stream.read()).broken).toMatchObject({ revision: 1, reason: 'content_altered' });
  });

  it("re-chains an 'any' append onto the new head when another writer got in first", async () => {
    const stream = new ServerStream();
    await appendTo(stream, newTestEvents(1), 'no_stream');
    stream.racer = async () => {
      await appendTo(stream, newTestEvents(2), 0);
    };

    const outcome = await appendTo(stream, newTestEvents(1), 'any');

    expect(outcome).toEqual({ ok: true, nextRevision: 3n });
    // Pinned to 0; the racer's own append (also 0) lands first, so ours is refused, re-read and pinned to 2.
    expect(stream.appendCalls).toEqual(['no_stream', 0n, 0n, 2n]);
    expect(verifyStreamEvents(STREAM, stream.read())).toEqual({ verified: 4, broken: null });
  });

  it('returns the conflict of an exact expectation refused by the server, without retrying', async () => {
    const stream = new ServerStream();
    await appendTo(stream, newTestEvents(1), 'no_stream');
    stream.racer = async () => {
      await appendTo(stream, newTestEvents(1), 0);
    };

    expect(await appendTo(stream, newTestEvents(1), 0)).toEqual({ ok: false, actual: 1n });
    expect(stream.appendCalls).toEqual(['no_stream', 0n, 0n]);
    expect(verifyStreamEvents(STREAM, stream.read())).toEqual({ verified: 2, broken: null });
  });

  it('answers a conflict it can see in the head without sending the append', async () => {
    const stream = new ServerStream();
    await appendTo(stream, newTestEvents(2), 'no_stream');
    expect(await appendTo(stream, newTestEvents(1), 0)).toEqual({ ok: false, actual: 1n });
    expect(await appendTo(stream, newTestEvents(1), 'no_stream')).toEqual({ ok: false, actual: 1n });
    expect(stream.appendCalls).toEqual(['no_stream']);
  });

  it('sends what toWireEvent makes of the chained events', async () => {
    const stream = new ServerStream();
    const events = newTestEvents(2);
    await appendTo(stream, events, 'no_stream');
    const expected = chainEvents(STREAM, events, undefined, T0).map(toWireEvent);
    expect(stream.records.map((record) => record.metadata)).toEqual(expected.map((wire) => wire.metadata));
  });
});
