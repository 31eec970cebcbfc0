// Scores the whole customer population as of a date (RFM quintiles need everyone), and keeps
// the latest few results: the scores only change when the analytics read model moves on or
// another asOf is asked for.
import { Inject, Injectable } from '@nestjs/common';
import {
  customerAnalyticsProjection,
  scoreCustomers,
  type CustomerAnalytics,
  type CustomerScore,
} from '@ledger/projections';
import type { ReadStore } from '@ledger/read-store';
import { READ_STORE } from '@ledger/platform';

interface Cached {
  key: string;
  scores: CustomerScore[];
}

const KEEP = 4;

@Injectable()
export class PopulationService {
  private readonly cache: Cached[] = [];
  private documents: { checkpoint: number; docs: CustomerAnalytics[] } | null = null;

  constructor(@Inject(READ_STORE) private readonly reads: ReadStore) {}

  async scores(asOf: string): Promise<{ scores: CustomerScore[]; checkpoint: number }> {
    const { docs, checkpoint } = await this.analytics();
    const key = `${checkpoint}|${asOf}`;
    const hit = this.cache.find((c) => c.key === key);
    if (hit) return { scores: hit.scores, checkpoint };
    const scores = scoreCustomers(docs, asOf);
    this.cache.unshift({ key, scores });
    this.cache.length = Math.min(this.cache.length, KEEP);
    return { scores, checkpoint };
  }

  /** Every analytics document, re-read only when the read model's checkpoint moved. */
  async analytics(): Promise<{ docs: CustomerAnalytics[]; checkpoint: number }> {
    const collection = customerAnalyticsProjection.name;
    const checkpoint = await this.reads.checkpoint(collection);
    if (this.documents?.checkpoint === checkpoint) return this.documents;
    const docs: CustomerAnalytics[] = [];
    for await (const page of this.reads.scan<CustomerAnalytics>(collection, 5000)) docs.push(...page);
    this.documents = { checkpoint, docs };
    return this.documents;
  }
}
