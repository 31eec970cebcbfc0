// `npm run export`: the event log as NDJSON, one stored event per line with its hash and prevHash,
// exactly as stored (personal fields stay encrypted; the keys live in keys.sqlite, not here).
// Importing such a file into an empty data directory appends every event to its stream at its
// revision, through the store's public append, so the streams come back the same and the store
// chains them anew (recordedAt and hashes are the new store's; the verifier checks that chain).
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { NewEvent, RecordedEvent } from '@ledger/domain';
import type { EventStore } from '@ledger/event-store';

const PAGE = 1000;

/** Writes the whole log (or one customer's stream) as NDJSON lines; returns how many events. */
export async function exportLog(
  store: EventStore,
  write: (line: string) => Promise<void> | void,
  customerId?: string,
): Promise<number> {
  let count = 0;
  if (customerId !== undefined) {
    for (let from = 0; ; from += PAGE) {
      const page = await store.readStream(`customer-${customerId}`, { fromRevision: from, maxCount: PAGE });
      for (const event of page) await write(`${JSON.stringify(event)}\n`);
      count += page.length;
      if (page.length < PAGE) return count;
    }
  }
  for (let position = 0; ; ) {
    const page = await store.readAll({ fromPosition: position, maxCount: PAGE });
    for (const event of page) await write(`${JSON.stringify(event)}\n`);
    count += page.length;
    if (page.length < PAGE) return count;
    position = page[page.length - 1].position;
  }
}

/** Appends an exported log to a store; an event already there (same id, same place) is skipped by the store. */
export async function importLog(store: EventStore, file: string, onEvent?: (count: number) => void): Promise<number> {
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let count = 0;
  for await (const line of lines) {
    // `npm run export > log.ndjson` also writes npm's own banner lines (`> ledger-crm@… export`).
    if (!line.startsWith('{')) continue;
    const stored = JSON.parse(line) as RecordedEvent;
    const event: NewEvent = {
      eventId: stored.eventId,
      type: stored.type,
      schemaVersion: stored.schemaVersion,
      data: stored.data,
      metadata: stored.metadata,
    };
    await store.append(stored.streamId, [event], stored.revision === 0 ? 'no_stream' : stored.revision - 1);
    count++;
    onEvent?.(count);
  }
  return count;
}
