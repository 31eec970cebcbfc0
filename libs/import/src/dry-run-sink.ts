// `--dry-run`: parsing, mapping and input validation only, nothing written.
import { prepareItems } from '@ledger/commands/batch-prepare';
import { runItem, type BatchItem, type BatchItemResult } from '@ledger/commands/embedded';
import { UnknownCustomer } from '@ledger/domain';
import { IMPORT_CALLER, type Sink } from './sinks';

/** Customers whose registration was refused, remembered at most: past it, their later rows pass. */
const MAX_UNREGISTERED = 100_000;

/** Validates and maps every item, writes nothing: reports 200 for what would be sent. */
export class DryRunSink implements Sink {
  /**
   * Customers whose registration this run refused: the CRM would not know them, so their commands
   * are refused as it refuses them, and their rows rejected as an import rejects them.
   */
  private readonly unregistered = new Set<string>();

  async send(items: BatchItem[]): Promise<BatchItemResult[]> {
    const prepared = await prepareItems(items, IMPORT_CALLER);
    const results: BatchItemResult[] = [];
    for (const [index, item] of prepared.entries()) {
      const { command, customerId, body } = items[index];
      // A refused item is answered as the CRM answers it; nothing is run for the others.
      if ('problems' in item) {
        results.push(await runItem(item, index, () => Promise.reject(new Error('unreachable'))));
        const registered = body['customerId'];
        if (command === 'RegisterCustomer' && typeof registered === 'string') this.forget(registered);
      } else if (customerId !== undefined && this.unregistered.has(customerId)) {
        results.push(await runItem(item, index, () => Promise.reject(new UnknownCustomer(customerId))));
      } else {
        results.push({ index, status: 200, ...(item.options.warnings ? { warnings: item.options.warnings } : {}) });
      }
    }
    return results;
  }

  async close(): Promise<void> {}

  private forget(customerId: string): void {
    if (this.unregistered.size < MAX_UNREGISTERED) this.unregistered.add(customerId);
  }
}
