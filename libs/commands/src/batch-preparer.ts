// Prepares POST /commands/batch bodies. Importing over HTTP, validating and mapping the items
// (class-validator, the mapping, the request hash, and the garbage they leave) was a quarter of
// the request thread's time while the CRM's second core idled; a batch of PREPARE_ON_THREAD_FROM
// items or more is therefore prepared on a thread of its own, the request thread meanwhile
// deciding and appending earlier batches. Smaller batches are prepared inline: handing them over
// would cost more than it saves. If the thread dies, its batches and every later one are
// prepared inline — the outcome is the same either way (batch-preparer.spec.ts). The embedded
// importer sends its rows instead (prepareUnits): the thread maps them with the importer's unit
// mapper too, always, so the mapper's state (customers registered) lives in one place.
import type { Worker } from 'node:worker_threads';
import { startWorkerThread } from '@ledger/group-commit';
import type { BatchPreparation, PreparedUnit, UnitMapper, UnitMapperSource } from './batch-prepare';
import type { CommandCaller } from './command-request';

/**
 * Inline preparation (class-validator, the DTOs), loaded when first needed: the import CLI's main
 * thread, whose units the thread always prepares, then never loads it (in the CRM the controllers
 * have loaded it already).
 */
const inlinePreparation = () => import('./batch-prepare');

/** Items from which a batch is prepared on the thread (the importer sends 500 over HTTP). */
export const PREPARE_ON_THREAD_FROM = 64;

/** A request body to prepare as the endpoint does, or (the embedded importer) units for the mapper. */
export type PrepareRequest = { seq: number; caller: CommandCaller } & (
  | { body: unknown; max: number }
  | { units: unknown }
);
type Preparation = BatchPreparation | { units: PreparedUnit[] };
/**
 * The preparation crosses back as JSON (it holds JSON's values only: parsed input, strings,
 * finite numbers; an undefined member is left out, as the event store and the request hash leave
 * it out): structured clone took 2.5 times JSON.parse's time on the main thread (2,000 importer
 * commands: 5.3 against 2.1 ms), which decides and appends and is the bottleneck.
 */
export type PrepareReply =
  | { seq: number; preparationJson: string }
  | { seq: number; failed: { name: string; message: string } };
/**
 * The unit mapper, handed to the thread as its first message once known (a preparer may be
 * started before it is: its loading then overlaps the owner's own start-up); the thread loads it
 * at once, so the first units find it ready.
 */
export interface MapperHandover {
  mapper: UnitMapperSource;
}

interface Pending {
  request: PrepareRequest;
  resolve(preparation: Preparation): void;
  reject(error: Error): void;
}

export class BatchPreparer {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private seq = 0;
  /** Set when the thread failed or was closed: everything is prepared inline from then on. */
  private inlineOnly: boolean;

  private mapperSource?: UnitMapperSource;
  /** The unit mapper of inline preparation, loaded when first needed. */
  private inlineMapper?: UnitMapper;

  private readonly youngGenerationMb?: number;

  /**
   * `youngGenerationMb`: the thread's young generation, if not V8's default (16 MB per semi-space
   * on 64-bit): a thread that allocates a chunk's worth of short-lived objects at once collects
   * them less often, and promotes fewer, with more.
   */
  constructor(options: { thread?: boolean; mapper?: UnitMapperSource; youngGenerationMb?: number } = {}) {
    this.inlineOnly = options.thread === false;
    this.mapperSource = options.mapper;
    this.youngGenerationMb = options.youngGenerationMb;
  }

  /**
   * Starts the thread now rather than with the first batch to prepare, so that loading its modules
   * (~120 ms of CPU) overlaps whatever its owner does meanwhile. An idle thread does not keep the
   * process alive.
   */
  start(): void {
    if (!this.inlineOnly) this.thread();
  }

  /** Gives a preparer made without one its unit mapper (once), before any units are prepared. */
  useMapper(source: UnitMapperSource): void {
    if (this.mapperSource) throw new Error('this preparer already has a unit mapper');
    this.mapperSource = source;
    this.worker?.postMessage({ mapper: source } satisfies MapperHandover);
  }

