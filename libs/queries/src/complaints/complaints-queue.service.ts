// The complaints queue of the present: the queue read model's live generation followed by change.
import { Inject, Injectable } from '@nestjs/common';
import { complaintsQueueProjection, type ComplaintsQueueDocument } from '@ledger/projections';
import { LiveReadModels } from '@ledger/projection-runner';
import type { ReadStore } from '@ledger/read-store';
import { DistributedProgress } from '../distributed-progress';
import { FollowedReadModel } from '../followed-read-model';
import { ComplaintsQueue } from '@ledger/analytics';

@Injectable()
export class ComplaintsQueueService {
  private readonly followed: FollowedReadModel<ComplaintsQueueDocument, ComplaintsQueue>;

  constructor(@Inject(LiveReadModels) reads: ReadStore, progress: DistributedProgress) {
    this.followed = new FollowedReadModel(
      complaintsQueueProjection.name,
      reads,
      progress,
      (docs) => new ComplaintsQueue(docs),
    );
  }

  current(): Promise<{ engine: ComplaintsQueue; position: number }> {
    return this.followed.current();
  }
}
