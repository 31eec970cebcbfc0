// The read store's writer thread: owns the write connection to read-models.sqlite and applies
// the operations the store posts, in order, one transaction each, answering every one.
// After a failed operation, those already posted before the store heard of it are refused
// unwritten: a later commit's checkpoint would otherwise cover the failed commit's documents.
import { parentPort, workerData } from 'node:worker_threads';
import { SqliteReadTables } from './sqlite-read-tables';
import { applyWrite, type WriteOp } from './read-tables-writer';

export interface WriterData {
  file: string;
  busyTimeoutMs?: number;
}

/** `seenFailures`: how many failures the store had been told of when it posted the operation. */
export type WriterRequest = { seq: number; seenFailures: number; op: WriteOp } | { close: true };

export type WriterReply =
  | { seq: number; ok: true }
  | { seq: number; ok: false; failures: number; message: string; code?: string; fenced: boolean };

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function serve(): void {
  const port = parentPort;
  if (!port) throw new Error('read-tables-worker runs as a worker thread');
  const data = workerData as WriterData;
  const tables = SqliteReadTables.open(data.file, data.busyTimeoutMs);
  let failures = 0;
  port.on('message', (request: WriterRequest) => {
    if ('close' in request) {
      tables.close();
      port.close();
      return;
    }
    const { seq, seenFailures, op } = request;
    if (seenFailures < failures) {
      const message = 'not written: an earlier read-store write failed before this one was posted';
      port.postMessage({ seq, ok: false, failures, message, fenced: true } satisfies WriterReply);
      return;
    }
    try {
      applyWrite(tables, op);
      port.postMessage({ seq, ok: true } satisfies WriterReply);
    } catch (error) {
      failures += 1;
      const message = error instanceof Error ? error.message : String(error);
      port.postMessage({
        seq,
        ok: false,
        failures,
        message,
        code: errorCode(error),
        fenced: false,
      } satisfies WriterReply);
    }
  });
}

serve();
