// Group commit: requests made in the same turn of the event loop are written together, in one
// transaction and so one fsync, by a flush scheduled with setImmediate. Each request keeps its
// own outcome: the writer reports one per request, and only a committed write settles a promise.
// Shared by the event store (appends) and the key store (new customer keys).
// A writer may answer asynchronously (the event store's writer thread commits and fsyncs off the
// event loop): then one batch is written at a time, and the next takes everything that arrived
// meanwhile, as when the fsync blocked the loop (writing it at once halved group sizes and cost
// CPU per group: docs/benchmarks.md, issue 12).

export type Outcome<R> = { ok: true; result: R } | { ok: false; error: unknown };

/**
 * Writes and commits a batch; returns one outcome per request (or a promise of them), or throws
 * (rejects) if nothing committed.
 */
export type BatchWriter<Q, R> = (batch: Q[]) => Outcome<R>[] | Promise<Outcome<R>[]>;

interface Pending<Q, R> {
  request: Q;
  resolve(result: R): void;
  reject(error: unknown): void;
}

export class GroupCommitQueue<Q, R> {
  private pending: Pending<Q, R>[] = [];
  private scheduled: NodeJS.Immediate | undefined;
  /** The asynchronous batch being written, if any. */
  private running: Promise<void> | null = null;

  constructor(
    private readonly write: BatchWriter<Q, R>,
    private readonly maxBatch: number,
  ) {
    if (!Number.isSafeInteger(maxBatch) || maxBatch < 1) throw new RangeError('maxBatch must be a positive integer');
  }

  enqueue(request: Q): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ request, resolve, reject });
      this.scheduled ??= setImmediate(() => this.flushScheduled());
    });
  }

  /** Writes everything still queued, now (used by close() with a synchronous writer). */
  flushAll(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    while (this.pending.length > 0 && !this.running) this.flushOne();
  }

  /** Writes everything still queued and waits until every request is answered (any writer). */
  async drain(): Promise<void> {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    while (this.running || this.pending.length > 0) {
      if (this.running) await this.running;
      else this.flushOne();
    }
  }

  private flushScheduled(): void {
    this.scheduled = undefined;
    if (this.running) return; // resumed when the running batch is answered
    this.flushOne();
    // Leftovers beyond maxBatch go in the next turn, so reads and I/O are not starved meanwhile.
    if (this.pending.length > 0 && !this.running) this.scheduled = setImmediate(() => this.flushScheduled());
  }

  private flushOne(): void {
    const batch = this.pending.splice(0, this.maxBatch);
    let outcomes: Outcome<R>[] | Promise<Outcome<R>[]>;
    try {
      outcomes = this.write(batch.map((p) => p.request));
    } catch (error) {
      // The transaction did not commit: none of the batch was written.
      for (const p of batch) p.reject(error);
      return;
    }
    if (!Array.isArray(outcomes)) {
      this.running = Promise.resolve(outcomes)
        .then(
          (answered) => this.settle(batch, answered),
          (error: unknown) => batch.forEach((p) => p.reject(error)),
        )
        .finally(() => {
          this.running = null;
          if (this.pending.length > 0) this.scheduled ??= setImmediate(() => this.flushScheduled());
        });
      return;
    }
    this.settle(batch, outcomes);
  }

  private settle(batch: Pending<Q, R>[], outcomes: Outcome<R>[]): void {
    batch.forEach((p, i) => {
      const outcome = outcomes[i];
      if (outcome.ok) p.resolve(outcome.result);
      else p.reject(outcome.error);
    });
  }
}
