export * from './queries.module';
export * from './query-params';
export * from './population.service';
