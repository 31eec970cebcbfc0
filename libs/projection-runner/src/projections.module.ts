// Projection side: keeps the read models up to date and serves the admin endpoints. Embedded:
// ProjectionRunner tails the event store; with KAFKA_BROKERS, KafkaProjectionRunner consumes Kafka.
import { Module } from '@nestjs/common';
import { AdminProjectionsController } from './admin-projections.controller';
import { KafkaProjectionRunner } from './kafka-projection-runner';
import { ProjectionMetrics } from './projection-metrics';
import { ProjectionRunner } from './projection-runner';

@Module({
  controllers: [AdminProjectionsController],
  providers: [ProjectionRunner, KafkaProjectionRunner, ProjectionMetrics],
  exports: [ProjectionRunner, KafkaProjectionRunner],
})
export class ProjectionsModule {}
