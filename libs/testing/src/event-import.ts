// Writes generated histories straight into an event store, the way an import would: each event
// gets a fresh id and `import` provenance. Shared by tests and benchmarks that need a log
// without going through HTTP.
import { randomUUID } from 'node:crypto';
import { SCHEMA_VERSIONS, type CrmEvent, type NewEvent } from '@ledger/domain';
import type { EventStore } from '@ledger/event-store';
import type { ScenarioEvent } from './scenario-generator';

export function toNewEvent(event: CrmEvent, actor = 'import'): NewEvent {
  const id = randomUUID();
  return {
    eventId: id,
    type: event.type,
    schemaVersion: SCHEMA_VERSIONS[event.type],
    data: event.data,
    metadata: { commandId: id, correlationId: id, causationId: id, actor, channel: 'import' },
  } as NewEvent;
}

/** Appends in log order: one event per append, streams concurrently (group commit), each stream in order. */
export async function appendInLogOrder(
  store: EventStore,
  events: Iterable<ScenarioEvent>,
  actor = 'import',
): Promise<void> {
  const chains = new Map<string, Promise<unknown>>();
  for (const { streamId, event } of events) {
    const previous = chains.get(streamId) ?? Promise.resolve();
    chains.set(
      streamId,
      previous.then(() => store.append(streamId, [toNewEvent(event, actor)], 'any')),
    );
  }
  await Promise.all(chains.values());
}
