// Read-your-writes: a command answers with a global position; a query carrying
// `minPosition` waits (bounded) until the read models it reads have applied that position.
// Embedded mode compares collection checkpoints. Distributed mode asks DistributedProgress:
// per customer document for one customer's reads, per partition for population-wide ones.
import { Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { CRM_CONFIG, type CrmConfig } from '@ledger/config';
import { ValidationFailed } from '@ledger/domain';
import type { ReadStore } from '@ledger/read-store';
import { pollUntil, type BackoffOptions } from '@ledger/retry';
import { LiveReadModels } from '@ledger/projection-runner';
import { DistributedProgress } from './distributed-progress';

/** Checks 1 ms apart at first, at most 20 ms apart: a read model is usually there within a few. */
const POLL: BackoffOptions = { initialMs: 1, maxMs: 20 };

@Injectable()
export class ReadYourWrites {
  constructor(
    @Inject(LiveReadModels) private readonly reads: ReadStore,
    @Inject(CRM_CONFIG) private readonly config: CrmConfig,
    private readonly distributed: DistributedProgress,
  ) {}

  /** `customerId`: the read is one customer's document (its own events are enough). */
  async waitFor(raw: string | undefined, collections: string[], customerId?: string): Promise<void> {
    if (raw === undefined || raw === '') return;
    // Digits only: Number() would also take '1e3', '0x10' and ' 7 ', none of which a client was given.
    const position = /^\d{1,16}$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isSafeInteger(position)) {
      throw new ValidationFailed([
        { field: 'minPosition', reason: 'minPosition must be a global position (whole number ≥ 0)' },
      ]);
    }
    const reached = await this.condition(position, collections, customerId);
    if (!(await pollUntil(reached, { backoff: POLL, timeoutMs: this.config.readYourWritesTimeoutMs }))) {
      throw new ServiceUnavailableException(`read models have not reached position ${position} yet; retry shortly`);
    }
  }

  private async condition(position: number, collections: string[], customerId?: string) {
    if (!this.distributed.partitioned) {
      return async () =>
        (await Promise.all(collections.map((c) => this.reads.checkpoint(c)))).every((c) => c >= position);
    }
    if (customerId !== undefined) {
      const target = await this.distributed.customerTarget(customerId, position);
      return async () =>
        (await Promise.all(collections.map((c) => this.distributed.customerReached(c, customerId, target)))).every(
          Boolean,
        );
    }
    return async () =>
      (await Promise.all(collections.map((c) => this.distributed.collectionReached(c, position)))).every(Boolean);
  }
}
