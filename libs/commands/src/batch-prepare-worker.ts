// The preparation thread of POST /commands/batch and of the embedded importer: validates and
// maps large batches (class-validator, the command mapping, the request hash) on the second core
// while the main thread decides and appends the batches before them; for the importer it also
// maps the source rows to commands (the unit mapper it is started with). Errors that are not
// refusals travel as their message and are raised again on the main thread (a 500, as inline).
import { parentPort, workerData } from 'node:worker_threads';
import { loadUnitMapper, prepareBatch, prepareUnits, type UnitMapper } from './batch-prepare';
import type { PrepareReply, PrepareRequest, PrepareWorkerData } from './batch-preparer';

function serve(): void {
  const port = parentPort;
  if (!port) throw new Error('batch-prepare-worker runs as a worker thread');
  const source = (workerData as PrepareWorkerData | undefined)?.mapper;
  let mapper: UnitMapper | undefined;
  port.on('message', (request: PrepareRequest) => {
    const preparing = async () => {
      if ('body' in request) return prepareBatch(request.body, request.caller, request.max);
      if (!source) throw new Error('units to prepare, but the thread was started without a unit mapper');
      mapper ??= loadUnitMapper(source);
      return { units: await prepareUnits(mapper, request.units, request.caller) };
    };
    preparing().then(
      (preparation) =>
        port.postMessage({ seq: request.seq, preparationJson: JSON.stringify(preparation) } satisfies PrepareReply),
      (error: unknown) => {
        const { name, message } = error instanceof Error ? error : { name: 'Error', message: String(error) };
        port.postMessage({ seq: request.seq, failed: { name, message } } satisfies PrepareReply);
      },
    );
  });
}

serve();
