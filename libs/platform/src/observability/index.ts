export * from './json-logger';
export * from './observability.module';
export * from './request-observer';
export * from './storage-metrics';
