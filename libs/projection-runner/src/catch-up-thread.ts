// A worker thread of a parallel catch-up (catch-up-threads.ts): applies the log's batches to its
// share of the read models with the same ProjectionWorker the live feed uses, over documents it
// keeps in memory, and on each flush hands the committed documents back, serialised, for the
// main thread to write. Messages are handled strictly in order.
import { parentPort, workerData } from 'node:worker_threads';
import type { RecordedEvent } from '@ledger/domain';
import type { ProjectedDocument } from '@ledger/projections';
import { ProjectionWorker } from './projection-worker';
import { findProjection } from './projections.catalogue';
import { ThreadDocuments, type ThreadCommit } from './thread-documents';
import { handleInOrder } from './thread-messages';

export interface CatchUpTarget {
  projection: string;
  collection: string;
}

export interface CatchUpThreadData {
  targets: CatchUpTarget[];
}

export type CatchUpRequest =
  | { kind: 'seed'; collection: string; documents: ProjectedDocument[]; checkpoint: number }
  /** Ready to stage: every seed has arrived. */
  | { kind: 'start' }
  /** A batch of prepared events (decrypted, upcast) as JSON, serialised once for every thread. */
  | { kind: 'stage'; events: string }
  | { kind: 'flush' };

/** A read model this thread stopped feeding: its committed documents stay, the rest is left to the live feed. */
export interface ThreadFailure {
  collection: string;
  message: string;
}

export type CatchUpReply = { kind: 'staged' } | { kind: 'flushed'; commits: ThreadCommit[]; failures: ThreadFailure[] };

function serve(): void {
  const port = parentPort;
  if (!port) throw new Error('catch-up-thread runs as a worker thread');
  const { targets } = workerData as CatchUpThreadData;
  const documents = new ThreadDocuments();
  const workers = new Map<string, ProjectionWorker>();
  let failures: ThreadFailure[] = [];
  const fail = (collection: string, error: unknown) => {
    workers.delete(collection);
    failures.push({ collection, message: error instanceof Error ? error.message : String(error) });
  };

  const handle = async (request: CatchUpRequest): Promise<void> => {
    switch (request.kind) {
      case 'seed':
        documents.seed(request.collection, request.documents, request.checkpoint);
        return;
      case 'start':
        for (const target of targets) {
          const projection = findProjection(target.projection);
          if (!projection) throw new Error(`unknown read model ${target.projection}`);
          const worker = new ProjectionWorker(projection, documents, target.collection);
          await worker.init();
          workers.set(target.collection, worker);
        }
        return;
      case 'stage': {
        const events = JSON.parse(request.events) as RecordedEvent[];
        for (const [collection, worker] of workers) await worker.stage(events).catch((e) => fail(collection, e));
        port.postMessage({ kind: 'staged' } satisfies CatchUpReply);
        return;
      }
      case 'flush':
        for (const [collection, worker] of workers) await worker.flush().catch((e) => fail(collection, e));
        port.postMessage({ kind: 'flushed', commits: documents.take(), failures } satisfies CatchUpReply);
        failures = [];
        return;
    }
  };

  handleInOrder(port, handle);
}

serve();
