// The preparation thread of POST /commands/batch and of the embedded importer: validates and
// maps large batches (class-validator, the command mapping, the request hash) on the second core
// while the main thread decides and appends the batches before them; for the importer it also
// maps the source rows to commands (the unit mapper it is handed, see MapperHandover). Errors
// that are not refusals travel as their message and are raised again on the main thread (a 500,
// as inline); so does a unit mapper that failed to load, with the first units.
import { parentPort } from 'node:worker_threads';
import { loadUnitMapper, prepareBatch, prepareUnits, type UnitMapper } from './batch-prepare';
import type { MapperHandover, PrepareReply, PrepareRequest } from './batch-preparer';

function serve(): void {
  const port = parentPort;
  if (!port) throw new Error('batch-prepare-worker runs as a worker thread');
  let mapper: (() => UnitMapper) | undefined;
  port.on('message', (message: PrepareRequest | MapperHandover) => {
    if (!('seq' in message)) {
      mapper = mapperOf(message);
      return;
    }
    const request = message;
    const preparing = async () => {
      if ('body' in request) return prepareBatch(request.body, request.caller, request.max);
      if (!mapper) throw new Error('units to prepare, but the thread was given no unit mapper');
      return { units: await prepareUnits(mapper(), request.units, request.caller) };
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

/** The handed-over mapper, loaded now; a failure to load is raised when units are prepared. */
function mapperOf({ mapper: source }: MapperHandover): () => UnitMapper {
  try {
    const loaded = loadUnitMapper(source);
    return () => loaded;
  } catch (error) {
    return () => {
      throw error;
    };
  }
}

serve();
