// The tables of derived-events.sqlite and how their rows read back as the library's types:
// shared by the store and the webhook outbox, whose reads join the events and subscriptions.
import type { WebhookSubscription } from './api';
import type { DerivedEvent, DerivedEventType } from './membership-changes';

export interface StoredDerivedEvent {
  position: number;
  eventId: string;
  stream: string;
  type: DerivedEventType;
  data: DerivedEvent['data'];
  recordedAt: string;
}

export const SCHEMA = `
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

export interface EventRow {
  position: number;
  event_id: string;
  stream_id: string;
  type: DerivedEventType;
  data: string;
  recorded_at: string;
}
export interface SubscriptionRow {
  id: string;
  url: string;
  event_types: string;
  secret: string;
  created_at: string;
}

export const toEvent = (row: EventRow): StoredDerivedEvent => ({
  position: row.position,
  eventId: row.event_id,
  stream: row.stream_id,
  type: row.type,
  data: JSON.parse(row.data),
  recordedAt: row.recorded_at,
});
export const toSubscription = (row: SubscriptionRow): WebhookSubscription => ({
  id: row.id,
  url: row.url,
  eventTypes: JSON.parse(row.event_types),
  secret: row.secret,
  createdAt: row.created_at,
});
