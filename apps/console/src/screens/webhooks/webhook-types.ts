// Webhook subscriptions and dead letters as the API shows them: the server's own types
// (libs/derived-events api), imported type-only.
import type { WebhookSubscription } from '@ledger/derived-events/api';

export type {
  DeadLetter,
  DerivedEventType,
  ListedSubscription as Subscription,
  WebhooksAnswer,
} from '@ledger/derived-events/api';

/** The answer to subscribing: the only time the signing secret is sent. */
export type CreatedSubscription = WebhookSubscription;
