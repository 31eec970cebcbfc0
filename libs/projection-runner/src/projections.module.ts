// Projection side: tails the event log into the read models and serves the admin endpoints.
import { Module } from '@nestjs/common';
import { AdminProjectionsController } from './admin-projections.controller';
import { ProjectionRunner } from './projection-runner';

@Module({
  controllers: [AdminProjectionsController],
  providers: [ProjectionRunner],
  exports: [ProjectionRunner],
})
export class ProjectionsModule {}
