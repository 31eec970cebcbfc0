// What every adapter does with a batch: hand it to the handler, redeliver after a pause when
// it fails, and (if asked) set poison messages aside in `<topic>.dlq`. The adapter commits
// only when this says so, which is what makes delivery at-least-once.
import type { BatchHandler, DeliveredMessage, MessageBatch, OutgoingRecord, SubscribeOptions } from './messaging.port';

export const DEFAULT_RETRY_DELAY_MS = 200;

export interface DeliveryContext {
  options: SubscribeOptions;
  /** False once the subscription is stopping: give up without committing. */
  isRunning(): boolean;
  publish(records: OutgoingRecord[]): Promise<void>;
}

export function deadLetterTopic(topic: string): string {
  return `${topic}.dlq`;
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** The dead-letter record: the original key, value and headers, plus where it came from and why. */
export function deadLetterRecord(
  message: DeliveredMessage,
  groupId: string,
  error: unknown,
  attempts: number,
): OutgoingRecord {
  return {
    topic: deadLetterTopic(message.topic),
    key: message.key ?? '',
    value: message.value,
    headers: {
      ...message.headers,
      dlq_error: errorText(error).slice(0, 2000),
      dlq_topic: message.topic,
      dlq_partition: String(message.partition),
      dlq_offset: message.offset,
      dlq_group_id: groupId,
      dlq_attempts: String(attempts),
    },
  };
}

/** Waits `ms`, heart-beating every second so a long back-off does not cost the partition. */
async function pause(ms: number, batch: MessageBatch, context: DeliveryContext): Promise<void> {
  const until = Date.now() + ms;
  while (context.isRunning() && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(1000, until - Date.now())));
    await batch.heartbeat();
  }
}

/** Tries one batch up to `limit` times (forever without one); returns the last error or undefined. */
async function attempt(
  batch: MessageBatch,
  handler: BatchHandler,
  context: DeliveryContext,
  limit: number | undefined,
): Promise<{ ok: boolean; error?: unknown; attempts: number }> {
  const delay = context.options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS;
  let error: unknown;
  for (let attempts = 1; context.isRunning(); attempts++) {
    try {
      await handler(batch);
      return { ok: true, attempts };
    } catch (caught) {
      error = caught;
      if (limit !== undefined && attempts >= limit) return { ok: false, error, attempts };
      await pause(delay, batch, context);
    }
  }
  return { ok: false, error, attempts: 0 };
}

/**
 * Delivers a batch until it is handled (or dead-lettered). Resolves true when the batch may be
 * committed, false when the subscription stopped first (nothing may be committed then).
 */
export async function deliverBatch(
  batch: MessageBatch,
  handler: BatchHandler,
  context: DeliveryContext,
): Promise<boolean> {
  const limit = context.options.deadLetterAfterAttempts;
  const whole = await attempt(batch, handler, context, limit);
  if (whole.ok) return true;
  if (!context.isRunning() || limit === undefined) return false;
  // Find the poison: each message alone, in order, so per-key order still holds.
  for (const message of batch.messages) {
    const single = await attempt({ ...batch, messages: [message] }, handler, context, limit);
    if (single.ok) continue;
    if (!context.isRunning()) return false;
    await context.publish([deadLetterRecord(message, context.options.groupId, single.error, single.attempts)]);
  }
  return true;
}
