export * from './projections.module';
export * from './projection-runner';
export * from './projection-worker';
export * from './projections.catalogue';
export * from './kafka-projection-runner';
