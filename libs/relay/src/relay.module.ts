// The relay feature: event store → Kafka (distributed mode only).
import { Module } from '@nestjs/common';
import { Relay } from './relay';
import { RelayController } from './relay.controller';

@Module({
  controllers: [RelayController],
  providers: [Relay],
  exports: [Relay],
})
export class RelayModule {}
