// Read-your-writes: a command answers with a global position; a query carrying
// `minPosition` waits (bounded) until the read models it reads have applied that position.
// Embedded mode compares collection checkpoints. Distributed mode asks DistributedProgress:
// per customer document for one customer's reads, per partition for population-wide ones.
import { Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import type { CrmConfig } from '@ledger/config';
import { ValidationFailed } from '@ledger/domain';
import type { ReadStore } from '@ledger/read-store';
import { CRM_CONFIG } from '@ledger/platform';
import { LiveReadModels } from '@ledger/projection-runner';
import { DistributedProgress } from './distributed-progress';

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
    const deadline = Date.now() + this.config.readYourWritesTimeoutMs;
    for (let delay = 1; ; delay = Math.min(delay * 2, 20)) {
      if (await reached()) return;
      if (Date.now() >= deadline) {
        throw new ServiceUnavailableException(`read models have not reached position ${position} yet; retry shortly`);
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
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
