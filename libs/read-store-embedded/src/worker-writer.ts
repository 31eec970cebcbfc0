// The read store's writer on a worker thread (issue 12): SQLite's upserts, COMMIT and WAL writes
// of the projection flushes used a quarter of the request thread; here the request thread only
// serialises the documents and posts them. The queue is bounded: past MAX_PENDING operations or
// MAX_PENDING_BYTES of JSON a write waits for room, so a burst cannot pile up unwritten memory.
import type { Worker } from 'node:worker_threads';
import { startWorkerThread } from '@ledger/group-commit';
import type { ReadTablesWriter, WriteOp } from './read-tables-writer';
import type { WriterData, WriterReply, WriterRequest } from './read-tables-worker';

const MAX_PENDING = 64;
const MAX_PENDING_BYTES = 64 * 1024 * 1024;

/** A write the read store's file did not take; `code` is SQLite's when SQLite refused it. */
export class ReadStoreWriteFailed extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'ReadStoreWriteFailed';
  }
}

interface Pending {
  resolve(): void;
  reject(error: Error): void;
  bytes: number;
}

function sizeOf(op: WriteOp): number {
  return op.kind === 'commit' ? op.rows.reduce((sum, row) => sum + row.body.length, 0) : 0;
}

export class WorkerWriter implements ReadTablesWriter {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private pendingBytes = 0;
  private seq = 0;
  /** Failures the worker has reported; posted with every operation (see read-tables-worker.ts). */
  private failures = 0;
  /** Set when the thread itself died: nothing can be written any more. */
  private dead: Error | null = null;
  private closing: Promise<void> | null = null;
  private roomWaiters: (() => void)[] = [];
  /** close() waiting for the next settlement. */
  private settledWaiters: (() => void)[] = [];
  /** Writes waiting for room in the queue. */
  private waiting = 0;

  constructor(
    data: WriterData,
    /** Told of every failed write, before its caller (the store resets its memory to the file). */
    private readonly onFailure: () => void,
  ) {
    this.worker = startWorkerThread(__dirname, 'read-tables-worker', data);
    // Idle, the thread must not keep the process alive (a plain connection never did).
    this.worker.unref();
    this.worker.on('message', (reply: WriterReply) => this.settle(reply));
    this.worker.on('error', (error) => this.die(error));
    this.worker.on('exit', (code) => this.die(new ReadStoreWriteFailed(`read-store writer thread exited (${code})`)));
  }

  /** Writes posted to the thread and not yet settled. */
  get queued(): number {
    return this.pending.size;
  }

  async write(op: WriteOp): Promise<void> {
    if (this.closing) throw new ReadStoreWriteFailed('the read store is closing');
    const bytes = sizeOf(op);
    this.waiting += 1;
    try {
      while (!this.dead && this.full(bytes)) await new Promise<void>((wake) => this.roomWaiters.push(wake));
    } finally {
      this.waiting -= 1;
    }
    if (this.dead) throw this.dead;
    const seq = ++this.seq;
    const done = new Promise<void>((resolve, reject) => this.pending.set(seq, { resolve, reject, bytes }));
    this.pendingBytes += bytes;
    if (this.pending.size === 1) this.worker.ref(); // unwritten work keeps the process alive
    this.worker.postMessage({ seq, seenFailures: this.failures, op } satisfies WriterRequest);
    return done;
  }

  /** Refuses new writes, lets those accepted (or waiting for room) finish, then stops the thread. */
  close(): Promise<void> {
    this.closing ??= this.drainAndStop();
    return this.closing;
  }

  private full(bytes: number): boolean {
    if (this.pending.size === 0) return false; // one oversized operation still goes through alone
    return this.pending.size >= MAX_PENDING || this.pendingBytes + bytes > MAX_PENDING_BYTES;
  }

  private async drainAndStop(): Promise<void> {
    while ((this.pending.size > 0 || this.waiting > 0) && !this.dead) {
      await new Promise<void>((settled) => this.settledWaiters.push(settled));
    }
    if (this.dead) return;
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.ref();
    this.worker.postMessage({ close: true } satisfies WriterRequest);
    await exited;
  }

  private wake(): void {
    this.roomWaiters.shift()?.();
    for (const settled of this.settledWaiters.splice(0)) settled();
  }

  private settle(reply: WriterReply): void {
    const waiting = this.pending.get(reply.seq);
    if (!waiting) return;
    this.pending.delete(reply.seq);
    this.pendingBytes -= waiting.bytes;
    if (this.pending.size === 0 && !this.closing) this.worker.unref();
    this.wake();
    if (reply.ok) return waiting.resolve();
    if (reply.failures > this.failures) {
      this.failures = reply.failures;
      this.onFailure();
    }
    waiting.reject(new ReadStoreWriteFailed(reply.message, reply.code));
  }

  private die(error: Error): void {
    if (this.dead) return;
    this.dead = error instanceof ReadStoreWriteFailed ? error : new ReadStoreWriteFailed(error.message);
    if (this.closing && this.pending.size === 0) return; // the orderly exit after close()
    for (const waiting of this.pending.values()) waiting.reject(this.dead);
    this.pending.clear();
    for (const wake of this.roomWaiters.splice(0)) wake();
    for (const settled of this.settledWaiters.splice(0)) settled();
    this.onFailure();
  }
}
