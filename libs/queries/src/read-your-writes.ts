// Read-your-writes: a command answers with a global position; a query carrying
// `minPosition` waits (bounded) until the read models it reads have applied that position.
import { Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import type { CrmConfig } from '@ledger/config';
import { ValidationFailed } from '@ledger/domain';
import type { ReadStore } from '@ledger/read-store';
import { CRM_CONFIG, READ_STORE } from '@ledger/platform';

@Injectable()
export class ReadYourWrites {
  constructor(
    @Inject(READ_STORE) private readonly reads: ReadStore,
    @Inject(CRM_CONFIG) private readonly config: CrmConfig,
  ) {}

  async waitFor(raw: string | undefined, collections: string[]): Promise<void> {
    if (raw === undefined || raw === '') return;
    const position = Number(raw);
    if (!Number.isInteger(position) || position < 0) {
      throw new ValidationFailed([
        { field: 'minPosition', reason: 'minPosition must be a global position (whole number ≥ 0)' },
      ]);
    }
    const deadline = Date.now() + this.config.readYourWritesTimeoutMs;
    for (let delay = 1; ; delay = Math.min(delay * 2, 20)) {
      const checkpoints = await Promise.all(collections.map((c) => this.reads.checkpoint(c)));
      if (checkpoints.every((c) => c >= position)) return;
      if (Date.now() >= deadline) {
        throw new ServiceUnavailableException(
          `read models have not reached position ${position} yet (at ${Math.min(...checkpoints)}); retry shortly`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
