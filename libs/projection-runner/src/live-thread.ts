// A worker thread of the live feed (live-threads.ts, issue 12): applies the batches the feed
// posts to the read models attached to it, with the same ProjectionWorker as everywhere, over
// documents it keeps in memory (fetched from the main thread's store the first time one is
// touched), and hands each flush back serialised for the main thread to commit. Requests are
// handled strictly in order; only the main thread's answers to a fetch, which a waiting stage
// needs, are taken as they come.
import { parentPort } from 'node:worker_threads';
import type { RecordedEvent } from '@ledger/domain';
import type { ProjectedDocument } from '@ledger/projections';
import { ProjectionFailed, ProjectionWorker } from './projection-worker';
import { findProjection } from './projections.catalogue';
import { ThreadDocuments, type ThreadCommit } from './thread-documents';

/** `target`: one attachment of a read model (a collection may be attached again, fresh, after a rebuild). */
export type LiveRequest =
  | { kind: 'attach'; target: string; projection: string; checkpoint: number }
  | { kind: 'detach'; target: string }
  /** The next batch of prepared events (decrypted, upcast) as JSON, posted once for every read model here. */
  | { kind: 'batch'; events: string }
  /** Applies the last batch to one read model. */
  | { kind: 'stage'; target: string }
  | { kind: 'flush'; target: string }
  | { kind: 'documents'; request: number; documents: ProjectedDocument[]; error?: string };

/** Why a read model stopped here, in a form that crosses the thread boundary. */
export type LiveFailure =
  | { kind: 'poison'; position: number; eventId: string; eventType: string; cause: string }
  | { kind: 'unavailable'; message: string };

export type LiveReply =
  /** A batch was taken up: everything posted before it is done (backpressure). */
  | { kind: 'staged' }
  | { kind: 'flushed'; target: string; commit: ThreadCommit | null; failure: LiveFailure | null }
  | { kind: 'fetch'; request: number; target: string; ids: string[] };

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
  const fetches = new Map<number, { resolve(documents: ProjectedDocument[]): void; reject(error: Error): void }>();
  let requests = 0;
  const documents = new ThreadDocuments(
    (target, ids) =>
      new Promise((resolve, reject) => {
        const request = ++requests;
        fetches.set(request, { resolve, reject });
        port.postMessage({ kind: 'fetch', request, target, ids } satisfies LiveReply);
      }),
  );
  const workers = new Map<string, ProjectionWorker>();
  const failures = new Map<string, LiveFailure>();
  let events: RecordedEvent[] = [];
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
      case 'batch':
        events = JSON.parse(request.events) as RecordedEvent[];
        port.postMessage({ kind: 'staged' } satisfies LiveReply);
        return;
      case 'stage':
        await workers
          .get(request.target)
          ?.stage(events)
          .catch((error: unknown) => fail(request.target, error));
        return;
      case 'flush': {
        // The feed flushes between batches: the last one, with its decrypted personal data, can
        // go (a stage of it after this is posted with the batch again, live-threads.ts).
        events = [];
        const worker = workers.get(request.target);
        await worker?.flush().catch((error: unknown) => fail(request.target, error));
        const commit = documents.take().find((c) => c.collection === request.target) ?? null;
        const failure = failures.get(request.target) ?? null;
        port.postMessage({ kind: 'flushed', target: request.target, commit, failure } satisfies LiveReply);
        return;
      }
      case 'documents':
        return;
    }
  };

  let queue = Promise.resolve();
  port.on('message', (request: LiveRequest) => {
    if (request.kind === 'documents') {
      const fetch = fetches.get(request.request);
      fetches.delete(request.request);
      if (request.error !== undefined) fetch?.reject(new Error(request.error));
      else fetch?.resolve(request.documents);
      return;
    }
    // Anything else thrown is not one read model's fault: the thread dies, and the main thread
    // hands its read models to the supervisor (live-threads.ts).
    queue = queue
      .then(() => handle(request))
      .catch((error: unknown) => {
        setImmediate(() => {
          throw error;
        });
      });
  });
}

serve();
