// Prepares POST /commands/batch bodies. Importing over HTTP, validating and mapping the items
// (class-validator, the mapping, the request hash, and the garbage they leave) was a quarter of
// the request thread's time while the CRM's second core idled; a batch of PREPARE_ON_THREAD_FROM
// items or more is therefore prepared on a thread of its own, the request thread meanwhile
// deciding and appending earlier batches. Smaller batches are prepared inline: handing them over
// would cost more than it saves. If the thread dies, its batches and every later one are
// prepared inline — the outcome is the same either way (batch-preparer.spec.ts).
import type { Worker } from 'node:worker_threads';
import { startWorkerThread } from '@ledger/group-commit';
import { prepareBatch, prepareItems, type BatchPreparation } from './batch-prepare';
import type { BatchItem, PreparedItem } from './batch-items';
import type { CommandCaller } from './command-request';

/** Items from which a batch is prepared on the thread (the importer sends 500). */
export const PREPARE_ON_THREAD_FROM = 64;

/** A request body to prepare as the endpoint does, or (the embedded importer) bare items. */
export type PrepareRequest = { seq: number; caller: CommandCaller } & (
  | { body: unknown; max: number }
  | { items: BatchItem[] }
);
export type PrepareReply =
  | { seq: number; preparation: BatchPreparation }
  | { seq: number; failed: { name: string; message: string } };

interface Pending {
  request: PrepareRequest;
  resolve(preparation: BatchPreparation): void;
  reject(error: Error): void;
}

export class BatchPreparer {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private seq = 0;
  /** Set when the thread failed or was closed: everything is prepared inline from then on. */
  private inlineOnly: boolean;

  constructor(options: { thread?: boolean } = {}) {
    this.inlineOnly = options.thread === false;
  }

  prepare(body: unknown, caller: CommandCaller, max: number): Promise<BatchPreparation> {
    if (this.inlineOnly || countOf(body) < PREPARE_ON_THREAD_FROM) return prepareBatch(body, caller, max);
    return this.onThread({ seq: ++this.seq, caller: crossing(caller), body, max });
  }

  /** Items built by the caller (the embedded importer's chunks): validated and mapped, no envelope. */
  async prepareItems(items: BatchItem[], caller: CommandCaller): Promise<PreparedItem[]> {
    if (this.inlineOnly || items.length < PREPARE_ON_THREAD_FROM) return prepareItems(items, caller);
    const preparation = await this.onThread({ seq: ++this.seq, caller: crossing(caller), items });
    if (!('items' in preparation)) throw new Error('the preparation thread answered items with a refusal');
    return preparation.items;
  }

  private onThread(request: PrepareRequest): Promise<BatchPreparation> {
    return new Promise<BatchPreparation>((resolve, reject) => {
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
    const worker = startWorkerThread(__dirname, 'batch-prepare-worker', undefined);
    worker.unref();
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
    if ('preparation' in reply) return waiting.resolve(reply.preparation);
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
    for (const { request, resolve, reject } of this.pending.values()) inline(request).then(resolve, reject);
    this.pending.clear();
  }
}

function countOf(body: unknown): number {
  const commands = (body as { commands?: unknown } | null)?.commands;
  return Array.isArray(commands) ? commands.length : 0;
}

function inline(request: PrepareRequest): Promise<BatchPreparation> {
  if ('items' in request) return prepareItems(request.items, request.caller).then((items) => ({ items }));
  return prepareBatch(request.body, request.caller, request.max);
}

/** Only what the preparation reads of the caller crosses (a principal may hold more). */
function crossing(caller: CommandCaller): CommandCaller {
  const principal = caller.principal;
  return {
    headers: caller.headers,
    ...(principal ? { principal: { actor: principal.actor, sessionId: principal.sessionId } } : {}),
  };
}
