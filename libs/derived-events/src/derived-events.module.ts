// Segment and lifecycle events for other systems: evaluation, their own store, webhooks, Kafka.
import { Module } from '@nestjs/common';
import { QueriesModule } from '@ledger/queries';
import { DerivedEventsService } from './derived-events.service';
import { WebhooksController } from './webhooks.controller';

@Module({
  imports: [QueriesModule],
  controllers: [WebhooksController],
  providers: [DerivedEventsService],
})
export class DerivedEventsModule {}
