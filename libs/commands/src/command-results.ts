// What a command answers: its result when it ran now, ran before (its idempotency key found in
// the log), or changed nothing. Shared by the executor and the bulk path (batch-bulk.ts).
import { IdempotencyKeyReused, type RecordedEvent } from '@ledger/domain';
import type { EventStore } from '@ledger/event-store';
import type { CommandResult } from './api';
import type { CommandOptions } from './command-executor';
import { deterministicUuid } from './ids';
import type { StreamState } from './stream-state-cache';

/** The id of the first event a command appends (see eventsToAppend): found stored, the command ran before. */
export function firstEventId(options: CommandOptions): string {
  return deterministicUuid(options.commandId, '0');
}

/** The result of an earlier execution of the same command, if its idempotency key was seen. */
export async function earlierResult(
  store: EventStore,
  streamId: string,
  options: CommandOptions,
): Promise<CommandResult | null> {
  if (!options.idempotencyKeyGiven) return null;
  const first = await store.readEvent(firstEventId(options));
  if (!first) return null;
  if (first.metadata.requestHash !== options.requestHash || first.streamId !== streamId) {
    throw new IdempotencyKeyReused(options.commandId);
  }
  const stored = await store.readStream(streamId, { fromRevision: first.revision, maxCount: 100 });
  const own = stored.filter((event) => event.metadata.commandId === options.commandId);
  return toResult(options.commandId, streamId, own, true);
}

/** A command that changed nothing: the stream as it stands. */
export function unchangedResult(
  streamId: string,
  current: StreamState<unknown>,
  options: CommandOptions,
): CommandResult {
  return {
    commandId: options.commandId,
    streamId,
    revision: current.revision,
    position: current.lastPosition,
    events: [],
    replayed: false,
  };
}

/** The result with the warnings the mapping collected (input kept as given but worth a look). */
export function withWarnings(result: CommandResult, options: CommandOptions): CommandResult {
  return options.warnings?.length ? { ...result, warnings: options.warnings } : result;
}

export function toResult(
  commandId: string,
  streamId: string,
  events: ReadonlyArray<Pick<RecordedEvent, 'eventId' | 'type' | 'revision' | 'position'>>,
  replayed: boolean,
): CommandResult {
  const last = events[events.length - 1];
  return {
    commandId,
    streamId,
    revision: last.revision,
    position: last.position,
    events: events.map((e) => ({ eventId: e.eventId, type: e.type, revision: e.revision, position: e.position })),
    replayed,
  };
}
