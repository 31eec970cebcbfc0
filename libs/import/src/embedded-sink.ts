// Imports into the embedded data directory directly: same validation, deciders and event store as
// the CRM, which must not be running (the store's exclusive lock refuses it). With writer threads
// (--threads, for more than two cores), each maps, validates, decides and writes its share of the customers
// (writer-threads.ts); otherwise the rows are mapped and validated on a thread of their own and
// decided and written on this one. Either way a chunk's commands are decided on stream states kept
// between chunks and appended in one durable commit (see BulkCommandWriter). The read models catch
// up from the log when the CRM next starts.
import { BatchPreparer, type BatchItem, type BatchItemResult } from '@ledger/commands/embedded';
import { join } from 'node:path';
import {
  itemsOf,
  openBulkWriting,
  sumOfStats,
  unitOutcomes,
  writerStats,
  type BulkWriting,
  type WriterStats,
} from './bulk-writing';
import { laneKeyOf } from './row-commands';
import { toWire, type RowMapperConfig } from './row-unit-mapper';
import { IMPORT_CALLER, type RowSender, type Sink } from './sinks';
import { WriterThreads } from './writer-threads';

export interface EmbeddedSinkOptions {
  /** Bound on the customers' decider states kept between chunks, per writer (OwnedCustomerStates' default if absent). */
  stateCacheBytes?: number;
  /**
   * The young generation of the preparation thread (V8's default if absent, 48 MB: 16 MB
   * semi-spaces) or of the writer threads (96 MB if absent).
   */
  youngGenerationMb?: number;
  /**
   * Writer threads, each with its share of the customers (see writer-threads.ts); 0 (the default):
   * one preparation thread, and this thread decides and writes.
   */
  writerThreads?: number;
  /**
   * false: no thread at all; the importer maps the rows and the commands are validated, prepared,
   * decided and written on the main thread (send), so that all the work runs on one thread. For
   * measuring the work itself (bench/import.ts --one-thread).
   */
  preparationThread?: boolean;
}

/** The module the preparation thread loads to map rows (createUnitMapper); .ts under jest, .js built. */
const ROW_MAPPER = join(__dirname, 'row-unit-mapper');

export class EmbeddedSink implements Sink {
  /** The preparation threads: the one started at open and those of later row senders; ended by close. */
  private readonly preparers: BatchPreparer[] = [];
  /** Started at open, its unit mapper not known yet: the first row sender's thread. */
  private spare?: BatchPreparer;
  /** The writer threads of each row sender made with writerThreads; ended by close. */
  private readonly writerSets: WriterThreads[] = [];
  /** Absent with no thread at all: the importer then maps the rows and calls send. */
  readonly rowSender?: (config: RowMapperConfig) => RowSender;

  private constructor(
    private readonly writing: BulkWriting,
    private readonly dataDir: string,
    private readonly env: Record<string, string | undefined>,
    private readonly options: EmbeddedSinkOptions,
    spare: BatchPreparer | undefined,
  ) {
    const writers = options.writerThreads ?? 0;
    if (writers > 0) this.rowSender = (config) => this.rowSenderOnWriters(config, writers);
    else if (spare) {
      this.spare = spare;
      this.preparers.push(spare);
      this.rowSender = (config) => this.rowSenderOnThread(config);
    }
  }

  static open(
    dataDir: string,
    env: Record<string, string | undefined> = process.env,
    options: EmbeddedSinkOptions = {},
  ): EmbeddedSink {
    // The preparation thread loads its modules (~120 ms of CPU) on the second core while this
    // thread opens the stores and the importer sets itself up; the row mapper's config follows
    // when the row sender is made.
    const preparing = (options.writerThreads ?? 0) === 0 && options.preparationThread !== false;
    const spare = preparing ? new BatchPreparer({ youngGenerationMb: options.youngGenerationMb }) : undefined;
    spare?.start();
    try {
      // The importer keeps customers' states and new customers' keys as the store's only writer
      // (or its writer threads do, under this lock).
      const writing = openBulkWriting(dataDir, env, { lock: 'exclusive', stateCacheBytes: options.stateCacheBytes });
      return new EmbeddedSink(writing, dataDir, env, options, spare);
    } catch (error) {
      void spare?.close();
      throw error;
    }
  }

  /**
   * Items mapped by the caller (the importer uses rowSender when there are threads): validated and
   * prepared inline, as the preparation thread prepares a batch, then decided and written as one
   * chunk. Not for use beside a row sender with writer threads: the states kept would not be theirs.
   */
  async send(items: BatchItem[]): Promise<BatchItemResult[]> {
    // Loaded here, not with the module: the CLI sends rows (rowSender), prepared on a thread.
    const { prepareItems } = await import('@ledger/commands/batch-prepare');
    return this.writing.writer.run(await prepareItems(items, IMPORT_CALLER));
  }

  /**
   * Maps, validates and prepares each chunk's rows on a thread of its own: with two chunks in
   * flight (`--concurrency 2`) one is prepared while the other is decided and written, and the
   * main thread neither maps rows nor validates commands.
   */
  private rowSenderOnThread(config: RowMapperConfig): RowSender {
    // A later sender of this sink gets a thread of its own: each mapper keeps its own customers.
    const preparer = this.spare ?? this.newPreparer();
    this.spare = undefined;
    preparer.useMapper({ module: ROW_MAPPER, config });
    return async (units) => {
      const prepared = await preparer.prepareUnits(toWire(units), IMPORT_CALLER);
      return unitOutcomes(prepared, await this.writing.writer.run(itemsOf(prepared)));
    };
  }

  /** Each chunk's units to the writer threads of their customers, which do all the work. */
  private rowSenderOnWriters(config: RowMapperConfig, count: number): RowSender {
    const writers = new WriterThreads(
      count,
      { dataDir: this.dataDir, env: this.env, stateCacheBytes: this.options.stateCacheBytes, mapper: config },
      this.options.youngGenerationMb,
    );
    this.writerSets.push(writers);
    return (units) => writers.send(units, (rows) => laneKeyOf(config.mapping, rows));
  }

  private newPreparer(): BatchPreparer {
    const preparer = new BatchPreparer({ youngGenerationMb: this.options.youngGenerationMb });
    this.preparers.push(preparer);
    return preparer;
  }

  /** Transactions (one fsync each), appends and events written so far, states kept: for the benchmark. */
  stats(): WriterStats {
    return sumOfStats([writerStats(this.writing), ...this.writerSets.map((writers) => writers.stats())]);
  }

  /** The threads first (a writer thread finishes what it was sent), then the stores and their lock. */
  async close(): Promise<void> {
    const threads = await Promise.allSettled([
      ...this.writerSets.map((writers) => writers.close()),
      ...this.preparers.map((preparer) => preparer.close()),
    ]);
    await this.writing.close(); // every thread settled: only now the lock
    const failed = threads.find((outcome) => outcome.status === 'rejected');
    if (failed) throw failed.reason;
  }
}
