// Distributed mode: derived events go to their own Kafka topic (never the customer-events topic
// the projections consume), keyed by customer id so one customer's changes stay in order.
// Published in position order and marked only after the broker acknowledged them: at-least-once.
import type { MessagePublisher } from '@ledger/messaging';
import type { DerivedEventStore } from './derived-event-store';

export class DerivedEventsPublisher {
  constructor(
    private readonly store: DerivedEventStore,
    private readonly messaging: MessagePublisher,
    readonly topic: string,
    private readonly batch = 500,
  ) {}

  /** Publishes what is not yet on the topic; returns how many went. */
  async publishPending(): Promise<number> {
    let sent = 0;
    for (;;) {
      const events = this.store.unpublished(this.batch);
      if (events.length === 0) return sent;
      await this.messaging.publish(
        events.map((event) => ({
          topic: this.topic,
          key: event.data.customerId,
          value: JSON.stringify(event),
          headers: { 'event-type': event.type, 'event-id': event.eventId, position: String(event.position) },
        })),
      );
      this.store.markPublished(events.map((event) => event.position));
      sent += events.length;
    }
  }
}
