// Store envelopes for projection specs: wraps events as the global log delivers them (positions
// 1, 2, 3…, revisions per stream), and folds a log into a projection the way the runner does.
import type { CrmEvent, RecordedEvent } from '@ledger/domain';
import type { ProjectedDocument, Projection } from '../projection';

export interface RecordOptions {
  /** Record time; defaults to the event's business time. */
  recordedAt?: string;
  eventId?: string;
}

/** A log under construction: each `record` call appends at the next global position. */
export class RecordedLog {
  readonly events: RecordedEvent[] = [];
  private readonly revisions = new Map<string, number>();

  record(event: CrmEvent, options: RecordOptions = {}): RecordedEvent {
    const data = event.data as { customerId?: string; campaignId?: string; userId?: string; occurredAt: string };
    const streamId =
      event.type === 'CampaignLaunched'
        ? `campaign-${data.campaignId}`
        : data.userId !== undefined
          ? `user-${data.userId}`
          : `customer-${data.customerId}`;
    const revision = this.revisions.get(streamId) ?? 0;
    this.revisions.set(streamId, revision + 1);
    const position = this.events.length + 1;
    const recorded = {
      eventId: options.eventId ?? `evt-${position}`,
      type: event.type,
      schemaVersion: 1,
      data: event.data,
      metadata: {
        commandId: `cmd-${position}`,
        correlationId: 'spec',
        causationId: 'spec',
        actor: 'spec',
        channel: 'spec',
      },
      streamId,
      revision,
      position,
      recordedAt: options.recordedAt ?? data.occurredAt,
    } as RecordedEvent;
    this.events.push(recorded);
    return recorded;
  }

  recordAll(events: readonly CrmEvent[]): RecordedEvent[] {
    return events.map((event) => this.record(event));
  }
}

export const recorded = (events: readonly CrmEvent[]): RecordedEvent[] => new RecordedLog().recordAll(events);

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * Applies a log like the projection runner (keysOf, stored document or null, skip events at or
 * below lastPosition). Documents are frozen before each apply, so an impure apply throws.
 */
export function foldLog<D extends ProjectedDocument>(
  projection: Projection<D>,
  log: readonly RecordedEvent[],
  docs: Map<string, D> = new Map(),
): Map<string, D> {
  for (const event of log) {
    for (const id of projection.keysOf(event)) {
      const doc = docs.get(id) ?? null;
      if (doc && doc.lastPosition >= event.position) continue;
      const next = projection.apply(doc && deepFreeze(doc), event, id);
      if (next) docs.set(id, next);
    }
  }
  return docs;
}
