// How a stored event travels through the broker: the whole RecordedEvent as JSON (personal
// fields stay sealed, as in the store) with CloudEvents headers. The relay encodes, projection
// consumers decode; one place so the two sides cannot drift apart.
import type { RecordedEvent } from '@ledger/domain';
import { eventHeaders, readEventHeaders } from './cloud-events';
import type { DeliveredMessage, OutgoingRecord } from './messaging.port';

export const RELAY_SOURCE = 'ledger-crm/relay';

/**
 * The relay's checkpoint: document `RELAY_ID` (lastPosition = last position the broker
 * acknowledged) in the read store's `RELAY_CHECKPOINTS` collection. Here, beside the codec,
 * because query services read it too (read-your-writes in distributed mode).
 */
export const RELAY_CHECKPOINTS = 'relay_checkpoints';
export const RELAY_ID = 'relay';

/** A message that is not a Ledger event (a poison message: it goes to the dead-letter topic). */
export class UndecodableEvent extends Error {
  constructor(message: DeliveredMessage, reason: string) {
    super(`${message.topic}/${message.partition}@${message.offset} is not a Ledger event: ${reason}`);
    this.name = 'UndecodableEvent';
  }
}

/**
 * The partition key keeps one stream's events in order: a customer's events (in their stream,
 * including campaign touches) are keyed by the customer id, a campaign's own events by the campaign id.
 */
export function partitionKeyOf(event: RecordedEvent): string {
  const customerId = (event.data as { customerId?: unknown }).customerId;
  if (typeof customerId === 'string' && event.streamId.startsWith('customer-')) return customerId;
  const dash = event.streamId.indexOf('-');
  return dash >= 0 ? event.streamId.slice(dash + 1) : event.streamId;
}

export function encodeEvent(event: RecordedEvent, topic: string): OutgoingRecord {
  return {
    topic,
    key: partitionKeyOf(event),
    value: JSON.stringify(event),
    headers: eventHeaders({
      type: event.type,
      id: event.eventId,
      source: RELAY_SOURCE,
      time: event.recordedAt,
      schemaVersion: event.schemaVersion,
      position: event.position,
    }),
  };
}

export function decodeEvent(message: DeliveredMessage): RecordedEvent {
  let envelope;
  let event: RecordedEvent;
  try {
    envelope = readEventHeaders(message.headers);
    event = JSON.parse(message.value.toString('utf8')) as RecordedEvent;
  } catch (error) {
    throw new UndecodableEvent(message, (error as Error).message);
  }
  // The headers are what routing and deduplication trust: the body must agree with them.
  if (
    typeof event !== 'object' ||
    event === null ||
    event.position !== envelope.position ||
    event.eventId !== envelope.id ||
    event.type !== envelope.type ||
    typeof event.streamId !== 'string'
  ) {
    throw new UndecodableEvent(message, 'body does not match its ce_id/ce_type/position headers');
  }
  return event;
}
