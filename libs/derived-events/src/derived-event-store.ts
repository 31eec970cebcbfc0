// The derived events' own SQLite file (`derived-events.sqlite` beside the event log): the
// segment-membership streams and the webhook subscriptions; a delivery, once queued, is the
// outbox's (webhook-outbox.ts). Kept apart from the event store so a derived event never enters
// a customer's stream or moves the log's head, and so the customers' facts stay the only thing
// the log holds. An appended event and its deliveries are written in one transaction: nothing
// published is ever without its outbox.
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import type { WebhookSubscription } from './api';
import {
  SCHEMA,
  toEvent,
  toSubscription,
  type EventRow,
  type StoredDerivedEvent,
  type SubscriptionRow,
} from './derived-event-tables';
import { DERIVED_STREAM_CATEGORY, type DerivedEvent } from './membership-changes';
import { WebhookOutbox } from './webhook-outbox';

export type { DeadLetter, WebhookSubscription } from './api';
export type { StoredDerivedEvent } from './derived-event-tables';

export class DerivedEventStore {
  /** Deliveries after append queued them (removeSubscription drops the pending ones itself). */
  readonly outbox: WebhookOutbox;

  private constructor(private readonly db: Database.Database) {
    this.outbox = new WebhookOutbox(db);
  }

  static open(file: string): DerivedEventStore {
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec(SCHEMA);
    return new DerivedEventStore(db);
  }

  close(): void {
    this.db.close();
  }

  /** Appends the events in order, each with a pending delivery for every subscription to its type. */
  append(events: readonly DerivedEvent[], recordedAt: string): StoredDerivedEvent[] {
    const insertEvent = this.db.prepare(
      'INSERT INTO derived_events (event_id, stream_id, type, data, recorded_at) VALUES (?, ?, ?, ?, ?)',
    );
    const insertDelivery = this.db.prepare(
      `INSERT INTO webhook_deliveries (delivery_id, subscription_id, position, status, next_attempt_at, updated_at)
       VALUES (?, ?, ?, 'pending', ?, ?)`,
    );
    const run = this.db.transaction((): StoredDerivedEvent[] => {
      const subscriptions = this.subscriptions();
      const recordedMs = Date.parse(recordedAt);
      return events.map((event) => {
        const eventId = randomUUID();
        const stream = `${DERIVED_STREAM_CATEGORY}-${event.data.customerId}`;
        const { lastInsertRowid } = insertEvent.run(
          eventId,
          stream,
          event.type,
          JSON.stringify(event.data),
          recordedAt,
        );
        const position = Number(lastInsertRowid);
        for (const subscription of subscriptions) {
          if (subscription.eventTypes.includes(event.type)) {
            insertDelivery.run(randomUUID(), subscription.id, position, recordedMs, recordedAt);
          }
        }
        return { position, eventId, stream, type: event.type, data: event.data, recordedAt };
      });
    });
    return run();
  }

  head(): number {
    const row = this.db.prepare('SELECT MAX(position) AS head FROM derived_events').get() as { head: number | null };
    return row.head ?? 0;
  }

  /** Events after `after` in position order. */
  read(after: number, limit: number): StoredDerivedEvent[] {
    const rows = this.db
      .prepare('SELECT * FROM derived_events WHERE position > ? ORDER BY position LIMIT ?')
      .all(after, limit) as EventRow[];
    return rows.map(toEvent);
  }

  /** Every event in order, in pages (the watcher folds them once at start). */
  *all(pageSize = 10_000): Generator<StoredDerivedEvent> {
    for (let after = 0; ; ) {
      const page = this.read(after, pageSize);
      if (page.length === 0) return;
      yield* page;
      after = page[page.length - 1].position;
    }
  }

  unpublished(limit: number): StoredDerivedEvent[] {
    const rows = this.db
      .prepare('SELECT * FROM derived_events WHERE published = 0 ORDER BY position LIMIT ?')
      .all(limit) as EventRow[];
    return rows.map(toEvent);
  }

  markPublished(positions: readonly number[]): void {
    const mark = this.db.prepare('UPDATE derived_events SET published = 1 WHERE position = ?');
    this.db.transaction(() => positions.forEach((p) => mark.run(p)))();
  }

  addSubscription(subscription: WebhookSubscription): void {
    this.db
      .prepare('INSERT INTO webhook_subscriptions (id, url, event_types, secret, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(
        subscription.id,
        subscription.url,
        JSON.stringify(subscription.eventTypes),
        subscription.secret,
        subscription.createdAt,
      );
  }

  subscriptions(): WebhookSubscription[] {
    const rows = this.db
      .prepare('SELECT * FROM webhook_subscriptions ORDER BY created_at, id')
      .all() as SubscriptionRow[];
    return rows.map(toSubscription);
  }

  /** Removes the subscription and its deliveries not yet made; its dead letters stay for the record. */
  removeSubscription(id: string): boolean {
    return this.db.transaction(() => {
      this.db.prepare("DELETE FROM webhook_deliveries WHERE subscription_id = ? AND status = 'pending'").run(id);
      return this.db.prepare('DELETE FROM webhook_subscriptions WHERE id = ?').run(id).changes > 0;
    })();
  }
}
