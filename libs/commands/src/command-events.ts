// The events a command appends, as the executor and the bulk path (batch-bulk.ts) both build
// them: ids derived from the command id, and the metadata that says who, why and from which request.
import { SCHEMA_VERSIONS, type CrmEvent, type NewEvent } from '@ledger/domain';
import type { CommandOptions } from './command-executor';
import { deterministicUuid } from './ids';

/**
 * The events a command appends: ids derived from the command id (a retry makes the same ones).
 * `firstId`: the first one's, when the caller has derived it already (firstEventId).
 */
export function eventsToAppend(events: CrmEvent[], options: CommandOptions, firstId?: string): NewEvent[] {
  return events.map((event, index) => ({
    eventId: index === 0 && firstId !== undefined ? firstId : deterministicUuid(options.commandId, String(index)),
    type: event.type,
    schemaVersion: SCHEMA_VERSIONS[event.type],
    data: event.data,
    metadata: {
      commandId: options.commandId,
      correlationId: options.correlationId ?? options.commandId,
      causationId: options.commandId,
      actor: options.actor,
      ...(options.session ? { session: options.session } : {}),
      channel: options.channel,
      requestHash: options.requestHash,
    },
  }));
}
