// The event store's writer thread: its own connection to the store's file, with the same
// pragmas (synchronous=FULL by default), writing each group commit in one transaction. COMMIT
// and its fsync block this thread, not the event loop that parses requests.
import { parentPort, workerData } from 'node:worker_threads';
import { outcomesToWire, toWire, type WriterReply, type WriterRequest } from './append-wire';
import { SqliteBatchWriter } from './sqlite-batch-writer';
import { SqliteEventTable } from './sqlite-event-table';
import { SqliteGlobalChain } from './sqlite-global-chain';
import { openDatabase, type SqliteConnectionOptions } from './sqlite-schema';

function serve(): void {
  const port = parentPort;
  if (!port) throw new Error('sqlite-writer-worker runs as a worker thread');
  const db = openDatabase(workerData as SqliteConnectionOptions);
  const writer = new SqliteBatchWriter(db, new SqliteEventTable(db), new SqliteGlobalChain(db));
  port.on('message', (request: WriterRequest) => {
    if ('close' in request) {
      db.close();
      port.close();
      return;
    }
    let reply: WriterReply;
    try {
      reply = { seq: request.seq, outcomes: outcomesToWire(writer.write(request.batch)) };
    } catch (error) {
      reply = { seq: request.seq, failed: toWire(error) };
    }
    port.postMessage(reply);
  });
}

serve();
