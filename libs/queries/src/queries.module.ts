// The query side: the agent's customer 360 and lifecycle, and the analysts' segments, campaigns and KPIs.
import { Module } from '@nestjs/common';
import { LiveReadModels, ReadModelGenerations } from '@ledger/projection-runner';
import { AnalyticsQueriesController } from './analytics-queries.controller';
import { CustomerQueriesController } from './customer-queries.controller';
import { CustomerSignalsController } from './customer-signals.controller';
import { CustomerTimelineController } from './customer-timeline.controller';
import { DashboardQueriesController } from './dashboard-queries.controller';
import { DistributedProgress } from './distributed-progress';
import { PopulationService } from './population.service';
import { ReadYourWrites } from './read-your-writes';

@Module({
  controllers: [
    AnalyticsQueriesController,
    DashboardQueriesController,
    CustomerQueriesController,
    CustomerTimelineController,
    CustomerSignalsController,
  ],
  providers: [PopulationService, ReadYourWrites, DistributedProgress, ReadModelGenerations, LiveReadModels],
})
export class QueriesModule {}
