// Where imported commands go: a running CRM over HTTP (partial batches, HttpSink), the embedded
// data directory directly (embedded-sink.ts), or nowhere (`--dry-run`, dry-run-sink.ts). Each sink
// has its module, so that the CLI loads only the one it uses: over HTTP, neither the stores nor
// the validation; into a data directory, no validation on the main thread.
import type { BatchItem, BatchItemResult, CommandCaller } from '@ledger/commands/embedded';
import type { FieldProblem } from '@ledger/domain';
import type { RowMapperConfig } from './row-unit-mapper';
import type { SourceRow } from './sources';

/** A unit's outcome: the results of its items (its customer's registration first, if any), or why it was not mapped. */
export type UnitOutcome = { results: BatchItemResult[] } | { problem: FieldProblem };
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

/** Causes that mean nothing answers at the address, as opposed to a connection that failed later. */
const NOTHING_THERE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

export class HttpSink implements Sink {
  private readonly shown: string;

  constructor(
    private readonly url: string,
    private readonly apiKey: string,
    /** Bodies stay under the CRM's CRM_BODY_LIMIT (256 kB by default): larger batches are split. */
    private readonly maxBodyBytes = 200_000,
  ) {
    this.shown = withoutCredentials(url);
  }

  async send(items: BatchItem[]): Promise<BatchItemResult[]> {
    const body = JSON.stringify({ commands: items });
    if (Buffer.byteLength(body) > this.maxBodyBytes && items.length > 1) {
      const half = Math.ceil(items.length / 2);
      const first = await this.send(items.slice(0, half));
      const second = await this.send(items.slice(half));
      return [...first, ...second.map((result) => ({ ...result, index: result.index + half }))];
    }
    const url = `${this.url.replace(/\/$/, '')}/commands/batch?mode=partial`;
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': this.apiKey, 'x-source-channel': 'import' },
        body,
      });
    } catch (error) {
      // fetch says only "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND, a reset) is its cause.
      const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
      const why = cause?.code ?? cause?.message ?? (error as Error).message;
      throw new Error(
        NOTHING_THERE.has(cause?.code ?? '')
          ? `no CRM answered at ${this.shown}: ${why}`
          : `the connection to the CRM at ${this.shown} failed: ${why} (run again with --resume to go on)`,
      );
    }
    const text = await response.text();
    if (response.status === 401 || response.status === 403) {
      throw new Error(
        `the CRM at ${this.shown} refused the API key (${response.status}): importing takes a channel or admin key`,
      );
    }
    if (response.status !== 200) throw new Error(`the CRM answered ${response.status}: ${text.slice(0, 500)}`);
    return (JSON.parse(text) as { results: BatchItemResult[] }).results;
  }

  async close(): Promise<void> {}
}
