export * from './json-logger';
export * from './observability.module';
export * from './storage-metrics';
