export * from './queries.module';
export * from './query-params';
export * from './population.service';
export { CustomerValueFitScheduler, SCHEDULER_ACTOR } from './customer-value/fit-scheduler';
