export * from './queries.module';
export * from './query-params';
