// Replaying the log into one worker on this thread (a rebuild's last stretch, a resumed read
// model), committing every few thousand events and yielding between batches so requests keep
// being served.
import { yieldToEventLoop, type EventStore } from '@ledger/event-store';
import type { RebuildProgress } from './api';
import { rebuildPercent } from './catch-up-threads';
import { READ_BATCH, flushDue } from './log-feed';
import { prepareEvents, type OpenEvents, type ProjectionWorker } from './projection-worker';

/** Applies the log to `worker` from its checkpoint up to `until` (default: the head now) and commits. */
export async function replayOnThisThread(
  store: EventStore,
  open: OpenEvents,
  worker: ProjectionWorker,
  progress?: RebuildProgress,
  until?: number,
): Promise<void> {
  const target = until ?? (await store.headPosition());
  if (progress) progress.target = target;
  let lastFlush = Date.now();
  let read = worker.checkpoint;
  while (read < target) {
    const batch = await store.readAll({ fromPosition: read, maxCount: READ_BATCH });
    const upTo = batch.filter((e) => e.position <= target);
    if (upTo.length === 0) break;
    await worker.stage(await prepareEvents(upTo, open));
    read = upTo[upTo.length - 1].position;
    if (flushDue(worker.unflushed, lastFlush, Date.now())) {
      await worker.flush();
      lastFlush = Date.now();
    }
    if (progress) Object.assign(progress, rebuildPercent(read, target));
    await yieldToEventLoop();
  }
  await worker.flush();
}
