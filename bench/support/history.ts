// Fills an event store with a generated CRM history (the seeded scenario generator, the real
// deciders), chunk by chunk so a million events never sit in memory at once. Each chunk has its
// own id prefix; within a chunk events keep the generator's global order.
import type { EventStore } from '@ledger/event-store';
import { appendInLogOrder, generateScenario, type ScenarioEvent } from '@ledger/testing';

const CUSTOMERS_PER_CHUNK = 2000;

/** Generated histories of about `events` events in total, `eventsPerCustomer` each on average. */
export function* historyChunks(events: number, eventsPerCustomer = 30): Generator<ScenarioEvent[]> {
  let produced = 0;
  for (let chunk = 0; produced < events; chunk++) {
    const customers = Math.max(1, Math.min(CUSTOMERS_PER_CHUNK, Math.ceil((events - produced) / eventsPerCustomer)));
    const history = generateScenario({
      seed: 1000 + chunk,
      customers,
      start: '2024-01-01T00:00:00.000Z',
      months: 24,
      eventsPerCustomer,
      idPrefix: `h${chunk}-`,
    }).slice(0, events - produced);
    produced += history.length;
    yield history;
  }
}

/** Generates and appends about `events` events; returns how many were written. */
export async function fillStore(store: EventStore, events: number, eventsPerCustomer?: number): Promise<number> {
  let written = 0;
  for (const chunk of historyChunks(events, eventsPerCustomer)) {
    await appendInLogOrder(store, chunk, 'bench');
    written += chunk.length;
  }
  return written;
}
