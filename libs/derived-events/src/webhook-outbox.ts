// The webhook outbox in derived-events.sqlite once the store has queued a delivery with its
// event: what is due, each attempt's outcome, dead letters and their redelivery, counts by status.
import type Database from 'better-sqlite3';
import type { DeadLetter, WebhookSubscription } from './api';
import {
  toEvent,
  toSubscription,
  type EventRow,
  type StoredDerivedEvent,
  type SubscriptionRow,
} from './derived-event-tables';
import type { DerivedEventType } from './membership-changes';

export interface DueDelivery {
  deliveryId: string;
  attempts: number;
  subscription: WebhookSubscription;
  event: StoredDerivedEvent;
}

export class WebhookOutbox {
  constructor(private readonly db: Database.Database) {}

  /** Pending deliveries whose next attempt is due, oldest event first. */
  due(nowMs: number, limit: number): DueDelivery[] {
    const rows = this.db
      .prepare(
        `SELECT d.delivery_id, d.attempts, s.id, s.url, s.event_types, s.secret, s.created_at,
                e.position, e.event_id, e.stream_id, e.type, e.data, e.recorded_at
         FROM webhook_deliveries d
         JOIN webhook_subscriptions s ON s.id = d.subscription_id
         JOIN derived_events e ON e.position = d.position
         WHERE d.status = 'pending' AND d.next_attempt_at <= ?
         ORDER BY d.next_attempt_at, d.position LIMIT ?`,
      )
      .all(nowMs, limit) as (EventRow & SubscriptionRow & { delivery_id: string; attempts: number })[];
    return rows.map((row) => ({
      deliveryId: row.delivery_id,
      attempts: row.attempts,
      subscription: toSubscription(row),
      event: toEvent(row),
    }));
  }

  delivered(deliveryId: string, at: string): void {
    this.db
      .prepare(
        "UPDATE webhook_deliveries SET status = 'delivered', attempts = attempts + 1, updated_at = ? WHERE delivery_id = ?",
      )
      .run(at, deliveryId);
  }

  /** A failed attempt: retried at `nextAttemptAt`, or dead-lettered when that is null. */
  failed(deliveryId: string, error: string, at: string, nextAttemptAt: number | null): void {
    this.db
      .prepare(
        `UPDATE webhook_deliveries SET attempts = attempts + 1, last_error = ?, updated_at = ?,
           status = CASE WHEN ? IS NULL THEN 'dead' ELSE 'pending' END,
           next_attempt_at = COALESCE(?, next_attempt_at)
         WHERE delivery_id = ?`,
      )
      .run(error.slice(0, 500), at, nextAttemptAt, nextAttemptAt, deliveryId);
  }

  /** Puts a dead letter back in the queue, due at `nowMs`, its attempts counted afresh; false if none. */
  redeliver(deliveryId: string, nowMs: number, at: string): boolean {
    const changed = this.db
      .prepare(
        `UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_attempt_at = ?, updated_at = ?
         WHERE delivery_id = ? AND status = 'dead'
           AND subscription_id IN (SELECT id FROM webhook_subscriptions)`,
      )
      .run(nowMs, at, deliveryId).changes;
    return changed > 0;
  }

  deadLetters(limit: number): DeadLetter[] {
    const rows = this.db
      .prepare(
        `SELECT d.delivery_id, d.subscription_id, d.position, d.attempts, d.last_error, d.updated_at,
                e.event_id, e.type, COALESCE(s.url, '') AS url
         FROM webhook_deliveries d
         JOIN derived_events e ON e.position = d.position
         LEFT JOIN webhook_subscriptions s ON s.id = d.subscription_id
         WHERE d.status = 'dead' ORDER BY d.updated_at DESC, d.delivery_id LIMIT ?`,
      )
      .all(limit) as {
      delivery_id: string;
      subscription_id: string;
      position: number;
      attempts: number;
      last_error: string | null;
      updated_at: string;
      event_id: string;
      type: DerivedEventType;
      url: string;
    }[];
    return rows.map((row) => ({
      deliveryId: row.delivery_id,
      subscriptionId: row.subscription_id,
      url: row.url,
      eventId: row.event_id,
      type: row.type,
      position: row.position,
      attempts: row.attempts,
      lastError: row.last_error,
      deadAt: row.updated_at,
    }));
  }

  /** Counts by status, for the admin view. */
  deliveryCounts(): Record<'pending' | 'delivered' | 'dead', number> {
    const counts = { pending: 0, delivered: 0, dead: 0 };
    const rows = this.db.prepare('SELECT status, COUNT(*) AS n FROM webhook_deliveries GROUP BY status').all() as {
      status: keyof typeof counts;
      n: number;
    }[];
    for (const { status, n } of rows) counts[status] = n;
    return counts;
  }
}
