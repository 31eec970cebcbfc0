// Argument rules every adapter checks before talking to a broker, so a bad record fails the
// same typed way everywhere and nothing of the call is published.
import { InvalidMessagingRequest } from './messaging.errors';
import type { OutgoingRecord, SubscribeOptions } from './messaging.port';

/** Kafka's own topic-name rule (legal characters, at most 249 long). */
const TOPIC = /^[a-zA-Z0-9._-]{1,249}$/;

export function validateTopic(topic: unknown, field = 'topic'): asserts topic is string {
  if (typeof topic !== 'string' || !TOPIC.test(topic) || topic === '.' || topic === '..') {
    throw new InvalidMessagingRequest(`a topic is 1 to 249 of [a-zA-Z0-9._-]`, field);
  }
}

export function validateRecords(records: readonly OutgoingRecord[]): void {
  if (!Array.isArray(records)) throw new InvalidMessagingRequest('records must be a list', 'records');
  records.forEach((record, i) => {
    validateTopic(record?.topic, `records[${i}].topic`);
    if (typeof record.key !== 'string') {
      throw new InvalidMessagingRequest('a key is a string', `records[${i}].key`);
    }
    if (typeof record.value !== 'string' && !Buffer.isBuffer(record.value)) {
      throw new InvalidMessagingRequest('a value is a string or a Buffer', `records[${i}].value`);
    }
    const headers = record.headers;
    if (headers === null || typeof headers !== 'object' || Array.isArray(headers)) {
      throw new InvalidMessagingRequest('headers are an object of strings', `records[${i}].headers`);
    }
    for (const [name, value] of Object.entries(headers)) {
      if (typeof value !== 'string') {
        throw new InvalidMessagingRequest('a header value is a string', `records[${i}].headers.${name}`);
      }
    }
  });
}

export function validateSubscription(options: SubscribeOptions): void {
  validateTopic(options?.topic);
  if (typeof options.groupId !== 'string' || options.groupId.length === 0) {
    throw new InvalidMessagingRequest('a group id is a non-empty string', 'groupId');
  }
  if (typeof options.fromBeginning !== 'boolean') {
    throw new InvalidMessagingRequest('fromBeginning is true or false', 'fromBeginning');
  }
  const { retryDelayMs, deadLetterAfterAttempts } = options;
  if (retryDelayMs !== undefined && !(Number.isInteger(retryDelayMs) && retryDelayMs >= 0)) {
    throw new InvalidMessagingRequest('retryDelayMs is an integer ≥ 0', 'retryDelayMs');
  }
  if (
    deadLetterAfterAttempts !== undefined &&
    !(Number.isInteger(deadLetterAfterAttempts) && deadLetterAfterAttempts >= 1)
  ) {
    throw new InvalidMessagingRequest('deadLetterAfterAttempts is an integer ≥ 1', 'deadLetterAfterAttempts');
  }
}

export function validatePartitions(partitions: unknown): asserts partitions is number {
  if (typeof partitions !== 'number' || !Number.isInteger(partitions) || partitions < 1) {
    throw new InvalidMessagingRequest('partitions is an integer ≥ 1', 'partitions');
  }
}
