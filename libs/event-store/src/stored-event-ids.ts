// Which event ids a store holds, for any adapter: its own set query when it has one, else one
// readEvent per id (what the caller would have done anyway).
import type { EventStore } from './event-store.port';

export async function storedEventIds(store: EventStore, eventIds: readonly string[]): Promise<Set<string>> {
  if (eventIds.length === 0) return new Set();
  if (store.existingEventIds) return store.existingEventIds(eventIds);
  const found = await Promise.all(eventIds.map((id) => store.readEvent(id)));
  return new Set(eventIds.filter((_, i) => found[i] !== null));
}
