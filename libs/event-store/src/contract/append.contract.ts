// Contract cases for append: expected-revision semantics, atomicity, concurrency, and what
// the store adds to an event (revision, position, recordedAt) versus what it keeps verbatim.
import type { NewEvent, RecordedEvent } from '@ledger/domain';
import type { EventStore, ExpectedRevision } from '../event-store.port';
import { newTestEvent, newTestEvents, uniqueStreamPrefix } from '../test-support/event-factory';
import {
  expectConflict,
  expectNotStored,
  expectStrictlyIncreasing,
  expectVersionMismatch,
  rejectionOf,
} from './expectations';

export function appendContract(store: () => EventStore): void {
  let prefix = '';
  beforeEach(() => {
    prefix = uniqueStreamPrefix();
  });
  const stream = (name = 'customer-1'): string => `${prefix}${name}`;

  it("creates a stream with 'no_stream'; revisions are 0-based", async () => {
    const events = newTestEvents(2);
    const result = await store().append(stream(), events, 'no_stream');

    expect(result).toEqual({
      streamId: stream(),
      nextExpectedRevision: 1,
      positions: expect.any(Array),
      deduplicated: false,
    });
    expect(result.positions).toHaveLength(2);
    expectStrictlyIncreasing(result.positions);
    const stored = await store().readStream(stream());
    expect(stored.map((e) => [e.streamId, e.revision, e.eventId, e.position])).toEqual([
      [stream(), 0, events[0].eventId, result.positions[0]],
      [stream(), 1, events[1].eventId, result.positions[1]],
    ]);
    expect(await store().streamRevision(stream())).toBe(1);
  });

  it('gives later appends higher global positions, across streams', async () => {
    const first = await store().append(stream('customer-a'), newTestEvents(2), 'no_stream');
    const second = await store().append(stream('customer-b'), newTestEvents(1), 'no_stream');
    expectStrictlyIncreasing([...first.positions, ...second.positions]);
  });

  it('appends when the expected revision is the current revision', async () => {
    await store().append(stream(), newTestEvents(1), 'no_stream');
    const second = await store().append(stream(), newTestEvents(2), 0);
    const third = await store().append(stream(), newTestEvents(1), second.nextExpectedRevision);
    expect([second.nextExpectedRevision, third.nextExpectedRevision]).toEqual([2, 3]);
    expect((await store().readStream(stream())).map((e) => e.revision)).toEqual([0, 1, 2, 3]);
  });

  it("'stream_exists' appends to an existing stream and refuses a missing one", async () => {
    await expectVersionMismatch(
      store().append(stream(), newTestEvents(1), 'stream_exists'),
      stream(),
      'stream_exists',
      'no_stream',
    );
    await store().append(stream(), newTestEvents(1), 'no_stream');
    const result = await store().append(stream(), newTestEvents(1), 'stream_exists');
    expect(result.nextExpectedRevision).toBe(1);
  });

  it("'any' appends whether or not the stream exists", async () => {
    expect((await store().append(stream(), newTestEvents(1), 'any')).nextExpectedRevision).toBe(0);
    expect((await store().append(stream(), newTestEvents(2), 'any')).nextExpectedRevision).toBe(2);
  });

  const conflicts: Array<[string, number, Exclude<ExpectedRevision, 'any'>, number | 'no_stream']> = [
    ["'no_stream' on an existing stream", 1, 'no_stream', 0],
    ['a revision on a missing stream', 0, 0, 'no_stream'],
    ['a stale revision', 3, 1, 2],
    ['a revision ahead of the stream', 1, 5, 0],
    ["'stream_exists' on a missing stream", 0, 'stream_exists', 'no_stream'],
  ];
  it.each(conflicts)(
    'rejects %s with ExpectedVersionMismatch and writes nothing',
    async (_, existing, expected, actual) => {
      if (existing > 0) await store().append(stream(), newTestEvents(existing), 'no_stream');
      const before = await store().readStream(stream());
      const refused = newTestEvents(2);

      await expectVersionMismatch(store().append(stream(), refused, expected), stream(), expected, actual);

      expect(await store().readStream(stream())).toEqual(before);
      await expectNotStored(
        store(),
        refused.map((e) => e.eventId),
      );
    },
  );

  it('appends several events atomically and contiguously in the global log', async () => {
    const head = await store().headPosition();
    const result = await store().append(stream(), newTestEvents(3), 'no_stream');
    const [first, last] = [result.positions[0], result.positions[2]];
    const log = await store().readAll({ fromPosition: head });
    const between = log.filter((e) => e.position >= first && e.position <= last);
    expect(between.map((e) => e.position)).toEqual(result.positions);
  });

  it('writes none of an append that fails part-way through', async () => {
    const elsewhere = newTestEvent();
    await store().append(stream('customer-other'), [elsewhere], 'no_stream');
    const fresh = [newTestEvent(), newTestEvent()];

    await expectConflict(store().append(stream(), [fresh[0], elsewhere, fresh[1]], 'no_stream'));

    expect(await store().streamRevision(stream())).toBe('no_stream');
    await expectNotStored(
      store(),
      fresh.map((e) => e.eventId),
    );
  });

  it('rejects an empty append and creates nothing', async () => {
    await rejectionOf(store().append(stream(), [], 'no_stream'));
    expect(await store().streamRevision(stream())).toBe('no_stream');
  });

  it('rejects an event without data or metadata (it could not be verified read back) and writes none of the append', async () => {
    const fresh = newTestEvent();
    for (const member of ['data', 'metadata'] as const) {
      const without = { ...newTestEvent(), [member]: undefined } as unknown as NewEvent;
      await rejectionOf(store().append(stream(), [fresh, without], 'no_stream'));
    }
    expect(await store().streamRevision(stream())).toBe('no_stream');
    await expectNotStored(store(), [fresh.eventId]);
  });

  it('lets exactly one of many concurrent appends with the same expected revision win', async () => {
    await store().append(stream(), newTestEvents(1), 'no_stream');
    const attempts = Array.from({ length: 10 }, () => newTestEvents(2));
    const outcomes = await Promise.allSettled(attempts.map((events) => store().append(stream(), events, 0)));

    const winners = outcomes.flatMap((o, i) => (o.status === 'fulfilled' ? [attempts[i]] : []));
    expect(winners).toHaveLength(1);
    const stored = await store().readStream(stream());
    expect(stored.slice(1).map((e) => e.eventId)).toEqual(winners[0].map((e) => e.eventId));
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected')
        expect(outcome.reason).toMatchObject({ code: 'EXPECTED_VERSION_MISMATCH', actual: 2 });
    }
  });

  it('sets recordedAt itself, as an ISO-8601 UTC instant of the append', async () => {
    const before = Date.now();
    await store().append(stream(), newTestEvents(1), 'no_stream');
    const [event] = await store().readStream(stream());
    expect(event.recordedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    // Generous bounds: a shared server's clock may drift from the test machine's.
    expect(Math.abs(Date.parse(event.recordedAt) - before)).toBeLessThan(60 * 60 * 1000);
  });

  it('round-trips type, schemaVersion, data and metadata exactly', async () => {
    const event: NewEvent = {
      eventId: newTestEvent().eventId,
      type: 'PurchaseRecorded',
      schemaVersion: 3,
      data: {
        customerId: 'Zoë-🚀',
        orderId: 'o\'1 "quoted" \\ back\nslash',
        lines: [
          { sku: 'ESP-100', quantity: 2, unitPrice: 199.99, category: 'espresso-machine' },
          { sku: 'BEAN-1KG', quantity: 1, unitPrice: 0.1 },
        ],
        amount: 400.08,
        currency: 'EUR',
        channel: 'web',
        occurredAt: '2025-12-31T23:59:59.999Z',
      },
      metadata: {
        commandId: 'cmd-1',
        correlationId: 'corr-1',
        causationId: 'cause-1',
        actor: 'channel:web-shop',
        channel: 'web',
        requestHash: 'sha256:abc',
      },
    };
    const { positions } = await store().append(stream(), [event], 'no_stream');
    const expected = {
      ...event,
      streamId: stream(),
      revision: 0,
      position: positions[0],
      recordedAt: expect.any(String),
    };

    // hash/prevHash are optional in the port (adapters that chain add them); the rest is exact.
    const unchained = (e: RecordedEvent | null | undefined) => {
      const { hash: _hash, prevHash: _prevHash, ...rest } = e ?? ({} as RecordedEvent);
      return rest;
    };
    expect(unchained((await store().readStream(stream()))[0])).toStrictEqual(expected);
    expect(unchained(await store().readEvent(event.eventId))).toStrictEqual(expected);
    expect(unchained((await store().readAll({ fromPosition: positions[0] - 1, maxCount: 1 }))[0])).toStrictEqual(
      expected,
    );
  });
}
