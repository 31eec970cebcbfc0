// One live projection thread (live-thread.ts) seen from the main thread: what the read models on
// it stage for a batch goes out as one message once every read model has it (postMessage costs
// the busy request thread tens of microseconds each), the flushes asked for in one go as one
// message, answered by one reply; batches in flight are bounded (backpressure).
import type { Worker } from 'node:worker_threads';
import type { RecordedEvent } from '@ledger/domain';
import { startWorkerThread } from '@ledger/group-commit';
import type { ProjectedDocument } from '@ledger/projections';
import type { LiveFlushed, LiveReply, LiveRequest, LiveStage } from './live-thread';
import { ProjectionThreadLost } from './projection-worker';

/** Batches a thread may have queued and not yet applied: bounds memory, keeps it busy. */
const IN_FLIGHT = 8;

export class LiveThread {
  private readonly worker: Worker;
  private inFlight = 0;
  private readonly roomWaiters: (() => void)[] = [];
  /** The batch being staged: its JSON and what each read model on this thread takes of it. */
  private pending: { events: readonly RecordedEvent[]; json: string; stages: LiveStage[] } | null = null;
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

  /** Posts the batch being staged (the feed has handed it to every read model). */
  send(): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = null;
    this.post({ kind: 'batch', events: pending.json, stages: pending.stages });
    this.inFlight += 1;
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
    this.send();
    this.post({ kind: 'flush', targets });
  }

  private alive(): void {
    if (this.dead) throw new ProjectionThreadLost(this.dead);
  }

  private post(request: LiveRequest): void {
    this.alive();
    if (request.kind !== 'batch') this.send();
    this.worker.postMessage(request);
  }

  private die(error: Error): void {
    if (this.closing || this.dead) return;
    this.dead = error;
    this.pending = null;
    this.flushQueue = [];
    for (const answer of this.answers.splice(0)) answer.reject(new ProjectionThreadLost(error));
    for (const room of this.roomWaiters.splice(0)) room();
  }
}
