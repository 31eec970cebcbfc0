// Converting between the port's plain messages and kafkajs's wire shapes.
import type { IHeaders, KafkaMessage } from 'kafkajs';
import type { DeliveredMessage } from '@ledger/messaging';

/** Kafka header values are bytes (possibly repeated); the port has one string per name. */
export function readHeaders(headers: IHeaders | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, raw] of Object.entries(headers ?? {})) {
    // A repeated header keeps its last value, as a map would.
    const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
    if (value !== undefined) result[name] = Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
  }
  return result;
}

export function toDelivered(topic: string, partition: number, message: KafkaMessage): DeliveredMessage {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key === null ? null : message.key.toString('utf8'),
    // A tombstone (null value) reaches the handler as an empty buffer.
    value: message.value ?? Buffer.alloc(0),
    headers: readHeaders(message.headers),
  };
}
