// The query side's view of read-model generations: which collection (and consumer group) is
// live for a read model, from the pointers the projection services maintain, cached briefly.
// LiveReadModels is the read store as queries see it: every read model under its own name,
// the live generation's collection behind it. Embedded mode has no pointers: plain names.
import { Inject, Injectable, Optional } from '@nestjs/common';
import { CRM_CONFIG, type CrmConfig } from '@ledger/config';
import { READ_STORE, type FindOptions, type Filter, type ReadDocument, type ReadStore } from '@ledger/read-store';
import { GENERATION_OPTIONS, generationOptions, type GenerationOptions } from './generation-options';
import { GenerationStore } from './generation-store';
import { generationCollection, type GenerationPointer } from './generations';

@Injectable()
export class ReadModelGenerations {
  private readonly store: GenerationStore;
  private readonly cacheMs: number;
  private cached: { at: number; pointers: Map<string, GenerationPointer> } | null = null;
  private loading: Promise<Map<string, GenerationPointer>> | null = null;

  constructor(
    @Inject(CRM_CONFIG) private readonly config: CrmConfig,
    @Inject(READ_STORE) reads: ReadStore,
    @Optional() @Inject(GENERATION_OPTIONS) options?: Partial<GenerationOptions>,
  ) {
    this.store = new GenerationStore(reads);
    this.cacheMs = generationOptions(options).cacheMs;
  }

  /**
   * Pointers are written only by the Kafka projection runner. Without Kafka and without a
   * shared read store the runner is not active and the read store is this process's own.
   */
  get enabled(): boolean {
    return this.config.kafka !== null || this.config.mongodb !== null;
  }

  async pointer(name: string): Promise<GenerationPointer | null> {
    if (!this.enabled) return null;
    return (await this.pointers()).get(name) ?? null;
  }

  /** The live generation of `name` (0, the plain name, when it has no pointer). */
  async generation(name: string): Promise<number> {
    return (await this.pointer(name))?.live ?? 0;
  }

  /** The collection queries read for `name`: the live generation's, or `name` itself. */
  async collection(name: string): Promise<string> {
    return generationCollection(name, await this.generation(name));
  }

  private async pointers(): Promise<Map<string, GenerationPointer>> {
    if (this.cached && Date.now() - this.cached.at < this.cacheMs) return this.cached.pointers;
    // One read shared by the queries arriving while it runs.
    this.loading ??= this.store
      .all()
      .then((pointers) => {
        this.cached = { at: Date.now(), pointers };
        return pointers;
      })
      .finally(() => (this.loading = null));
    return this.loading;
  }
}

/** The read store for queries: read-model names resolved to their live generation. */
@Injectable()
export class LiveReadModels implements ReadStore {
  constructor(
    @Inject(READ_STORE) private readonly store: ReadStore,
    private readonly generations: ReadModelGenerations,
  ) {}

  private live(collection: string): Promise<string> {
    return this.generations.collection(collection);
  }

  async ensureCollection(collection: string, indexes?: string[]): Promise<void> {
    return this.store.ensureCollection(await this.live(collection), indexes);
  }

  async get<T extends ReadDocument>(collection: string, id: string): Promise<T | null> {
    return this.store.get<T>(await this.live(collection), id);
  }

  async getMany<T extends ReadDocument>(collection: string, ids: string[]): Promise<Map<string, T>> {
    return this.store.getMany<T>(await this.live(collection), ids);
  }

  async commit(collection: string, documents: ReadDocument[], checkpoint: number): Promise<void> {
    return this.store.commit(await this.live(collection), documents, checkpoint);
  }

  async checkpoint(collection: string): Promise<number> {
    return this.store.checkpoint(await this.live(collection));
  }

  async find<T extends ReadDocument>(collection: string, options?: FindOptions): Promise<T[]> {
    return this.store.find<T>(await this.live(collection), options);
  }

  async count(collection: string, filter?: Filter): Promise<number> {
    return this.store.count(await this.live(collection), filter);
  }

  async *scan<T extends ReadDocument>(collection: string, pageSize?: number): AsyncIterable<T[]> {
    yield* this.store.scan<T>(await this.live(collection), pageSize);
  }

  async drop(collection: string): Promise<void> {
    return this.store.drop(await this.live(collection));
  }

  async rename(from: string, to: string): Promise<void> {
    return this.store.rename(await this.live(from), await this.live(to));
  }

  /** The underlying store belongs to StorageModule, which closes it. */
  async close(): Promise<void> {
    return undefined;
  }
}
