// The query side: the agent's customer 360, lifecycle, search and complaints queue, and the
// analysts' segments, campaigns and KPIs.
import { Module } from '@nestjs/common';
import { LiveReadModels, ReadModelGenerations } from '@ledger/projection-runner';
import { AnalyticsQueriesController } from './analytics-queries.controller';
import { ComplaintsQueueController } from './complaints/complaints-queue.controller';
import { ComplaintsQueueService } from './complaints/complaints-queue.service';
import { CustomerQueriesController } from './customer-queries.controller';
import { CustomerSignalsController } from './customer-signals.controller';
import { CustomerTimelineController } from './customer-timeline.controller';
import { CustomerValueController } from './customer-value/customer-value.controller';
import { CustomerValueService } from './customer-value/customer-value.service';
import { CustomerValueFitScheduler } from './customer-value/fit-scheduler';
import { DashboardQueriesController } from './dashboard-queries.controller';
import { DistributedProgress } from './distributed-progress';
import { DuplicatesController } from './duplicates.controller';
import { PopulationService } from './population.service';
import { ProductQueriesController } from './product-queries.controller';
import { ReadYourWrites } from './read-your-writes';
import { CustomerSearchController } from './search/customer-search.controller';
import { CustomerSearchService } from './search/customer-search.service';
import { UsersDirectoryController } from './users/users-directory.controller';

@Module({
  // Search before the customer 360, so `GET /customers/search` is not taken for a customer id.
  controllers: [
    AnalyticsQueriesController,
    DashboardQueriesController,
    CustomerSearchController,
    CustomerQueriesController,
    CustomerTimelineController,
    CustomerSignalsController,
    ComplaintsQueueController,
    CustomerValueController,
    UsersDirectoryController,
    ProductQueriesController,
    DuplicatesController,
  ],
  providers: [
    CustomerValueService,
    CustomerValueFitScheduler,
    PopulationService,
    CustomerSearchService,
    ComplaintsQueueService,
    ReadYourWrites,
    DistributedProgress,
    ReadModelGenerations,
    LiveReadModels,
  ],
  // The derived events (libs/derived-events) evaluate segments on the same kept population.
  exports: [PopulationService],
})
export class QueriesModule {}
