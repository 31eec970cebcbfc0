// The headers the relay puts on every published event, CloudEvents-style (Kafka binding,
// `ce_` prefix), so consumers can route and deduplicate without parsing the value.
import { InvalidMessagingRequest } from './messaging.errors';

export interface EventEnvelope {
  /** The event type, e.g. `ContactRecorded`. */
  type: string;
  /** The event id (unique; consumers may deduplicate on it). */
  id: string;
  /** Who produced it, e.g. `ledger-crm/relay`. */
  source: string;
  /** ISO-8601 instant the store recorded the event. */
  time: string;
  schemaVersion: number;
  /** The event's global position in the store's log. */
  position: number;
}

export function eventHeaders(envelope: EventEnvelope): Record<string, string> {
  return {
    ce_specversion: '1.0',
    ce_type: envelope.type,
    ce_id: envelope.id,
    ce_source: envelope.source,
    ce_time: envelope.time,
    ce_schemaversion: String(envelope.schemaVersion),
    position: String(envelope.position),
  };
}

/** Reads the envelope back; a missing or malformed header is refused, naming it. */
export function readEventHeaders(headers: Record<string, string>): EventEnvelope {
  const text = (name: string): string => {
    const value = headers[name];
    if (typeof value !== 'string' || value.length === 0) {
      throw new InvalidMessagingRequest(`header '${name}' is missing`, `headers.${name}`);
    }
    return value;
  };
  const integer = (name: string): number => {
    const value = Number(text(name));
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new InvalidMessagingRequest(`header '${name}' is not an integer ≥ 0`, `headers.${name}`);
    }
    return value;
  };
  return {
    type: text('ce_type'),
    id: text('ce_id'),
    source: text('ce_source'),
    time: text('ce_time'),
    schemaVersion: integer('ce_schemaversion'),
    position: integer('position'),
  };
}
