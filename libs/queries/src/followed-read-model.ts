// A read model held in memory by a query-time engine and kept up to date by its changed
// documents (lastPosition above what was seen), as PopulationService does for the analytics
// one: the first look, another generation or a read model that went back reads everything.
import type { ReadDocument, ReadStore } from '@ledger/read-store';
import type { DistributedProgress } from './distributed-progress';

export interface FollowedEngine<D extends ReadDocument> {
  /** Takes in documents changed since the last look. */
  upsert(docs: D[]): unknown;
}

interface Held<E> {
  collection: string;
  position: number;
  token: string;
  engine: E;
}

const SCAN_PAGE = 5000;

export class FollowedReadModel<D extends ReadDocument, E extends FollowedEngine<D>> {
  private held: Held<E> | null = null;
  private refreshing: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly name: string,
    /** Read models under their own names (the live generation's collection behind each). */
    private readonly reads: ReadStore,
    private readonly progress: DistributedProgress,
    private readonly build: (docs: D[]) => E,
  ) {}

  /** The engine with every change visible now; refreshes run one after another (read-your-writes needs that). */
  current(): Promise<{ engine: E; position: number }> {
    const next = this.refreshing.then(() => this.refresh());
    this.refreshing = next.catch(() => undefined);
    return next;
  }

  private async refresh(): Promise<{ engine: E; position: number }> {
    const seen = await this.progress.visibility(this.name);
    const held = this.held;
    if (held && held.collection === seen.collection && seen.position >= held.position) {
      if (seen.token !== held.token) {
        held.engine.upsert(
          await this.reads.find<D>(seen.collection, { filter: { lastPosition: { $gt: held.position } } }),
        );
        held.position = seen.position;
        held.token = seen.token;
      }
      return held;
    }
    const docs: D[] = [];
    for await (const page of this.reads.scan<D>(seen.collection, SCAN_PAGE)) docs.push(...page);
    this.held = { collection: seen.collection, position: seen.position, token: seen.token, engine: this.build(docs) };
    return this.held;
  }
}
