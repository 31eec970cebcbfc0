// Group commit: appends made in the same turn of the event loop are written together, in one
// transaction and so one fsync, by a flush scheduled with setImmediate. Each append keeps its
// own outcome: the writer reports one per request, and only COMMIT settles the promises.
import type { NewEvent } from '@ledger/domain';
import type { AppendResult, ExpectedRevision } from '@ledger/event-store';

export interface AppendRequest {
  streamId: string;
  events: NewEvent[];
  expected: ExpectedRevision;
}

export type AppendOutcome = { ok: true; result: AppendResult } | { ok: false; error: unknown };

/** Writes and commits a batch; returns one outcome per request, or throws if nothing committed. */
export type BatchWriter = (batch: AppendRequest[]) => AppendOutcome[];

interface Pending {
  request: AppendRequest;
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

export class GroupCommitQueue {
  private pending: Pending[] = [];
  private scheduled: NodeJS.Immediate | undefined;

  constructor(
    private readonly write: BatchWriter,
    private readonly maxBatch: number,
  ) {}

  enqueue(request: AppendRequest): Promise<AppendResult> {
    return new Promise<AppendResult>((resolve, reject) => {
      this.pending.push({ request, resolve, reject });
      this.scheduled ??= setImmediate(() => this.flushScheduled());
    });
  }

  /** Writes everything still queued, now (used by close()). */
  flushAll(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    while (this.pending.length > 0) this.flushOne();
  }

  private flushScheduled(): void {
    this.scheduled = undefined;
    this.flushOne();
    // Leftovers beyond maxBatch go in the next turn, so reads and I/O are not starved meanwhile.
    if (this.pending.length > 0) this.scheduled = setImmediate(() => this.flushScheduled());
  }

  private flushOne(): void {
    const batch = this.pending.splice(0, this.maxBatch);
    let outcomes: AppendOutcome[];
    try {
      outcomes = this.write(batch.map((p) => p.request));
    } catch (error) {
      // The transaction did not commit: none of the batch was written.
      for (const p of batch) p.reject(error);
      return;
    }
    batch.forEach((p, i) => {
      const outcome = outcomes[i];
      if (outcome.ok) p.resolve(outcome.result);
      else p.reject(outcome.error);
    });
  }
}
