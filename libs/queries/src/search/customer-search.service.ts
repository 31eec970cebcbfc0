// The search index of the present: the search read model's live generation followed by change.
import { Inject, Injectable } from '@nestjs/common';
import { customerSearchProjection, type CustomerSearchDocument } from '@ledger/projections';
import { LiveReadModels } from '@ledger/projection-runner';
import type { ReadStore } from '@ledger/read-store';
import { DistributedProgress } from '../distributed-progress';
import { FollowedReadModel } from '../followed-read-model';
import { SearchIndex, type MergedInto, type SearchHit } from '@ledger/analytics';

@Injectable()
export class CustomerSearchService {
  private readonly followed: FollowedReadModel<CustomerSearchDocument, SearchIndex>;

  constructor(@Inject(LiveReadModels) reads: ReadStore, progress: DistributedProgress) {
    this.followed = new FollowedReadModel(
      customerSearchProjection.name,
      reads,
      progress,
      (docs) => new SearchIndex(docs),
    );
  }

  async search(q: string, limit: number): Promise<{ hits: SearchHit[]; position: number }> {
    const { engine, position } = await this.followed.current();
    return { hits: engine.search(q, limit), position };
  }

  /** The top survivor a customer is merged into now, or null (the 360 sends an agent on with it). */
  async mergedInto(customerId: string): Promise<MergedInto | null> {
    return (await this.followed.current()).engine.mergedInto(customerId);
  }
}
