// What the rebuild and catch-up specs share: reading a read model whole, and waiting for a
// runner's every read model to reach the log head.
import type { ReadDocument, ReadStore } from '@ledger/read-store';
import type { ProjectionRunner } from '../projection-runner';
import { PROJECTIONS } from '../projections.catalogue';

export async function allDocuments(reads: ReadStore, collection: string): Promise<ReadDocument[]> {
  const docs: ReadDocument[] = [];
  for await (const page of reads.scan(collection, 1000)) docs.push(...page);
  return docs;
}

export async function caughtUp(runner: ProjectionRunner, head: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (PROJECTIONS.some((p) => runner.checkpoint(p.name) < head)) {
    if (Date.now() > deadline) throw new Error('projections did not catch up');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Starts a runner over `reads` with the given catch-up threads, lets it reach `head`, stops it. */
export async function buildToHead(
  runner: ProjectionRunner,
  head: number,
  catchUp: Parameters<ProjectionRunner['configureCatchUp']>[0],
): Promise<void> {
  runner.configureCatchUp(catchUp);
  await runner.onApplicationBootstrap();
  await caughtUp(runner, head);
  await runner.onApplicationShutdown();
}
