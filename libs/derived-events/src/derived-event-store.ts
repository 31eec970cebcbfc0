// The derived events' own SQLite file (`derived-events.sqlite` beside the event log): the
// segment-membership streams, the webhook subscriptions and the delivery outbox. Kept apart
// from the event store so a derived event never enters a customer's stream or moves the log's
// head, and so the customers' facts stay the only thing the log holds. An appended event and
// its deliveries are written in one transaction: nothing published is ever without its outbox.
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import type { DeadLetter, WebhookSubscription } from './api';
import { DERIVED_STREAM_CATEGORY, type DerivedEvent, type DerivedEventType } from './membership-changes';

export type { DeadLetter, WebhookSubscription } from './api';

export interface StoredDerivedEvent {
  position: number;
  eventId: string;
  stream: string;
  type: DerivedEventType;
  data: DerivedEvent['data'];
  recordedAt: string;
}

export interface DueDelivery {
  deliveryId: string;
  attempts: number;
  subscription: WebhookSubscription;
  event: StoredDerivedEvent;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS derived_events (
    position    INTEGER PRIMARY KEY,
    event_id    TEXT NOT NULL UNIQUE,
    stream_id   TEXT NOT NULL,
    type        TEXT NOT NULL,
    data        TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    -- 1 once the distributed mode's Kafka topic acknowledged it (always 0 when embedded).
    published   INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX IF NOT EXISTS derived_events_unpublished ON derived_events(published, position);
  CREATE TABLE IF NOT EXISTS webhook_subscriptions (
    id          TEXT PRIMARY KEY,
    url         TEXT NOT NULL,
    event_types TEXT NOT NULL,
    secret      TEXT NOT NULL,
    created_at  TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS webhook_deliveries (
    delivery_id     TEXT PRIMARY KEY,
    subscription_id TEXT NOT NULL,
    position        INTEGER NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'dead')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_error      TEXT,
    updated_at      TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS webhook_deliveries_due ON webhook_deliveries(status, next_attempt_at);
`;

interface EventRow {
  position: number;
  event_id: string;
  stream_id: string;
  type: DerivedEventType;
  data: string;
  recorded_at: string;
}
interface SubscriptionRow {
  id: string;
  url: string;
  event_types: string;
  secret: string;
  created_at: string;
}

const toEvent = (row: EventRow): StoredDerivedEvent => ({
  position: row.position,
  eventId: row.event_id,
  stream: row.stream_id,
  type: row.type,
  data: JSON.parse(row.data),
  recordedAt: row.recorded_at,
});
const toSubscription = (row: SubscriptionRow): WebhookSubscription => ({
  id: row.id,
  url: row.url,
  eventTypes: JSON.parse(row.event_types),
  secret: row.secret,
  createdAt: row.created_at,
});

export class DerivedEventStore {
  private constructor(private readonly db: Database.Database) {}

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
