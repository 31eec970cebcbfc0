// Which event ids a store holds, for any adapter: its own set query when it has one, else one
// readEvent per id, one after the other (the look-ups the caller would have made anyway, at the
// same pace: a remote store is not sent a thousand reads at once).
import type { EventStore } from './event-store.port';

export async function storedEventIds(store: EventStore, eventIds: readonly string[]): Promise<Set<string>> {
  if (eventIds.length === 0) return new Set();
  if (store.existingEventIds) return store.existingEventIds(eventIds);
  const found = new Set<string>();
  for (const id of eventIds) if (await store.readEvent(id)) found.add(id);
  return found;
}
