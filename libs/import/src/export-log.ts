// `npm run export`: the event log as NDJSON, one stored event per line with its hash and prevHash,
// exactly as stored (personal fields stay encrypted; the keys live in keys.sqlite, not here).
// Importing such a file into an empty data directory appends every event to its stream at its
// revision, through the store's public append, so the streams come back the same and the store
// chains them anew (recordedAt and hashes are the new store's; the verifier checks that chain).
import type { RecordedEvent } from '@ledger/domain';
import type { EventStore } from '@ledger/event-store';
import { MAX_LINE_BYTES, linesOf } from './lines';

const PAGE = 1000;

/**
 * Writes the whole log (or one customer's stream) as NDJSON lines; returns how many events.
 * `onPage` is told the count so far after every page of PAGE events.
 */
export async function exportLog(
  store: EventStore,
  write: (line: string) => Promise<void> | void,
  customerId?: string,
  onPage?: (count: number) => void,
): Promise<number> {
  let count = 0;
  if (customerId !== undefined) {
    for (let from = 0; ; from += PAGE) {
      const page = await store.readStream(`customer-${customerId}`, { fromRevision: from, maxCount: PAGE });
      for (const event of page) await write(`${JSON.stringify(event)}\n`);
      count += page.length;
      onPage?.(count);
      if (page.length < PAGE) return count;
    }
  }
  for (let position = 0; ; ) {
    const page = await store.readAll({ fromPosition: position, maxCount: PAGE });
    for (const event of page) await write(`${JSON.stringify(event)}\n`);
    count += page.length;
    onPage?.(count);
    if (page.length < PAGE) return count;
    position = page[page.length - 1].position;
  }
}

/** Events appended together: one group commit (one transaction, one fsync) instead of one each. */
const APPEND_BATCH = 1000;

/**
 * Appends an exported log to a store; an event already there (same id, same place) is skipped by
 * the store. The events are handed to the store a batch at a time, one append each, in the log's
 * order: its group commit writes a batch in one transaction, in that order. An event the store
 * refuses stops the import; the later events of its batch may be written by then.
 */
export async function importLog(
  store: EventStore,
  file: string,
  /** Told after every batch: events imported, and bytes of the file read (progress). */
  onBatch?: (count: number, bytesRead: number) => void,
): Promise<number> {
  let count = 0;
  let bytesRead = 0;
  let batch: RecordedEvent[] = [];
  const flush = async () => {
    const outcomes = await Promise.allSettled(
      batch.map((stored) =>
        store.append(
          stored.streamId,
          [
            {
              eventId: stored.eventId,
              type: stored.type,
              schemaVersion: stored.schemaVersion,
              data: stored.data,
              metadata: stored.metadata,
            },
          ],
          stored.revision === 0 ? 'no_stream' : stored.revision - 1,
        ),
      ),
    );
    const refused = outcomes.find((outcome) => outcome.status === 'rejected');
    if (refused) throw refused.reason;
    count += batch.length;
    batch = [];
    onBatch?.(count, bytesRead);
  };
  for await (const lines of linesOf(file))
    for (const { text: line, bytesRead: read } of lines) {
      bytesRead = read;
      if (line === null)
        throw new Error(`'${file}' has a line longer than ${MAX_LINE_BYTES / 2 ** 20} MB: no event is`);
      // Lines that are no event are passed over: npm's banner (`> ledger-crm@… export`) in a log
      // written by `npm run export > log.ndjson` before the export refused that (export-cli.ts).
      if (!line.startsWith('{')) continue;
      batch.push(JSON.parse(line) as RecordedEvent);
      if (batch.length === APPEND_BATCH) await flush();
    }
  if (batch.length > 0) await flush();
  return count;
}
