// The shapes of the webhook endpoints' answers (GET/POST /admin/webhooks, dead letters). Types
// only, free of NestJS and storage, so the console imports them (`@ledger/derived-events/api`,
// erased from its bundle) instead of copying them.
import type { DerivedEventType } from './membership-changes';

export type { DerivedEventType } from './membership-changes';

/** A webhook subscription as stored; `secret` signs every delivery. */
export interface WebhookSubscription {
  id: string;
  url: string;
  eventTypes: DerivedEventType[];
  secret: string;
  createdAt: string;
}

/** A subscription as GET /admin/webhooks lists it: the secret is only ever sent when created. */
export type ListedSubscription = Omit<WebhookSubscription, 'secret'>;

/** GET /admin/webhooks. */
export interface WebhooksAnswer {
  subscriptions: ListedSubscription[];
  deliveries: Record<'pending' | 'delivered' | 'dead', number>;
}

/** A delivery that failed every attempt. */
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

/** GET /admin/webhooks/dead-letters. */
export interface DeadLettersAnswer {
  deadLetters: DeadLetter[];
}
