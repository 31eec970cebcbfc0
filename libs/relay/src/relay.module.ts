// The relay feature: event store → Kafka (distributed mode only).
import { Module } from '@nestjs/common';
import { Relay } from './relay';
import { RelayController } from './relay.controller';
import { RelayMetrics } from './relay-metrics';

@Module({
  controllers: [RelayController],
  providers: [Relay, RelayMetrics],
  exports: [Relay],
})
export class RelayModule {}
