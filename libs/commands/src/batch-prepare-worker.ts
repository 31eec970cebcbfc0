// The preparation thread of POST /commands/batch: validates and maps large batches (class-
// validator, the command mapping, the request hash) on the second core while the request thread
// decides and appends the batches before them. Errors that are not refusals travel as their
// message and are raised again on the request thread (a 500, as inline).
import { parentPort } from 'node:worker_threads';
import { prepareBatch, prepareItems } from './batch-prepare';
import type { PrepareReply, PrepareRequest } from './batch-preparer';

function serve(): void {
  const port = parentPort;
  if (!port) throw new Error('batch-prepare-worker runs as a worker thread');
  port.on('message', (request: PrepareRequest) => {
    const preparing =
      'items' in request
        ? prepareItems(request.items, request.caller).then((items) => ({ items }))
        : prepareBatch(request.body, request.caller, request.max);
    preparing.then(
      (preparation) => port.postMessage({ seq: request.seq, preparation } satisfies PrepareReply),
      (error: unknown) => {
        const { name, message } = error instanceof Error ? error : { name: 'Error', message: String(error) };
        port.postMessage({ seq: request.seq, failed: { name, message } } satisfies PrepareReply);
      },
    );
  });
}

serve();
