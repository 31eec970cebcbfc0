export * from './json-logger';
export * from './metrics';
export * from './observability.module';
export * from './request-observer';
export * from './storage-metrics';
