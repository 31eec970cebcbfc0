// What crosses between the event store and its writer thread. Errors lose their class in a
// structured clone, so the typed refusals an append can meet (HTTP 409s) travel as their fields
// and are built again on the store's side; anything else keeps its message, name and code.
import { ExpectedVersionMismatch } from '@ledger/domain';
import { DuplicateEventId, type AppendResult } from '@ledger/event-store';
import type { Outcome } from '@ledger/group-commit';
import type { AppendOutcome, AppendRequest } from './sqlite-batch-writer';

export type WireError =
  | {
      type: 'ExpectedVersionMismatch';
      streamId: string;
      expected: number | 'no_stream' | 'stream_exists';
      actual: number | 'no_stream';
    }
  | { type: 'DuplicateEventId'; eventId: string; storedInStream?: string }
  | { type: 'Error'; name: string; message: string; code?: string };

export type WireOutcome = Outcome<AppendResult> | { ok: false; error: WireError };

export type WriterRequest = { seq: number; batch: AppendRequest[] } | { close: true };
export type WriterReply = { seq: number; outcomes: WireOutcome[] } | { seq: number; failed: WireError };

export function toWire(error: unknown): WireError {
  if (error instanceof ExpectedVersionMismatch) {
    const { streamId, expected, actual } = error;
    return { type: 'ExpectedVersionMismatch', streamId, expected, actual };
  }
  if (error instanceof DuplicateEventId) {
    return { type: 'DuplicateEventId', eventId: error.eventId, storedInStream: error.storedInStream };
  }
  const { name, message, code } = (error ?? {}) as { name?: unknown; message?: unknown; code?: unknown };
  return {
    type: 'Error',
    name: typeof name === 'string' ? name : 'Error',
    message: typeof message === 'string' ? message : String(error),
    code: typeof code === 'string' ? code : undefined,
  };
}

export function fromWire(wire: WireError): Error {
  switch (wire.type) {
    case 'ExpectedVersionMismatch':
      return new ExpectedVersionMismatch(wire.streamId, wire.expected, wire.actual);
    case 'DuplicateEventId':
      return new DuplicateEventId(wire.eventId, wire.storedInStream);
    case 'Error': {
      const error = new Error(wire.message) as Error & { code?: string };
      error.name = wire.name;
      if (wire.code !== undefined) error.code = wire.code;
      return error;
    }
  }
}

export function outcomesToWire(outcomes: AppendOutcome[]): WireOutcome[] {
  return outcomes.map((o) => (o.ok ? o : { ok: false, error: toWire(o.error) }));
}

export function outcomesFromWire(outcomes: WireOutcome[]): AppendOutcome[] {
  return outcomes.map((o) => (o.ok ? o : { ok: false, error: fromWire(o.error as WireError) }));
}
