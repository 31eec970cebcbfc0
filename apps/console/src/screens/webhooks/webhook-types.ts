// Webhook subscriptions and dead letters as the API shows them (libs/derived-events).
import type { DERIVED_EVENT_TYPES } from '../../api/vocabulary';

export type DerivedEventType = (typeof DERIVED_EVENT_TYPES)[number];

export interface Subscription {
  id: string;
  url: string;
  eventTypes: DerivedEventType[];
  createdAt: string;
}

/** The answer to subscribing: the only time the signing secret is sent. */
export interface CreatedSubscription extends Subscription {
  secret: string;
}

export interface WebhooksAnswer {
  subscriptions: Subscription[];
  deliveries: Record<'pending' | 'delivered' | 'dead', number>;
}

export interface DeadLetter {
  deliveryId: string;
  subscriptionId: string;
  /** '' once the subscription was removed. */
  url: string;
  eventId: string;
  type: DerivedEventType;
  position: number;
  attempts: number;
  lastError: string | null;
  deadAt: string;
}
