// Where imported commands go: a running CRM over HTTP (partial batches, HttpSink), the embedded
// data directory directly (embedded-sink.ts), or nowhere (`--dry-run`, dry-run-sink.ts). Each sink
// has its module, so that the CLI loads only the one it uses: over HTTP, neither the stores nor
// the validation; into a data directory, no validation on the main thread.
import type { BatchItem, BatchItemResult, CommandCaller } from '@ledger/commands/embedded';
import type { FieldProblem } from '@ledger/domain';
import { UNREACHABLE_CODES, retry, type BackoffOptions } from '@ledger/retry';
import type { RowMapperConfig } from './row-unit-mapper';
import type { SourceRow } from './sources';

/**
 * A unit's outcome: the results of its items (its customer's registration first, if any) and what
 * the mapping noted of it, or why it was not mapped.
 */
export type UnitOutcome = { results: BatchItemResult[]; notes?: FieldProblem[] } | { problem: FieldProblem };
/** Sends units of source rows to a sink that maps them itself. */
export type RowSender = (units: SourceRow[][]) => Promise<UnitOutcome[]>;

export interface Sink {
  send(items: BatchItem[]): Promise<BatchItemResult[]>;
  /**
   * Present when the sink maps rows to commands itself, off the main thread (--data-dir): the
   * importer then sends it the rows of each unit instead of mapping them (one sender per import).
   */
  rowSender?(config: RowMapperConfig): RowSender;
  close(): Promise<void>;
}

/** Who sends the commands of an import made without the CRM (embedded or dry run). */
export const IMPORT_CALLER: CommandCaller = {
  principal: { actor: 'import' },
  headers: { 'x-source-channel': 'import' },
};

/** An address as it may be shown: without the user and password it may carry (`https://u:p@host`). */
export const withoutCredentials = (url: string): string => url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1');

/** A failure worth sending the same batch again for: its commands' keys make that safe. */
class Passing extends Error {}

/** How often, and how patiently, a batch is sent again: about half a minute in all by default. */
export interface HttpRetries {
  attempts: number;
  backoff: BackoffOptions;
}

const RETRIES: HttpRetries = { attempts: 10, backoff: { initialMs: 500, maxMs: 5000 } };

export class HttpSink implements Sink {
  private readonly shown: string;
  private readonly endpoint: string;
  /** The CRM answered a batch: from then on, nothing answering means a restart, worth waiting out. */
  private answered = false;

  constructor(
    url: string,
    private readonly apiKey: string,
    /** Bodies stay under the CRM's CRM_BODY_LIMIT (256 kB by default): larger batches are split. */
    private readonly maxBodyBytes = 200_000,
    private readonly retries: HttpRetries = RETRIES,
  ) {
    this.shown = withoutCredentials(url);
    this.endpoint = `${url.replace(/\/$/, '')}/commands/batch?mode=partial`;
  }

  /**
   * Sends the batch, again after a failure that passes (a connection reset, 502/503/504, a CRM
   * restarting once it had answered): every command carries its idempotency key, so one that was
   * written the first time is answered as a replay. A long import rides out a restart.
   */
  async send(items: BatchItem[]): Promise<BatchItemResult[]> {
    const body = JSON.stringify({ commands: items });
    if (Buffer.byteLength(body) > this.maxBodyBytes && items.length > 1) {
      const half = Math.ceil(items.length / 2);
      const first = await this.send(items.slice(0, half));
      const second = await this.send(items.slice(half));
      return [...first, ...second.map((result) => ({ ...result, index: result.index + half }))];
    }
    try {
      const results = await retry(() => this.post(body), {
        backoff: this.retries.backoff,
        maxAttempts: this.retries.attempts,
        retryable: (error) => error instanceof Passing,
      });
      this.answered = true;
      return results;
    } catch (error) {
      if (!(error instanceof Passing)) throw error;
      throw new Error(`${error.message}, ${this.retries.attempts} times (run again with --resume to go on)`);
    }
  }

  private async post(body: string): Promise<BatchItemResult[]> {
    let response: Response;
    try {
      response = await fetch(this.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': this.apiKey, 'x-source-channel': 'import' },
        body,
      });
    } catch (error) {
      // fetch says only "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND, a reset) is its cause.
      const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
      const why = cause?.code ?? cause?.message ?? (error as Error).message;
      // Nothing there before the first answer is a wrong address: said at once.
      if (UNREACHABLE_CODES.has(cause?.code ?? '') && !this.answered) {
        throw new Error(`no CRM answered at ${this.shown}: ${why}`);
      }
      throw new Passing(`the connection to the CRM at ${this.shown} failed: ${why}`);
    }
    const text = await response.text();
    if (response.status === 401 || response.status === 403) {
      throw new Error(
        `the CRM at ${this.shown} refused the API key (${response.status}): importing takes a channel or admin key`,
      );
    }
    if ([502, 503, 504].includes(response.status)) throw new Passing(`the CRM answered ${response.status}`);
    if (response.status !== 200) throw new Error(`the CRM answered ${response.status}: ${text.slice(0, 500)}`);
    return (JSON.parse(text) as { results: BatchItemResult[] }).results;
  }

  async close(): Promise<void> {}
}
