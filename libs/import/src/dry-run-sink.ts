// `--dry-run`: parsing, mapping and input validation only, nothing written.
import { prepareItems } from '@ledger/commands/batch-prepare';
import { runItem, type BatchItem, type BatchItemResult } from '@ledger/commands/embedded';
import { IMPORT_CALLER, type Sink } from './sinks';

/** Validates and maps every item, writes nothing: reports 200 for what would be sent. */
export class DryRunSink implements Sink {
  async send(items: BatchItem[]): Promise<BatchItemResult[]> {
    const prepared = await prepareItems(items, IMPORT_CALLER);
    const results: BatchItemResult[] = [];
    for (const [index, item] of prepared.entries()) {
      // A refused item is answered as the CRM answers it; nothing is run for the others.
      if ('problems' in item) results.push(await runItem(item, index, () => Promise.reject(new Error('unreachable'))));
      else results.push({ index, status: 200, ...(item.options.warnings ? { warnings: item.options.warnings } : {}) });
    }
    return results;
  }

  async close(): Promise<void> {}
}
