// A worker thread of the live feed (live-threads.ts, issue 12): applies the batches the feed
// posts to the read models attached to it, with the same ProjectionWorker as everywhere, over
// documents it keeps in memory (sent by the main thread with the first batch that touches them),
// and hands each flush back serialised for the main thread to commit. Requests are handled
// strictly in order, and never wait for the main thread.
import { parentPort } from 'node:worker_threads';
import type { RecordedEvent } from '@ledger/domain';
import type { ProjectedDocument } from '@ledger/projections';
import { ProjectionFailed, ProjectionWorker } from './projection-worker';
import { findProjection } from './projections.catalogue';
import { ThreadDocuments, type ThreadCommit } from './thread-documents';
import { handleInOrder } from './thread-messages';

/** One read model's share of a batch: the documents it touches that the thread does not hold yet. */
export interface LiveStage {
  target: string;
  documents: ProjectedDocument[];
}

export interface LiveFlushed {
  target: string;
  commit: ThreadCommit | null;
  failure: LiveFailure | null;
}

/** `target`: one attachment of a read model (a collection may be attached again, fresh, after a rebuild). */
export type LiveRequest =
  | { kind: 'attach'; target: string; projection: string; checkpoint: number }
  | { kind: 'detach'; target: string }
  /** Batches of prepared events (decrypted, upcast) as JSON, each once for every read model on the thread. */
  | { kind: 'batches'; batches: { events: string; stages: LiveStage[] }[] }
  | { kind: 'flush'; targets: string[] };

/** Why a read model stopped here, in a form that crosses the thread boundary. */
export type LiveFailure =
  | { kind: 'poison'; position: number; eventId: string; eventType: string; cause: string }
  | { kind: 'unavailable'; message: string };

export type LiveReply =
  /** A message of batches was applied (backpressure). */
  { kind: 'staged' } | { kind: 'flushed'; results: LiveFlushed[] };

function describe(error: unknown): LiveFailure {
  if (error instanceof ProjectionFailed) {
    const cause = error.cause instanceof Error ? error.cause.message : String(error.cause);
    return { kind: 'poison', position: error.position, eventId: error.eventId, eventType: error.eventType, cause };
  }
  return { kind: 'unavailable', message: error instanceof Error ? error.message : String(error) };
}

function serve(): void {
  const port = parentPort;
  if (!port) throw new Error('live-thread runs as a worker thread');
  const documents = new ThreadDocuments();
  const workers = new Map<string, ProjectionWorker>();
  const failures = new Map<string, LiveFailure>();
  // A read model that failed is not fed again here, and keeps no copy of its documents.
  const fail = (target: string, error: unknown) => {
    workers.delete(target);
    documents.forget(target);
    failures.set(target, describe(error));
  };

  const handle = async (request: LiveRequest): Promise<void> => {
    switch (request.kind) {
      case 'attach': {
        const projection = findProjection(request.projection);
        if (!projection) throw new Error(`unknown read model ${request.projection}`);
        documents.seed(request.target, [], request.checkpoint);
        const worker = new ProjectionWorker(projection, documents, request.target);
        await worker.init();
        workers.set(request.target, worker);
        return;
      }
      case 'detach':
        workers.delete(request.target);
        failures.delete(request.target);
        documents.forget(request.target);
        return;
      case 'batches': {
        for (const batch of request.batches) {
          // Parsed here and dropped after: the decrypted personal data in it is kept by no one.
          const events = JSON.parse(batch.events) as RecordedEvent[];
          for (const { target, documents: touched } of batch.stages) {
            const worker = workers.get(target);
            if (!worker) continue;
            documents.hold(target, touched);
            await worker.stage(events).catch((error: unknown) => fail(target, error));
          }
        }
        port.postMessage({ kind: 'staged' } satisfies LiveReply);
        return;
      }
      case 'flush': {
        const results: LiveFlushed[] = [];
        for (const target of request.targets) {
          await workers
            .get(target)
            ?.flush()
            .catch((error: unknown) => fail(target, error));
          const commit = documents.take().find((c) => c.collection === target) ?? null;
          results.push({ target, commit, failure: failures.get(target) ?? null });
        }
        port.postMessage({ kind: 'flushed', results } satisfies LiveReply);
        return;
      }
    }
  };

  handleInOrder(port, handle);
}

serve();
