// The one contract suite every Messaging adapter passes (in-memory, Kafka). Each test uses its
// own topics and groups, so it also runs against a shared broker.
// Imported via `@ledger/messaging/contract`, never from index.ts: it needs jest globals.
import { randomBytes } from 'node:crypto';
import { InvalidMessagingRequest } from './messaging.errors';
import type { DeliveredMessage, Messaging, OutgoingRecord, SubscribeOptions, Subscription } from './messaging.port';

export interface OpenedMessaging {
  messaging: Messaging;
  cleanup(): Promise<void>;
}

const run = randomBytes(3).toString('hex');
let counter = 0;
/** A topic or group name no other test (or concurrent run) uses. */
export function uniqueName(label: string): string {
  counter += 1;
  return `contract.${run}.${counter}.${label}`;
}

/** Polls until `check` holds; fails with `what` after the timeout. */
export async function eventually(what: string, check: () => boolean, timeoutMs = 45_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const TEST_TIMEOUT = 90_000;
const record = (topic: string, key: string, value: string, headers: Record<string, string> = {}): OutgoingRecord => ({
  topic,
  key,
  value,
  headers,
});
const text = (messages: DeliveredMessage[]): string[] => messages.map((m) => m.value.toString('utf8'));
/** First occurrences only: at-least-once allows a redelivered tail after a failure. */
const firstSeen = (values: string[]): string[] => [...new Set(values)];

export function messagingContract(adapterName: string, open: () => Promise<OpenedMessaging>): void {
  describe(`Messaging contract: ${adapterName}`, () => {
    let opened: OpenedMessaging | undefined;
    const subscriptions: Subscription[] = [];
    beforeAll(async () => {
      opened = await open();
    }, TEST_TIMEOUT);
    afterEach(async () => {
      await Promise.all(subscriptions.splice(0).map((s) => s.stop()));
    }, TEST_TIMEOUT);
    afterAll(async () => {
      await opened?.cleanup();
    }, TEST_TIMEOUT);
    const messaging = (): Messaging => {
      if (!opened) throw new Error(`the ${adapterName} messaging did not open`);
      return opened.messaging;
    };
    /** Subscribes and records every message of every batch the handler accepted. */
    const collect = async (options: SubscribeOptions, fail?: (m: DeliveredMessage) => boolean) => {
      const handled: DeliveredMessage[] = [];
      const delivered: DeliveredMessage[] = [];
      const subscription = await messaging().subscribe(options, async (batch) => {
        delivered.push(...batch.messages);
        const bad = fail && batch.messages.find(fail);
        if (bad) throw new Error(`refusing ${bad.value.toString('utf8')}`);
        handled.push(...batch.messages);
      });
      subscriptions.push(subscription);
      return { handled, delivered, subscription };
    };
    const group = (topic: string, extra: Partial<SubscribeOptions> = {}): SubscribeOptions => ({
      groupId: uniqueName('group'),
      topic,
      fromBeginning: true,
      retryDelayMs: 50,
      ...extra,
    });

    it(
      'round-trips key, value bytes and headers',
      async () => {
        const topic = uniqueName('round-trip');
        const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
        const headers = { ce_type: 'ContactRecorded', ce_id: 'e-1', position: '42', note: 'Zoë “quoted” 😀' };
        await messaging().publish([
          record(topic, 'customer-ä', '{"text":"héllo 中文"}', headers),
          { topic, key: 'customer-ä', value: bytes, headers: {} },
        ]);
        const { handled } = await collect(group(topic));
        await eventually('2 messages', () => handled.length >= 2);
        expect(handled[0]).toMatchObject({ topic, key: 'customer-ä', headers, offset: expect.any(String) });
        expect(handled[0].value.toString('utf8')).toBe('{"text":"héllo 中文"}');
        expect(handled[1].value.equals(bytes)).toBe(true);
        expect(handled[1].headers).toEqual({});
      },
      TEST_TIMEOUT,
    );

    it(
      'keeps the order of each key across partitions and publish calls',
      async () => {
        const topic = uniqueName('order');
        await messaging().ensureTopic(topic, 3);
        const keys = ['ada', 'grace', 'linus', 'barbara', 'edsger'];
        for (let round = 0; round < 4; round++) {
          const batch = keys.flatMap((key) =>
            Array.from({ length: 10 }, (_, i) => record(topic, key, `${key}:${round * 10 + i}`)),
          );
          await messaging().publish(batch);
        }
        const { handled } = await collect(group(topic));
        await eventually('200 messages', () => new Set(text(handled)).size >= 200);
        for (const key of keys) {
          const values = firstSeen(text(handled.filter((m) => m.key === key)));
          expect(values).toEqual(Array.from({ length: 40 }, (_, i) => `${key}:${i}`));
          expect(new Set(handled.filter((m) => m.key === key).map((m) => m.partition)).size).toBe(1);
        }
      },
      TEST_TIMEOUT,
    );

    it(
      'redelivers a batch whose handler failed, then moves on',
      async () => {
        const topic = uniqueName('redeliver');
        await messaging().publish(['m1', 'm2', 'm3'].map((v) => record(topic, 'k', v)));
        let failures = 0;
        const { handled, delivered } = await collect(
          group(topic),
          (m) => m.value.toString() === 'm2' && failures++ < 2,
        );
        await messaging().publish([record(topic, 'k', 'm4')]);
        await eventually('m1..m4 handled', () => firstSeen(text(handled)).length === 4);
        expect(firstSeen(text(handled))).toEqual(['m1', 'm2', 'm3', 'm4']);
        expect(text(delivered).filter((v) => v === 'm2').length).toBeGreaterThanOrEqual(3);
      },
      TEST_TIMEOUT,
    );

    it(
      'commits only after the handler resolved: a failing member leaves the messages to the next',
      async () => {
        const topic = uniqueName('commit');
        const options = group(topic);
        await messaging().publish([record(topic, 'k', 'a1'), record(topic, 'k', 'a2')]);
        const first = await collect(options);
        await eventually('a1, a2 handled', () => first.handled.length >= 2);
        await first.subscription.stop();

        await messaging().publish([record(topic, 'k', 'b1'), record(topic, 'k', 'b2')]);
        const failing = await collect(options, () => true);
        await eventually('b1 delivered to the failing member', () => failing.delivered.length >= 1);
        await failing.subscription.stop();
        expect(failing.handled).toEqual([]);

        const next = await collect(options);
        await eventually('b1, b2 handled again', () => next.handled.length >= 2);
        expect(firstSeen(text(next.handled))).toEqual(['b1', 'b2']);
      },
      TEST_TIMEOUT,
    );

    it(
      'shares partitions between the members of a group; every group gets everything',
      async () => {
        const topic = uniqueName('groups');
        await messaging().ensureTopic(topic, 4);
        const shared = group(topic);
        const a = await collect(shared);
        const b = await collect(shared);
        const other = await collect(group(topic));
        const sent: string[] = [];
        // Keys spread over the partitions; keep publishing until both members have work.
        for (let round = 0; round < 200 && (a.handled.length === 0 || b.handled.length === 0); round++) {
          const batch = Array.from({ length: 8 }, (_, i) => record(topic, `key-${round}-${i}`, `v-${round}-${i}`));
          sent.push(...batch.map((r) => String(r.value)));
          await messaging().publish(batch);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        const all = () => new Set([...text(a.handled), ...text(b.handled)]);
        await eventually('the group to handle everything', () => sent.every((v) => all().has(v)));
        await eventually('the other group to handle everything', () =>
          sent.every((v) => text(other.handled).includes(v)),
        );
        expect(a.handled.length).toBeGreaterThan(0);
        expect(b.handled.length).toBeGreaterThan(0);
        const partitionsOf = (ms: DeliveredMessage[]) => new Set(ms.map((m) => m.partition));
        expect(partitionsOf(a.handled).size + partitionsOf(b.handled).size).toBeGreaterThanOrEqual(2);
      },
      TEST_TIMEOUT,
    );

    it(
      'without fromBeginning, a new group starts after what was already published',
      async () => {
        const topic = uniqueName('latest');
        await messaging().publish([record(topic, 'k', 'old')]);
        const { handled } = await collect(group(topic, { fromBeginning: false }));
        for (let i = 0; i < 100 && handled.length === 0; i++) {
          await messaging().publish([record(topic, 'k', `new-${i}`)]);
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
        await eventually('a new message', () => handled.length > 0);
        expect(text(handled)).not.toContain('old');
      },
      TEST_TIMEOUT,
    );

    it(
      'sets a poison message aside in <topic>.dlq with the error, and carries on',
      async () => {
        const topic = uniqueName('poison');
        await messaging().publish(['ok-1', 'poison', 'ok-2'].map((v) => record(topic, 'k', v, { ce_id: v })));
        const options = group(topic, { deadLetterAfterAttempts: 2, retryDelayMs: 10 });
        const { handled } = await collect(options, (m) => m.value.toString() === 'poison');
        const dead = await collect(group(`${topic}.dlq`));
        await eventually('ok-1 and ok-2 handled', () => text(handled).includes('ok-2'));
        await eventually('the poison in the dead-letter topic', () => dead.handled.length > 0);
        expect(firstSeen(text(handled))).toEqual(['ok-1', 'ok-2']);
        expect(dead.handled[0].key).toBe('k');
        expect(dead.handled[0].value.toString()).toBe('poison');
        expect(dead.handled[0].headers).toMatchObject({
          ce_id: 'poison',
          dlq_error: 'Error: refusing poison',
          dlq_topic: topic,
          dlq_group_id: options.groupId,
          dlq_attempts: '2',
        });
      },
      TEST_TIMEOUT,
    );

    it(
      'refuses invalid records and publishes none of the call',
      async () => {
        const topic = uniqueName('invalid');
        const bad = { topic, key: 'k', value: 'x', headers: { n: 1 } } as unknown as OutgoingRecord;
        await expect(messaging().publish([record(topic, 'k', 'first'), bad])).rejects.toThrow(InvalidMessagingRequest);
        await expect(messaging().publish([record('bad topic!', 'k', 'x')])).rejects.toThrow(InvalidMessagingRequest);
        await expect(messaging().subscribe({ ...group(topic), groupId: '' }, async () => undefined)).rejects.toThrow(
          InvalidMessagingRequest,
        );
        await messaging().publish([record(topic, 'k', 'marker')]);
        const { handled } = await collect(group(topic));
        await eventually('the marker', () => handled.length > 0);
        expect(text(handled)).toEqual(['marker']);
      },
      TEST_TIMEOUT,
    );
  });
}
