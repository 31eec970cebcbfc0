// The event store's group commits on a writer thread (issue 12 item 3; opt-in, `writer: 'thread'`): the request thread posts
// each batch and is free while the thread hashes, inserts, commits and fsyncs it; the batch's
// appends are answered only from the thread's reply, i.e. after COMMIT returned (with
// synchronous=FULL, after the fsync). One batch is in flight at a time (GroupCommitQueue).
import type { Worker } from 'node:worker_threads';
import { startWorkerThread } from '@ledger/group-commit';
import { fromWire, outcomesFromWire, type WriterReply, type WriterRequest } from './append-wire';
import {
  countWritten,
  type AppendOutcome,
  type AppendRequest,
  type SqliteEventStoreStats,
} from './sqlite-batch-writer';
import type { SqliteConnectionOptions } from './sqlite-schema';

interface Pending {
  resolve(outcomes: AppendOutcome[]): void;
  reject(error: Error): void;
}

export class WorkerBatchWriter {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private readonly counters: SqliteEventStoreStats = { transactions: 0, appends: 0, events: 0 };
  private seq = 0;
  private dead: Error | null = null;
  private stopping = false;

  constructor(connection: SqliteConnectionOptions) {
    this.worker = startWorkerThread(__dirname, 'sqlite-writer-worker', connection);
    this.worker.unref(); // idle, the thread must not keep the process alive
    this.worker.on('message', (reply: WriterReply) => this.settle(reply));
    this.worker.on('error', (error) => this.die(error));
    this.worker.on('exit', (code) => this.die(new Error(`event-store writer thread exited (${code})`)));
  }

  stats(): SqliteEventStoreStats {
    return { ...this.counters };
  }

  write(batch: AppendRequest[]): Promise<AppendOutcome[]> {
    if (this.dead) return Promise.reject(this.dead);
    const seq = ++this.seq;
    const answered = new Promise<AppendOutcome[]>((resolve, reject) => this.pending.set(seq, { resolve, reject }));
    if (this.pending.size === 1) this.worker.ref(); // unanswered appends keep the process alive
    this.worker.postMessage({ seq, batch } satisfies WriterRequest);
    return answered;
  }

  /** After the queue has drained: closes the thread's connection and waits for it to end. */
  async close(): Promise<void> {
    if (this.dead || this.stopping) return;
    this.stopping = true;
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.ref();
    this.worker.postMessage({ close: true } satisfies WriterRequest);
    await exited;
  }

  private settle(reply: WriterReply): void {
    const waiting = this.pending.get(reply.seq);
    if (!waiting) return;
    this.pending.delete(reply.seq);
    if (this.pending.size === 0) this.worker.unref();
    if ('failed' in reply) return waiting.reject(fromWire(reply.failed));
    const outcomes = outcomesFromWire(reply.outcomes);
    countWritten(this.counters, outcomes);
    waiting.resolve(outcomes);
  }

  private die(error: Error): void {
    if (this.dead) return;
    this.dead = error;
    // Nothing of an unanswered batch is known to be committed: its appends fail (as when
    // COMMIT throws); a retry with the same event ids is answered from the log if it was.
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }
}
