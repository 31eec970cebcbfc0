// The embedded importer's writer threads: with more than one core, `--data-dir` splits the
// customers between threads that each map, validate, decide and write their own customers' units
// (writer-thread.ts), instead of one thread preparing for one writer. Each unit goes to the thread
// its customer hashes to (the importer's lanes hash the same keys), so a customer's commands stay
// in file order, their state stays with one writer, and the threads share nothing but the files:
// SQLite takes their commits one at a time, under the sink's exclusive lock on the directory.
import type { Worker } from 'node:worker_threads';
import { startWorkerThread } from '@ledger/group-commit';
import { sumOfStats, type WriterStats } from './bulk-writing';
import { toWire, type RowMapperConfig, type WireUnits } from './row-unit-mapper';
import { laneHash } from './send-lanes';
import type { UnitOutcome } from './sinks';
import type { SourceRow } from './sources';

export interface WriterThreadData {
  dataDir: string;
  env: Record<string, string | undefined>;
  stateCacheBytes?: number;
  mapper: RowMapperConfig;
}

export type WriterRequest = { seq: number; units: WireUnits } | { close: true };

interface Failure {
  name: string;
  message: string;
}

export type WriterReply =
  | { seq: number; outcomesJson: string; stats: WriterStats }
  | { seq: number; failed: Failure }
  | { openFailed: Failure }
  | { closed: true; failed?: Failure };

export const describeFailure = (error: unknown): Failure =>
  error instanceof Error ? { name: error.name, message: error.message } : { name: 'Error', message: String(error) };

const raised = ({ name, message }: Failure): Error => Object.assign(new Error(message), { name });

/**
 * A writer thread's young generation unless told otherwise: 32 MB semi-spaces, as `npm run import`
 * gives the main thread (a thread that decides and writes keeps a chunk's objects alive for as long).
 */
const YOUNG_GENERATION_MB = 96;

export class WriterThreads {
  private readonly threads: WriterThread[];

  constructor(count: number, data: WriterThreadData, youngGenerationMb = YOUNG_GENERATION_MB) {
    this.threads = Array.from({ length: count }, () => new WriterThread(data, youngGenerationMb));
  }

  /** Each unit to its customer's thread (`keyOf`: the importer's lane key); one outcome per unit, in order. */
  async send(units: SourceRow[][], keyOf: (rows: SourceRow[]) => string): Promise<UnitOutcome[]> {
    const shares: SourceRow[][][] = this.threads.map(() => []);
    const places = units.map((rows) => {
      const thread = this.threads.length === 1 ? 0 : laneHash(keyOf(rows)) % this.threads.length;
      shares[thread].push(rows);
      return [thread, shares[thread].length - 1] as const;
    });
    const answers = await Promise.all(
      shares.map((share, i) => (share.length === 0 ? Promise.resolve([]) : this.threads[i].write(toWire(share)))),
    );
    return places.map(([thread, index]) => answers[thread][index]);
  }

  /** What the threads have written so far, summed. */
  stats(): WriterStats {
    return sumOfStats(this.threads.flatMap(({ latest }) => (latest ? [latest] : [])));
  }

  /** Waits for each thread to finish what it was sent and close its stores; the first failure is raised. */
  async close(): Promise<void> {
    const closed = await Promise.allSettled(this.threads.map((thread) => thread.close()));
    const failed = closed.find((outcome) => outcome.status === 'rejected');
    if (failed) throw failed.reason;
  }
}

interface Pending {
  resolve(outcomes: UnitOutcome[]): void;
  reject(error: Error): void;
}

class WriterThread {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private seq = 0;
  /** Why the thread can take nothing more (it failed to open its stores, died, or was closed). */
  private stopped?: Error;
  private closing?: { resolve(): void; reject(error: Error): void };
  latest?: WriterStats;

  constructor(data: WriterThreadData, youngGenerationMb: number) {
    this.worker = startWorkerThread(__dirname, 'writer-thread', data, { maxYoungGenerationSizeMb: youngGenerationMb });
    this.worker.unref(); // an idle thread does not keep the process alive; one with work, or closing, does
    this.worker.on('message', (reply: WriterReply) => this.settle(reply));
    this.worker.on('error', (error) => this.stop(error));
    this.worker.on('exit', (code) => this.stop(new Error(`an import writer thread stopped (exit code ${code})`)));
  }

  write(units: WireUnits): Promise<UnitOutcome[]> {
    if (this.stopped) return Promise.reject(this.stopped);
    return new Promise<UnitOutcome[]>((resolve, reject) => {
      const seq = ++this.seq;
      this.pending.set(seq, { resolve, reject });
      this.worker.ref();
      this.worker.postMessage({ seq, units } satisfies WriterRequest);
    });
  }

  close(): Promise<void> {
    if (this.stopped) {
      // Closed by a failure: nothing of its stores is left open (the thread is gone).
      return this.worker.terminate().then(() => undefined);
    }
    return new Promise<void>((resolve, reject) => {
      this.closing = { resolve, reject };
      this.worker.ref();
      this.worker.postMessage({ close: true } satisfies WriterRequest);
    });
  }

  private settle(reply: WriterReply): void {
    if ('openFailed' in reply) return this.stop(raised(reply.openFailed));
    if ('closed' in reply) {
      this.stopped = new Error('the import writer thread is closed');
      const closing = this.closing;
      this.closing = undefined;
      // Its stores are closed: nothing is left for the thread to finish.
      void this.worker
        .terminate()
        .then(() => (reply.failed ? closing?.reject(raised(reply.failed)) : closing?.resolve()));
      return;
    }
    const waiting = this.pending.get(reply.seq);
    if (!waiting) return;
    this.pending.delete(reply.seq);
    // Not while closing: the process must wait for the thread's stores to close (a failed import
    // closes with writes still in flight, and would otherwise end, code 0, before saying so).
    if (this.pending.size === 0 && !this.closing) this.worker.unref();
    if ('failed' in reply) return waiting.reject(raised(reply.failed));
    this.latest = reply.stats;
    waiting.resolve(JSON.parse(reply.outcomesJson) as UnitOutcome[]);
  }

  /** Fails what the thread was still to answer, and everything sent to it later. */
  private stop(error: Error): void {
    this.stopped ??= error;
    for (const { reject } of this.pending.values()) reject(this.stopped);
    this.pending.clear();
    const closing = this.closing;
    this.closing = undefined;
    closing?.resolve(); // the thread is gone, and its connections with it
  }
}