  async prepare(body: unknown, caller: CommandCaller, max: number): Promise<BatchPreparation> {
    if (this.inlineOnly || countOf(body) < PREPARE_ON_THREAD_FROM)
      return (await inlinePreparation()).prepareBatch(body, caller, max);
    const preparation = await this.onThread({ seq: ++this.seq, caller: crossing(caller), body, max });
    if ('units' in preparation) throw new Error('the preparation thread answered a body with units');
    return preparation;
  }

  /**
   * Units of the embedded importer (its source rows): mapped to items by the mapper this preparer
   * was made with, then validated and prepared, on the thread. The main thread keeps only what
   * deciding and appending need. Units are mapped in the order they are asked for.
   */
  async prepareUnits(units: unknown, caller: CommandCaller): Promise<PreparedUnit[]> {
    const preparation = this.inlineOnly
      ? await this.inline({ seq: 0, caller, units })
      : await this.onThread({ seq: ++this.seq, caller: crossing(caller), units });
    if (!('units' in preparation)) throw new Error('the preparation thread answered units with a batch');
    return preparation.units;
  }

  private onThread(request: PrepareRequest): Promise<Preparation> {
    return new Promise<Preparation>((resolve, reject) => {
      this.pending.set(request.seq, { request, resolve, reject });
      const worker = this.thread();
      if (this.pending.size === 1) worker.ref(); // a batch being prepared keeps the process alive
      worker.postMessage(request);
    });
  }

  /** Ends the thread (module shutdown); batches still being prepared finish inline. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.inlineOnly = true;
    this.worker = null;
    this.drainInline();
    if (worker) await worker.terminate();
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const worker = startWorkerThread(
      __dirname,
      'batch-prepare-worker',
      undefined,
      this.youngGenerationMb ? { maxYoungGenerationSizeMb: this.youngGenerationMb } : undefined,
    );
    worker.unref();
    if (this.mapperSource) worker.postMessage({ mapper: this.mapperSource } satisfies MapperHandover);
    worker.on('message', (reply: PrepareReply) => this.settle(reply));
    worker.on('error', () => this.fail(worker));
    worker.on('exit', () => this.fail(worker));
    this.worker = worker;
    return worker;
  }

  private settle(reply: PrepareReply): void {
    const waiting = this.pending.get(reply.seq);
    if (!waiting) return;
    this.pending.delete(reply.seq);
    if (this.pending.size === 0) this.worker?.unref();
    if ('preparationJson' in reply) return waiting.resolve(JSON.parse(reply.preparationJson) as Preparation);
    const error = new Error(reply.failed.message);
    error.name = reply.failed.name;
    waiting.reject(error);
  }

  private fail(worker: Worker): void {
    if (this.worker !== worker) return;
    this.worker = null;
    this.inlineOnly = true;
    this.drainInline();
  }

  /** Prepares inline what the thread had not answered: nothing was written for those batches yet. */
  private drainInline(): void {
    for (const { request, resolve, reject } of this.pending.values()) this.inline(request).then(resolve, reject);
    this.pending.clear();
  }

  private async inline(request: PrepareRequest): Promise<Preparation> {
    const { loadUnitMapper, prepareBatch, prepareUnits } = await inlinePreparation();
    if ('body' in request) return prepareBatch(request.body, request.caller, request.max);
    if (!this.mapperSource) throw new Error('units to prepare, but this preparer has no unit mapper');
    this.inlineMapper ??= loadUnitMapper(this.mapperSource);
    return { units: await prepareUnits(this.inlineMapper, request.units, request.caller) };
  }
}

function countOf(body: unknown): number {
  const commands = (body as { commands?: unknown } | null)?.commands;
  return Array.isArray(commands) ? commands.length : 0;
}

/** Only what the preparation reads of the caller crosses (a principal may hold more). */
function crossing(caller: CommandCaller): CommandCaller {
  const principal = caller.principal;
  return {
    headers: caller.headers,
    ...(principal ? { principal: { actor: principal.actor, sessionId: principal.sessionId } } : {}),
  };
}
