// Imports into the embedded data directory directly: same validation, deciders and event store as
// the CRM, which must not be running (the store's exclusive lock refuses it). The rows are mapped and validated on a thread of their own,
// a chunk's commands decided on stream states kept between chunks and appended in one durable
// commit (see BulkCommandWriter). The read models catch up from the log when the CRM next starts.
import { loadConfig, systemClock } from '@ledger/config';
import {
  BatchPreparer,
  BulkCommandWriter,
  CommandExecutor,
  OwnedCustomerStates,
  type BatchItem,
  type BatchItemResult,
} from '@ledger/commands/embedded';
import { openPersonalDataVault } from '@ledger/personal-data/embedded-vault';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteEventStore, eventStoreFile, type SqliteEventStoreStats } from '@ledger/event-store-sqlite';
import { toWire, type RowMapperConfig } from './row-unit-mapper';
import { IMPORT_CALLER, type RowSender, type Sink } from './sinks';

export interface EmbeddedSinkOptions {
  /** Bound on the customers' decider states kept between chunks (OwnedCustomerStates' default if absent). */
  stateCacheBytes?: number;
  /**
   * The preparation thread's young generation (V8's default if absent, 48 MB: 16 MB semi-spaces),
   * for measuring (bench/import.ts): since a chunk's items are prepared one after the other, 96 MB
   * no longer saves CPU importing CDNOW (9.7 s either way) and costs about 35 MB.
   */
  preparationYoungGenerationMb?: number;
  /**
   * false: no preparation thread; the importer maps the rows and the commands are validated and
   * prepared on the main thread (send), so that all the work runs on one thread. For measuring the
   * work itself (bench/import.ts --one-thread); true (the default) otherwise.
   */
  preparationThread?: boolean;
}

/** The module the preparation thread loads to map rows (createUnitMapper); .ts under jest, .js built. */
const ROW_MAPPER = join(__dirname, 'row-unit-mapper');

export class EmbeddedSink implements Sink {
  /** The preparation threads: the one started at open and those of later row senders; ended by close. */
  private readonly preparers: BatchPreparer[];
  /** Started at open, its unit mapper not known yet: the first row sender's thread. */
  private spare?: BatchPreparer;
  /** Absent without a preparation thread: the importer then maps the rows and calls send. */
  readonly rowSender?: (config: RowMapperConfig) => RowSender;

  private constructor(
    private readonly writer: BulkCommandWriter,
    private readonly store: SqliteEventStore,
    private readonly states: OwnedCustomerStates,
    private readonly closeStores: () => Promise<void>,
    spare: BatchPreparer | undefined,
    private readonly preparationYoungGenerationMb?: number,
  ) {
    this.spare = spare;
    this.preparers = spare ? [spare] : [];
    if (spare) this.rowSender = (config) => this.rowSenderOnThread(config);
  }

  static open(
    dataDir: string,
    env: Record<string, string | undefined> = process.env,
    options: EmbeddedSinkOptions = {},
  ): EmbeddedSink {
    // The preparation thread loads its modules (~120 ms of CPU) on the second core while this
    // thread opens the event store, the key store and the vault and the importer sets itself up;
    // the row mapper's config follows when the row sender is made.
    if (options.preparationThread === false) return EmbeddedSink.openStores(dataDir, env, options, undefined);
    const preparer = new BatchPreparer({ youngGenerationMb: options.preparationYoungGenerationMb });
    preparer.start();
    try {
      return EmbeddedSink.openStores(dataDir, env, options, preparer);
    } catch (error) {
      void preparer.close();
      throw error;
    }
  }

  private static openStores(
    dataDir: string,
    env: Record<string, string | undefined>,
    options: EmbeddedSinkOptions,
    preparer: BatchPreparer | undefined,
  ): EmbeddedSink {
    const config = loadConfig({ ...env, CRM_DATA_DIR: dataDir });
    mkdirSync(config.dataDir, { recursive: true });
    // A chunk of 1,000 rows makes up to ~2,000 appends (rows and first-seen customers): one transaction.
    const store = SqliteEventStore.open({
      file: eventStoreFile(config.dataDir),
      synchronous: config.durability,
      maxBatch: 5000,
      // The importer keeps customers' states and new customers' keys as the store's sole writer.
      lock: 'exclusive',
    });
    let vault;
    try {
      vault = openPersonalDataVault(config.dataDir);
    } catch (error) {
      void store.close(); // its lock with it
      throw error;
    }
    const executor = new CommandExecutor(store, config, systemClock, vault);
    const states = new OwnedCustomerStates(store, vault, { maxBytes: options.stateCacheBytes });
    const writer = new BulkCommandWriter(
      store,
      vault,
      config,
      systemClock,
      (command, commandOptions) => executor.execute(command, commandOptions),
      states,
    );
    const closeStores = async () => {
      await store.close();
      await vault.close();
    };
    return new EmbeddedSink(writer, store, states, closeStores, preparer, options.preparationYoungGenerationMb);
  }

  /**
   * Items mapped by the caller (the importer uses rowSender when there is a preparation thread):
   * validated and prepared inline, as that thread prepares a batch, then decided and written as one chunk.
   */
  async send(items: BatchItem[]): Promise<BatchItemResult[]> {
    // Loaded here, not with the module: the CLI sends rows (rowSender), prepared on the thread.
    const { prepareItems } = await import('@ledger/commands/batch-prepare');
    return this.writer.run(await prepareItems(items, IMPORT_CALLER));
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
      const results = await this.writer.run(prepared.flatMap((unit) => ('items' in unit ? unit.items : [])));
      let offset = 0;
      return prepared.map((unit) =>
        'items' in unit ? { results: results.slice(offset, (offset += unit.items.length)), notes: unit.notes } : unit,
      );
    };
  }

  private newPreparer(): BatchPreparer {
    const preparer = new BatchPreparer({ youngGenerationMb: this.preparationYoungGenerationMb });
    this.preparers.push(preparer);
    return preparer;
  }

  /** Transactions (one fsync each), appends and events written so far, states kept: for the benchmark. */
  stats(): SqliteEventStoreStats & { statesKept: number; statesBytes: number } {
    const { states, bytes } = this.states.size;
    return { ...this.store.stats(), statesKept: states, statesBytes: bytes };
  }

  async close(): Promise<void> {
    for (const preparer of this.preparers) await preparer.close();
    await this.closeStores();
  }
}
