// Delivers the webhook outbox: every due delivery is POSTed to its subscriber, signed, with the
// delivery's id (the same on every retry: receivers drop repeats by it). A 2xx settles it; any
// other answer, a timeout or a refused connection is retried with exponential backoff and
// jitter, and after the last attempt the delivery is dead-lettered for the admins to see.
// At-least-once: a delivery is marked only after the receiver answered.
import { backoffDelay } from '@ledger/retry';
import type { DueDelivery, WebhookOutbox } from './webhook-outbox';
import { DELIVERY_ID_HEADER, EVENT_TYPE_HEADER, SIGNATURE_HEADER, signatureHeader } from './webhook-signature';

export interface DeliveryPolicy {
  /** Attempts in all, the first included, before a delivery is dead-lettered. */
  maxAttempts: number;
  initialBackoffMs: number;
  maxBackoffMs: number;
  timeoutMs: number;
  /** Deliveries sent per round (concurrently). */
  batch: number;
}

export interface DeliveryRound {
  delivered: number;
  retried: number;
  dead: number;
}

/** The JSON a subscriber receives. */
export function webhookBody(delivery: DueDelivery): string {
  const { event } = delivery;
  return JSON.stringify({
    deliveryId: delivery.deliveryId,
    eventId: event.eventId,
    type: event.type,
    stream: event.stream,
    position: event.position,
    recordedAt: event.recordedAt,
    data: event.data,
  });
}

export class WebhookDispatcher {
  constructor(
    private readonly outbox: WebhookOutbox,
    private readonly policy: DeliveryPolicy,
    private readonly random: () => number = Math.random,
  ) {}

  /** One round: the deliveries due at `nowMs`, each attempted once. */
  async deliverDue(nowMs: number): Promise<DeliveryRound> {
    const round: DeliveryRound = { delivered: 0, retried: 0, dead: 0 };
    const due = this.outbox.due(nowMs, this.policy.batch);
    await Promise.all(
      due.map(async (delivery) => {
        const error = await this.attempt(delivery, nowMs);
        const at = new Date(nowMs).toISOString();
        if (error === null) {
          this.outbox.delivered(delivery.deliveryId, at);
          round.delivered++;
          return;
        }
        const attempt = delivery.attempts + 1;
        if (attempt >= this.policy.maxAttempts) {
          this.outbox.failed(delivery.deliveryId, error, at, null);
          round.dead++;
          return;
        }
        const backoff = { initialMs: this.policy.initialBackoffMs, maxMs: this.policy.maxBackoffMs };
        this.outbox.failed(delivery.deliveryId, error, at, nowMs + backoffDelay(attempt, backoff, this.random));
        round.retried++;
      }),
    );
    return round;
  }

  /** Null on a 2xx, else what went wrong. */
  private async attempt(delivery: DueDelivery, nowMs: number): Promise<string | null> {
    const body = webhookBody(delivery);
    const timestamp = Math.floor(nowMs / 1000);
    try {
      const response = await fetch(delivery.subscription.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [DELIVERY_ID_HEADER]: delivery.deliveryId,
          [EVENT_TYPE_HEADER]: delivery.event.type,
          [SIGNATURE_HEADER]: signatureHeader(delivery.subscription.secret, timestamp, body),
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.policy.timeoutMs),
      });
      await response.body?.cancel();
      return response.status >= 200 && response.status < 300 ? null : `HTTP ${response.status}`;
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      return `${(error as Error).name}: ${(error as Error).message}${cause ? ` (${cause})` : ''}`;
    }
  }
}
