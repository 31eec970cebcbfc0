// One live projection thread (live-thread.ts) seen from the main thread. Caught up, the feed reads
// a small batch per group commit, and each message and its reply cost the busy request thread
// more than the events in it: a batch goes out at once while the thread has little queued, and
// otherwise waits for the thread's next reply to go out with the batches staged meanwhile (or
// for SEND_EVENTS of them). The flushes asked for in one go go out as one message, answered by
// one reply; messages in flight are bounded (backpressure).
import type { Worker } from 'node:worker_threads';
import type { RecordedEvent } from '@ledger/domain';
import { startWorkerThread } from '@ledger/group-commit';
import type { ProjectedDocument } from '@ledger/projections';
import type { LiveFlushed, LiveReply, LiveRequest, LiveStage } from './live-thread';
import { ProjectionThreadLost } from './projection-worker';

/** Messages of batches a thread may have queued and not yet applied: bounds memory, keeps it busy. */
const IN_FLIGHT = 8;
/** With this many messages queued at the thread, staged batches wait for its next reply... */
const QUEUED = 2;
/** ...unless they hold this many events. */
const SEND_EVENTS = 1000;

type Batch = { events: string; stages: LiveStage[] };

export class LiveThread {
  private readonly worker: Worker;
  private inFlight = 0;
  private readonly roomWaiters: (() => void)[] = [];
  /** The batch being staged: its JSON and what each read model on this thread takes of it. */
  private pending: { events: readonly RecordedEvent[]; json: string; stages: LiveStage[] } | null = null;
  /** Batches every read model has, waiting to be posted together. */
  private outbox: Batch[] = [];
  private outboxEvents = 0;
  /** Flushes asked for and not yet posted (posted together at the end of the current task). */
  private flushQueue: string[] = [];
  /** Flushes posted or queued, answered in this order. */
  private readonly answers: { resolve(result: LiveFlushed): void; reject(error: Error): void }[] = [];
  dead: Error | null = null;
  private closing = false;

  constructor() {
    this.worker = startWorkerThread(__dirname, 'live-thread', {});
    // The feed's shutdown ends it; an idle thread must not keep the process alive on its own.
    this.worker.unref();
    this.worker.on('message', (reply: LiveReply) => {
      if (reply.kind === 'staged') {
        this.inFlight -= 1;
        this.roomWaiters.shift()?.();
        this.postOutbox();
      } else for (const result of reply.results) this.answers.shift()?.resolve(result);
    });
    this.worker.on('error', (error) => this.die(error));
    this.worker.on('exit', (code) => this.die(new Error(`a live projection thread exited (${code})`)));
  }

  attach(target: string, projection: string, checkpoint: number): void {
    this.post({ kind: 'attach', target, projection, checkpoint });
  }

  detach(target: string): void {
    if (!this.dead && !this.closing) this.post({ kind: 'detach', target });
  }

  /** Adds one read model's share of a batch; the batch goes out at send() (or before anything else). */
  async stage(
    events: readonly RecordedEvent[],
    json: () => string,
    target: string,
    documents: ProjectedDocument[],
  ): Promise<void> {
    if (this.pending && this.pending.events !== events) this.send();
    while (!this.pending && this.inFlight >= IN_FLIGHT && !this.dead) {
      await new Promise<void>((room) => this.roomWaiters.push(room));
    }
    this.alive();
    if (this.pending?.events !== events) {
      this.send();
      this.pending = { events, json: json(), stages: [] };
    }
    this.pending.stages.push({ target, documents });
  }

  /** The feed has handed the batch being staged to every read model: it goes out soon. */
  send(): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = null;
    this.outbox.push({ events: pending.json, stages: pending.stages });
    this.outboxEvents += pending.events.length;
    // Otherwise the thread's next reply, a flush or anything else posted takes the outbox along.
    if (this.inFlight < QUEUED || this.outboxEvents >= SEND_EVENTS) this.postOutbox();
  }

  flush(target: string): Promise<LiveFlushed> {
    this.alive();
    // A flush round asks every read model at once (LogFeed.flushAll): one message for them all.
    if (this.flushQueue.length === 0) queueMicrotask(() => this.sendFlushes());
    this.flushQueue.push(target);
    return new Promise((resolve, reject) => this.answers.push({ resolve, reject }));
  }

  async stop(): Promise<void> {
    this.closing = true;
    await this.worker.terminate();
  }

  private sendFlushes(): void {
    const targets = this.flushQueue;
    this.flushQueue = [];
    // Dead meanwhile: die() has rejected them.
    if (this.dead || this.closing) return;
    this.post({ kind: 'flush', targets });
  }

  private alive(): void {
    if (this.dead) throw new ProjectionThreadLost(this.dead);
  }

  private postOutbox(): void {
    if (this.outbox.length === 0 || this.dead || this.closing) return;
    const batches = this.outbox;
    this.outbox = [];
    this.outboxEvents = 0;
    this.worker.postMessage({ kind: 'batches', batches } satisfies LiveRequest);
    this.inFlight += 1;
  }

  /** Anything else goes after every batch staged so far. */
  private post(request: LiveRequest): void {
    this.alive();
    this.send();
    this.postOutbox();
    this.worker.postMessage(request);
  }

  private die(error: Error): void {
    if (this.closing || this.dead) return;
    this.dead = error;
    this.pending = null;
    this.outbox = [];
    this.flushQueue = [];
    for (const answer of this.answers.splice(0)) answer.reject(new ProjectionThreadLost(error));
    for (const room of this.roomWaiters.splice(0)) room();
  }
}
