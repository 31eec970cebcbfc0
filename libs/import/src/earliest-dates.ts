// Customers are registered on first sight, as of that row's date. In a file not oldest first (some
// shop exports list the newest orders first) that is not their earliest: `--earliest-dates` reads
// the file once before importing it, for each customer's earliest date, and registers them as of
// that. One entry per customer, not per row: memory grows with the customers, as the importer's
// own record of whom it registered does.
import { RowProblem, fieldOf, instantOf, type Mapping } from './mapping';
import { unitCustomerOf } from './row-commands';
import type { SourceRow } from './sources';

/**
 * Each customer's earliest date among the rows that name them (ISO instants). Rows whose date
 * does not read are left out: the import rejects them, and says why.
 */
export async function earliestDates(
  rows: AsyncIterable<SourceRow>,
  mapping: Mapping,
  onRow?: (row: SourceRow, customers: number) => void,
  stopRequested?: () => boolean,
): Promise<Map<string, string>> {
  const earliest = new Map<string, string>();
  for await (const row of rows) {
    if (stopRequested?.()) break; // Ctrl-C: the caller imports nothing
    onRow?.(row, earliest.size);
    if (row.problem) continue;
    const customerId = unitCustomerOf(mapping, row.fields);
    if (customerId === undefined) continue;
    let at;
    try {
      at = instantOf(mapping, fieldOf(mapping, row.fields, 'date'), 'date');
    } catch (error) {
      if (error instanceof RowProblem) continue;
      throw error;
    }
    if (at === undefined) continue;
    const known = earliest.get(customerId);
    if (known === undefined || (at !== known && Date.parse(at) < Date.parse(known))) earliest.set(customerId, at);
  }
  return earliest;
}
