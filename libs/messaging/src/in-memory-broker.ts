// An in-process broker with Kafka's semantics where the port relies on them: partitioned
// topics (key → partition), consumer groups that share partitions, offsets committed only
// after the handler resolved. For tests and one-process setups; nothing survives the process.
import { deliverBatch } from './delivery';
import { MessagingClosed } from './messaging.errors';
import type {
  BatchHandler,
  DeliveredMessage,
  Messaging,
  OutgoingRecord,
  SubscribeOptions,
  Subscription,
} from './messaging.port';
import { validatePartitions, validateRecords, validateSubscription, validateTopic } from './messaging.rules';

export interface InMemoryBrokerOptions {
  /** Partitions of a topic created implicitly (by publishing or subscribing). Default 1. */
  defaultPartitions?: number;
  /** Most messages handed to a handler at once. Default 100. */
  maxBatchSize?: number;
}

type Partition = DeliveredMessage[];

interface Group {
  /** Next offset to deliver, per `topic/partition`. */
  committed: Map<string, number>;
  /** Partitions being handled right now: never two members at once, as in Kafka. */
  busy: Set<string>;
  members: Member[];
}

/** FNV-1a: a stable key → partition mapping (Kafka uses murmur2; only stability matters here). */
function partitionFor(key: string, partitions: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % partitions;
}

class Member implements Subscription {
  running = true;
  private wake: (() => void) | undefined;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly broker: InMemoryBroker,
    private readonly group: Group,
    readonly options: SubscribeOptions,
    private readonly handler: BatchHandler,
  ) {}

  start(): void {
    this.loop = this.run();
  }

  notify(): void {
    this.wake?.();
  }

  async stop(): Promise<void> {
    if (!this.running) return this.loop;
    this.running = false;
    this.group.members = this.group.members.filter((member) => member !== this);
    this.broker.notifyAll();
    this.notify();
    await this.loop;
  }

  /** Round-robin by join order over the group's current members (a rebalance on every change). */
  private assigned(partitions: number): number[] {
    const index = this.group.members.indexOf(this);
    const size = this.group.members.length;
    return index < 0 ? [] : Array.from({ length: partitions }, (_, p) => p).filter((p) => p % size === index);
  }

  private async run(): Promise<void> {
    while (this.running) {
      const waiting = new Promise<void>((resolve) => (this.wake = resolve));
      if (!(await this.pumpOnce())) await waiting;
    }
  }

  /** Handles at most one batch per assigned partition; true when anything was handled. */
  private async pumpOnce(): Promise<boolean> {
    const { topic } = this.options;
    const log = this.broker.partitions(topic);
    let handled = false;
    for (const partition of this.assigned(log.length)) {
      const slot = `${topic}/${partition}`;
      const from = this.group.committed.get(slot) ?? 0;
      if (!this.running || this.group.busy.has(slot) || from >= log[partition].length) continue;
      this.group.busy.add(slot);
      try {
        const messages = log[partition].slice(from, from + this.broker.maxBatchSize);
        const batch = { topic, partition, messages, heartbeat: async () => undefined };
        const commit = await deliverBatch(batch, this.handler, {
          options: this.options,
          isRunning: () => this.running && !this.broker.closed,
          publish: (records) => this.broker.publish(records),
        });
        if (commit) this.group.committed.set(slot, from + messages.length);
        handled = true;
      } finally {
        this.group.busy.delete(slot);
      }
      // Another member may have been waiting for this partition after a rebalance.
      this.broker.notifyAll();
    }
    return handled;
  }
}

export class InMemoryBroker implements Messaging {
  closed = false;
  readonly maxBatchSize: number;
  private readonly defaultPartitions: number;
  private readonly topics = new Map<string, Partition[]>();
  private readonly groups = new Map<string, Group>();

  constructor(options: InMemoryBrokerOptions = {}) {
    this.defaultPartitions = options.defaultPartitions ?? 1;
    this.maxBatchSize = options.maxBatchSize ?? 100;
    validatePartitions(this.defaultPartitions);
  }

  async ensureTopic(topic: string, partitions: number): Promise<void> {
    this.open();
    validateTopic(topic);
    validatePartitions(partitions);
    if (!this.topics.has(topic))
      this.topics.set(
        topic,
        Array.from({ length: partitions }, () => []),
      );
  }

  /** The topic's partitions, created with the default count on first use (auto-creation). */
  partitions(topic: string): Partition[] {
    let log = this.topics.get(topic);
    if (!log) {
      log = Array.from({ length: this.defaultPartitions }, () => []);
      this.topics.set(topic, log);
    }
    return log;
  }

  async publish(records: OutgoingRecord[]): Promise<void> {
    this.open();
    validateRecords(records);
    for (const record of records) {
      const log = this.partitions(record.topic);
      const partition = partitionFor(record.key, log.length);
      log[partition].push({
        topic: record.topic,
        partition,
        offset: String(log[partition].length),
        key: record.key,
        // Copies, as a real broker would hold: the publisher may reuse its buffers.
        value: Buffer.from(record.value),
        headers: { ...record.headers },
      });
    }
    this.notifyAll();
  }

  async subscribe(options: SubscribeOptions, handler: BatchHandler): Promise<Subscription> {
    this.open();
    validateSubscription(options);
    const group: Group = this.groups.get(options.groupId) ?? { committed: new Map(), busy: new Set(), members: [] };
    this.groups.set(options.groupId, group);
    const log = this.partitions(options.topic);
    // A group's first subscription to a topic starts at the end unless asked for the beginning.
    log.forEach((messages, partition) => {
      const slot = `${options.topic}/${partition}`;
      if (!group.committed.has(slot)) group.committed.set(slot, options.fromBeginning ? 0 : messages.length);
    });
    const member = new Member(this, group, options, handler);
    group.members.push(member);
    member.start();
    this.notifyAll();
    return member;
  }

  notifyAll(): void {
    for (const group of this.groups.values()) for (const member of group.members) member.notify();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const members = [...this.groups.values()].flatMap((group) => group.members);
    await Promise.all(members.map((member) => member.stop()));
  }

  private open(): void {
    if (this.closed) throw new MessagingClosed();
  }
}
