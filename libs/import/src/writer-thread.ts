// One of the embedded importer's writer threads (writer-threads.ts). It maps, validates, decides
// and writes the units of its share of the customers, through connections of its own to the data
// directory's event store and key store, one chunk after the other in the order they were sent.
// SQLite takes the threads' commits one at a time; nothing else is shared.
import { parentPort, workerData } from 'node:worker_threads';
import { prepareUnits } from '@ledger/commands/batch-prepare';
import { itemsOf, openBulkWriting, unitOutcomes, writerStats, type BulkWriting } from './bulk-writing';
import { createUnitMapper } from './row-unit-mapper';
import { IMPORT_CALLER } from './sinks';
import { describeFailure, type WriterReply, type WriterRequest, type WriterThreadData } from './writer-threads';

function serve(): void {
  const port = parentPort;
  if (!port) throw new Error('writer-thread runs as a worker thread');
  const data = workerData as WriterThreadData;
  const reply = (message: WriterReply) => port.postMessage(message);
  let writing: BulkWriting;
  try {
    writing = openBulkWriting(data.dataDir, data.env, { lock: 'none', stateCacheBytes: data.stateCacheBytes });
  } catch (error) {
    reply({ openFailed: describeFailure(error) });
    return;
  }
  const mapper = createUnitMapper(data.mapper);
  const handle = async (request: WriterRequest): Promise<void> => {
    if ('close' in request) {
      try {
        await writing.close();
        reply({ closed: true });
      } catch (error) {
        reply({ closed: true, failed: describeFailure(error) });
      }
      port.close();
      return;
    }
    try {
      const prepared = await prepareUnits(mapper, request.units, IMPORT_CALLER);
      const results = await writing.writer.run(itemsOf(prepared));
      const outcomesJson = JSON.stringify(unitOutcomes(prepared, results));
      reply({ seq: request.seq, outcomesJson, stats: writerStats(writing) });
    } catch (error) {
      reply({ seq: request.seq, failed: describeFailure(error) });
    }
  };
  let queue = Promise.resolve();
  port.on('message', (request: WriterRequest) => {
    queue = queue.then(() => handle(request));
  });
}

serve();
