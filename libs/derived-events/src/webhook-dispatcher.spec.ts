import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InMemoryBroker } from '@ledger/messaging';
import { DerivedEventsPublisher } from './derived-events-publisher';
import { DerivedEventStore } from './derived-event-store';
import type { DerivedEvent } from './membership-changes';
import { WebhookReceiver } from './test-support/webhook-receiver';
import { WebhookDispatcher, type DeliveryPolicy } from './webhook-dispatcher';
import { verifySignature } from './webhook-signature';

const policy: DeliveryPolicy = {
  maxAttempts: 3,
  initialBackoffMs: 1000,
  maxBackoffMs: 60_000,
  timeoutMs: 2000,
  batch: 10,
};
const entered: DerivedEvent = {
  type: 'CustomerEnteredSegment',
  data: { customerId: 'ann', segment: 'at_risk', occurredAt: '2026-12-01T00:00:00.000Z' },
};
const left: DerivedEvent = {
  type: 'CustomerLeftSegment',
  data: { customerId: 'ann', segment: 'loyal', occurredAt: '2026-12-01T00:00:00.000Z' },
};
const T0 = Date.parse('2026-12-01T00:00:00.000Z');

describe('webhook delivery', () => {
  let dir: string;
  let store: DerivedEventStore;
  let receiver: WebhookReceiver;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'webhooks-'));
    store = DerivedEventStore.open(join(dir, 'derived-events.sqlite'));
  });
  afterEach(async () => {
    await receiver?.stop();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const subscribe = (url: string, eventTypes: DerivedEvent['type'][]) =>
    store.addSubscription({
      id: 'sub-1',
      url,
      eventTypes,
      secret: 'shh-a-long-secret',
      createdAt: '2026-11-30T00:00:00Z',
    });

  it('retries a refused delivery after the backoff with the same delivery id and a valid signature', async () => {
    receiver = await WebhookReceiver.start([503, 200]);
    subscribe(receiver.url, ['CustomerEnteredSegment']);
    store.append([entered, left], '2026-12-01T00:00:00.000Z');
    // The draw of 0.5 takes half the jitter share (0.5) off 1000 ms: the first retry is due 750 ms later.
    const dispatcher = new WebhookDispatcher(store.outbox, policy, () => 0.5);

    expect(await dispatcher.deliverDue(T0)).toEqual({ delivered: 0, retried: 1, dead: 0 });
    expect(await dispatcher.deliverDue(T0 + 749)).toEqual({ delivered: 0, retried: 0, dead: 0 });
    expect(await dispatcher.deliverDue(T0 + 750)).toEqual({ delivered: 1, retried: 0, dead: 0 });

    const [first, retry] = receiver.received;
    expect(receiver.received).toHaveLength(2); // only the subscribed type was sent
    expect(retry.headers['ledger-delivery-id']).toBe(first.headers['ledger-delivery-id']);
    expect(retry.headers['ledger-event-type']).toBe('CustomerEnteredSegment');
    expect(retry.body).toBe(first.body);
    const body = JSON.parse(retry.body);
    expect(body).toMatchObject({ deliveryId: first.headers['ledger-delivery-id'], type: 'CustomerEnteredSegment' });
    expect(body.data).toEqual(entered.data);
    const now = Math.floor((T0 + 750) / 1000);
    expect(verifySignature('shh-a-long-secret', retry.headers['ledger-signature'], retry.body, now)).toBe(true);
    expect(verifySignature('another-secret', retry.headers['ledger-signature'], retry.body, now)).toBe(false);
    expect(verifySignature('shh-a-long-secret', retry.headers['ledger-signature'], `${retry.body} `, now)).toBe(false);
    expect(verifySignature('shh-a-long-secret', retry.headers['ledger-signature'], retry.body, now + 3600)).toBe(false);
    expect(store.outbox.deliveryCounts()).toEqual({ pending: 0, delivered: 1, dead: 0 });
  });

  it('dead-letters a delivery after the last attempt, backing off exponentially before it', async () => {
    receiver = await WebhookReceiver.start([500]);
    subscribe(receiver.url, ['CustomerEnteredSegment', 'CustomerLeftSegment']);
    store.append([entered], '2026-12-01T00:00:00.000Z');
    // A draw of 0 takes no jitter off: 1000 ms, then 2000 ms.
    const dispatcher = new WebhookDispatcher(store.outbox, policy, () => 0);
    expect((await dispatcher.deliverDue(T0)).retried).toBe(1);
    expect((await dispatcher.deliverDue(T0 + 999)).retried).toBe(0);
    expect((await dispatcher.deliverDue(T0 + 1000)).retried).toBe(1);
    expect((await dispatcher.deliverDue(T0 + 2999)).retried).toBe(0);
    expect(await dispatcher.deliverDue(T0 + 3000)).toEqual({ delivered: 0, retried: 0, dead: 1 });
    expect(store.outbox.deadLetters(10)).toEqual([
      expect.objectContaining({
        subscriptionId: 'sub-1',
        url: receiver.url,
        type: 'CustomerEnteredSegment',
        attempts: 3,
        lastError: 'HTTP 500',
      }),
    ]);
    expect(await dispatcher.deliverDue(T0 + 1_000_000)).toEqual({ delivered: 0, retried: 0, dead: 0 });
  });

  it('counts a refused connection as a failed attempt', async () => {
    receiver = await WebhookReceiver.start([200]);
    const url = receiver.url;
    await receiver.stop();
    subscribe(url, ['CustomerEnteredSegment']);
    store.append([entered], '2026-12-01T00:00:00.000Z');
    const round = await new WebhookDispatcher(store.outbox, policy, () => 0).deliverDue(T0);
    expect(round.retried).toBe(1);
  });
});

describe('derived events on the message bus', () => {
  it('publishes each derived event once, in order, keyed by customer, to its own topic', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'derived-bus-'));
    const store = DerivedEventStore.open(join(dir, 'derived-events.sqlite'));
    const broker = new InMemoryBroker();
    await broker.ensureTopic('crm.derived-events', 1);
    const seen: { key: string | null; type: string; position: number }[] = [];
    const subscription = await broker.subscribe(
      { groupId: 'g', topic: 'crm.derived-events', fromBeginning: true },
      async (batch) => {
        for (const m of batch.messages) seen.push({ key: m.key, ...JSON.parse(m.value.toString()) });
      },
    );
    const publisher = new DerivedEventsPublisher(store, broker, 'crm.derived-events');
    store.append([left, entered], '2026-12-01T00:00:00.000Z');
    expect(await publisher.publishPending()).toBe(2);
    expect(await publisher.publishPending()).toBe(0);
    for (let i = 0; i < 100 && seen.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    expect(seen.map(({ key, type, position }) => [key, type, position])).toEqual([
      ['ann', 'CustomerLeftSegment', 1],
      ['ann', 'CustomerEnteredSegment', 2],
    ]);
    await subscription.stop();
    await broker.close();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
